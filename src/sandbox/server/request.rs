//! Reading a REST request's parameters off the wire: the body classified the way PHP reads it,
//! then merged with the query string by `params`.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{Method, header};
use serde_json::Value;

use crate::sandbox::params::{self, Body};

/// Bodies up to this size are read: base64 `fileContent` and form uploads carry whole files.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// The request's parameters as PHP would see them (§1.4). A body that cannot be read (too large,
/// broken multipart) counts as empty, as PHP drops a POST it cannot take.
pub async fn read_params(request: Request) -> Value {
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().map(str::to_owned);
    let is_post = parts.method == Method::POST;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let is_multipart = content_type.as_deref().is_some_and(|value| {
        value
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
    });
    if is_post && is_multipart {
        let fields = multipart_fields(Request::from_parts(parts, body)).await;
        return params::from_request(query.as_deref(), Body::Multipart(fields));
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "request body dropped");
            Default::default()
        }
    };
    params::from_request(
        query.as_deref(),
        Body::classify(is_post, content_type.as_deref(), &bytes),
    )
}

/// The text fields of a multipart body; file parts are not parameters.
async fn multipart_fields(request: Request) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let Ok(mut multipart) = Multipart::from_request(request, &()).await else {
        return fields;
    };
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.file_name().is_none() => {
                let name = field.name().unwrap_or_default().to_owned();
                match field.text().await {
                    Ok(text) => fields.push((name, text)),
                    Err(error) => {
                        tracing::warn!(%error, "multipart field dropped");
                        break;
                    }
                }
            }
            Ok(Some(_file)) => {}
            Ok(None) => break,
            Err(error) => {
                tracing::warn!(%error, "multipart body cut short");
                break;
            }
        }
    }
    fields
}
