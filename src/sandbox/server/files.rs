//! Drive file bytes over HTTP: `DOWNLOAD_URL` (`GET /rest/download.json?token=…`) and the
//! `uploadUrl` of `disk.folder.uploadfile` (`POST /rest/upload.json?token=…`, multipart). The
//! methods own the files; these handlers only carry bytes in and out.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{FromRequest, Multipart, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::Portal;
use super::envelope::{self, Timing};
use crate::sandbox::error::ApiError;
use crate::sandbox::methods::Output;
use crate::sandbox::params;

/// `DOWNLOAD_URL` of a Drive file: its bytes, as an attachment.
pub async fn download(State(portal): State<Arc<Portal>>, RawQuery(query): RawQuery) -> Response {
    if let Err(error) = portal.limits.admit_request() {
        return envelope::failure(&error);
    }
    let token = query_parameter(query.as_deref(), "token");
    let Some((name, bytes)) = portal.data().download(&token) else {
        return envelope::failure(&ApiError::new(404, "ERROR_NOT_FOUND", "File not found"));
    };
    let disposition = content_disposition(&name);
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The `uploadUrl` of `disk.folder.uploadfile` without `fileContent`: a multipart POST whose file
/// part becomes the new Drive file.
pub async fn upload(
    State(portal): State<Arc<Portal>>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let received = portal.clock.now();
    if let Err(error) = portal.limits.admit_request() {
        return envelope::failure(&error);
    }
    let token = query_parameter(query.as_deref(), "token");
    let Some((name, bytes)) = uploaded_file(request).await else {
        return envelope::failure(&ApiError::bad_request(
            "ERROR_ARGUMENT",
            "The request has no file part",
        ));
    };
    let started = Instant::now();
    let mut data = portal.data();
    let uploaded = data.upload(&token, &name, bytes, received, &portal.base_url);
    portal.persist(&data);
    drop(data);
    match uploaded {
        Ok(file) => {
            let time = Timing {
                start: received,
                finish: portal.clock.now(),
                processing: started.elapsed(),
                operating: None,
            };
            let output = Output {
                result: file,
                total: None,
                next: None,
            };
            envelope::success(output, time.to_json(&portal.zone()))
        }
        Err(error) => envelope::failure(&error),
    }
}

/// `attachment` with the name twice: an ASCII `filename` for old clients and the exact UTF-8
/// `filename*` of RFC 6266 for the rest.
fn content_disposition(name: &str) -> String {
    const ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'!')
        .remove(b'#')
        .remove(b'$')
        .remove(b'&')
        .remove(b'+')
        .remove(b'-')
        .remove(b'.')
        .remove(b'^')
        .remove(b'_')
        .remove(b'`')
        .remove(b'|')
        .remove(b'~');
    let ascii: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encoding::utf8_percent_encode(name, ATTR_CHAR)
    )
}

fn query_parameter(query: Option<&str>, name: &str) -> String {
    params::parse_str(query.unwrap_or_default())
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The first file part of a multipart body: its file name and bytes.
async fn uploaded_file(request: Request) -> Option<(String, Vec<u8>)> {
    let mut multipart = Multipart::from_request(request, &()).await.ok()?;
    while let Some(field) = multipart.next_field().await.ok()? {
        if let Some(name) = field.file_name().map(str::to_owned) {
            let bytes = field.bytes().await.ok()?;
            return Some((name, bytes.to_vec()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_names_the_file_for_old_and_new_clients() {
        assert_eq!(
            content_disposition("Отчёт \"Q1\".pdf"),
            "attachment; filename=\"_____ _Q1_.pdf\"; \
             filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%22Q1%22.pdf"
        );
        assert_eq!(
            content_disposition("plan-2026_v1.txt"),
            "attachment; filename=\"plan-2026_v1.txt\"; filename*=UTF-8''plan-2026_v1.txt"
        );
    }
}
