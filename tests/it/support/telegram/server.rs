//! The HTTP face: `/bot<token>/<method>` (method names case-insensitive, as on Telegram) and
//! `/file/bot<token>/<path>` downloads, with Telegram's 401 and 404 answers.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use serde_json::json;

use super::error::{ApiError, ApiResult};
use super::params::Params;
use super::state::Shared;
use super::{commands, files, messages, queries, updates};

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{bot}/{method}", any(call))
        .route("/file/{bot}/{*path}", get(download))
        .fallback(|| async { ApiError::not_found() })
        .with_state(shared)
}

fn authorised(shared: &Shared, bot: &str) -> bool {
    bot.strip_prefix("bot") == Some(shared.lock().token.as_str())
}

async fn call(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    if !bot.starts_with("bot") {
        return ApiError::not_found().into_response();
    }
    if !authorised(&shared, &bot) {
        return ApiError::unauthorized().into_response();
    }
    let result = match Params::from_request(request).await {
        Ok(params) => dispatch(&shared, &method.to_ascii_lowercase(), &params).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(result) => axum::Json(json!({"ok": true, "result": result})).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn dispatch(shared: &Shared, method: &str, params: &Params) -> ApiResult {
    let handler: fn(&Shared, &Params) -> ApiResult = match method {
        "getupdates" => return updates::get_updates(shared, params).await,
        "getme" => |shared, _| Ok(shared.lock().bot.clone()),
        "setwebhook" => updates::set_webhook,
        "deletewebhook" => updates::delete_webhook,
        "getwebhookinfo" => updates::get_webhook_info,
        "sendmessage" => messages::send_message,
        "editmessagetext" => messages::edit_message_text,
        "editmessagereplymarkup" => messages::edit_message_reply_markup,
        "deletemessage" => messages::delete_message,
        "sendchataction" => messages::send_chat_action,
        "answercallbackquery" => queries::answer_callback_query,
        "answerinlinequery" => queries::answer_inline_query,
        "setmycommands" => commands::set_my_commands,
        "getmycommands" => commands::get_my_commands,
        "deletemycommands" => commands::delete_my_commands,
        "senddocument" => files::send_document,
        "sendphoto" => files::send_photo,
        "getfile" => files::get_file,
        _ => return Err(ApiError::not_found()),
    };
    handler(shared, params)
}

async fn download(
    State(shared): State<Arc<Shared>>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    if !authorised(&shared, &bot) {
        return ApiError::unauthorized().into_response();
    }
    match files::download(&shared, &path) {
        Some(bytes) => bytes.into_response(),
        None => ApiError::not_found().into_response(),
    }
}
