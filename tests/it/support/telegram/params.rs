//! Method parameters, wherever the client put them: the query string, an urlencoded form, a JSON
//! body or a multipart form with files. Telegram reads every value as text and parses JSON-typed
//! fields (`reply_markup`, `results`, `commands`) from strings, so both spellings work here too.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use super::error::ApiError;

/// A file part of a multipart request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

#[derive(Debug, Default)]
pub struct Params {
    values: Map<String, Value>,
    files: HashMap<String, Upload>,
}

impl Params {
    pub async fn from_request(request: Request) -> Result<Self, ApiError> {
        let mut params = Self::default();
        if let Some(query) = request.uri().query() {
            params.add_form(query.as_bytes());
        }
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(request, &())
                .await
                .map_err(|_| ApiError::bad_request("invalid multipart form"))?;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|_| ApiError::bad_request("invalid multipart form"))?
            {
                let name = field.name().unwrap_or_default().to_owned();
                let file_name = field.file_name().map(str::to_owned);
                let part_type = field.content_type().map(str::to_owned);
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| ApiError::bad_request("invalid multipart form"))?;
                match (&file_name, std::str::from_utf8(&bytes)) {
                    (None, Ok(text)) => {
                        params.values.insert(name, Value::String(text.to_owned()));
                    }
                    _ => {
                        let upload = Upload {
                            file_name,
                            content_type: part_type,
                            bytes,
                        };
                        params.files.insert(name, upload);
                    }
                }
            }
            return Ok(params);
        }
        let body = axum::body::to_bytes(request.into_body(), 64 << 20)
            .await
            .map_err(|_| ApiError::bad_request("request body is too big"))?;
        if content_type.starts_with("application/json") {
            if !body.is_empty() {
                let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&body) else {
                    return Err(ApiError::bad_request("can't parse JSON object"));
                };
                params.values.extend(object);
            }
        } else {
            params.add_form(&body);
        }
        Ok(params)
    }

    fn add_form(&mut self, form: &[u8]) {
        for (key, value) in url::form_urlencoded::parse(form) {
            self.values
                .insert(key.into_owned(), Value::String(value.into_owned()));
        }
    }

    /// A value as text, as Telegram reads it whatever its JSON type.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.text(key) {
            None => Ok(None),
            Some(text) if text.is_empty() => Ok(None),
            Some(text) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("invalid {key} specified"))),
        }
    }

    pub fn flag(&self, key: &str) -> bool {
        matches!(self.text(key).as_deref(), Some("true" | "1" | "True"))
    }

    /// A JSON-typed parameter, sent either as JSON or as a string holding JSON.
    pub fn json(&self, key: &str) -> Result<Option<Value>, ApiError> {
        match self.values.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => serde_json::from_str(text)
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("can't parse {key} JSON object"))),
            Some(other) => Ok(Some(other.clone())),
        }
    }

    /// A file given as a part named `key`, or as `attach://<part>` the way teloxide sends it.
    pub fn upload(&self, key: &str) -> Option<&Upload> {
        if let Some(upload) = self.files.get(key) {
            return Some(upload);
        }
        let reference = self.text(key)?;
        self.files.get(reference.strip_prefix("attach://")?)
    }
}
