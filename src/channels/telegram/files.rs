//! Files both ways. A document or photo in a private chat is fetched (`getFile`, then a GET of
//! `<api>/file/bot<token>/<path>`) and handed to the core as [`Content::File`]; a reply's
//! attachment goes out with `sendDocument` (multipart). Telegram lets bots download files of
//! up to 20 MB, the limit the bot keeps anyway, so a larger file is refused before anything is
//! fetched, and a download is cut off if it grows past it.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use teloxide::adaptors::Throttle;
use teloxide::net::Download;
use teloxide::requests::Requester;
use teloxide::types::{ChatId, FileId, InputFile, Message};
use tokio::io::AsyncWrite;

use crate::b24::drive::MAX_FILE_BYTES;
use crate::bot::{Content, ReceivedFile};
use crate::reply::Attachment;

use super::redact::Redactor;

/// A file a message carries, before it is fetched.
pub struct Offered {
    id: FileId,
    name: String,
    size: u64,
}

/// The document, or the largest size of the photo, a message carries.
pub fn offered(message: &Message) -> Option<Offered> {
    if let Some(document) = message.document() {
        return Some(Offered {
            id: document.file.id.clone(),
            name: document
                .file_name
                .clone()
                .unwrap_or_else(|| "document".to_owned()),
            size: u64::from(document.file.size),
        });
    }
    let largest = message
        .photo()?
        .iter()
        .max_by_key(|size| u64::from(size.width) * u64::from(size.height))?;
    // A photo has no name; the moment it was sent tells photos apart in a folder.
    let sent = jiff::Timestamp::from_second(message.date.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Some(Offered {
        id: largest.file.id.clone(),
        name: sent.strftime("photo_%Y-%m-%d_%H-%M-%S.jpg").to_string(),
        size: u64::from(largest.file.size),
    })
}

/// The offered file's bytes as the core's content: [`Content::FileTooLarge`] past the limit,
/// [`Content::FileUnavailable`] when Telegram does not hand it over.
pub async fn fetch(api: &Throttle<teloxide::Bot>, redactor: &Redactor, file: Offered) -> Content {
    if file.size > MAX_FILE_BYTES {
        return Content::FileTooLarge {
            name: file.name,
            size: file.size,
        };
    }
    match download(api, &file).await {
        Ok(Some(bytes)) => Content::File(ReceivedFile {
            name: file.name,
            bytes,
        }),
        Ok(None) => Content::FileTooLarge {
            name: file.name,
            size: file.size.max(MAX_FILE_BYTES + 1),
        },
        Err(error) => {
            tracing::warn!(error = %redactor.text(&error), "a file could not be fetched from Telegram");
            Content::FileUnavailable { name: file.name }
        }
    }
}

/// The bytes, or `None` when they grow past the limit.
async fn download(
    api: &Throttle<teloxide::Bot>,
    file: &Offered,
) -> Result<Option<Vec<u8>>, teloxide::RequestError> {
    let path = api.get_file(file.id.clone()).await?.path;
    let mut bounded = Bounded::default();
    match api.download_file(&path, &mut bounded).await {
        Ok(()) => Ok(Some(bounded.bytes)),
        Err(_) if bounded.overflowed => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Collects a download in memory and refuses to grow past [`MAX_FILE_BYTES`].
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl AsyncWrite for Bounded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if (self.bytes.len() + buf.len()) as u64 > MAX_FILE_BYTES {
            self.overflowed = true;
            return Poll::Ready(Err(io::Error::other("the file is over the size limit")));
        }
        self.bytes.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Sends an attachment as a document.
pub async fn send(
    api: &Throttle<teloxide::Bot>,
    chat: ChatId,
    attachment: &Attachment,
) -> Result<(), teloxide::RequestError> {
    let document = InputFile::memory(attachment.bytes.clone()).file_name(attachment.name.clone());
    api.send_document(chat, document).await?;
    Ok(())
}
