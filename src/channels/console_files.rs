//! Files in the console: `/upload <path>` hands a file of this computer to the bot as if it had
//! been sent in a chat, and a file the bot sends is written to the downloads folder
//! (`b24bot-downloads` in the system's temporary directory), its path printed, so the demo shows
//! both directions of Drive.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::b24::drive::MAX_FILE_BYTES;
use crate::bot::{Content, ReceivedFile};
use crate::i18n::Tr;
use crate::reply::Attachment;
use crate::tr;

const COMMAND: &str = "/upload";

/// What a typed line means for files: a file to hand over, a line to print instead (the usage,
/// or why the file cannot be read), or nothing (`Other`: a message for the bot).
pub enum Upload {
    Other,
    Send(Content),
    Refused(String),
}

/// Reads `/upload <path>`: the file as [`Content::File`], or [`Content::FileTooLarge`] without
/// reading it when it is over the size the bot moves.
pub async fn upload(tr: Tr, line: &str) -> Upload {
    let Some(rest) = line.trim().strip_prefix(COMMAND) else {
        return Upload::Other;
    };
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return Upload::Other;
    }
    let typed = rest.trim();
    if typed.is_empty() {
        return Upload::Refused(tr.t("console-upload-usage", &[]));
    }
    let path = expand_home(typed);
    let refused = |error: io::Error| {
        Upload::Refused(tr!(
            tr,
            "console-upload-unreadable",
            path = typed,
            reason = error.to_string()
        ))
    };
    let metadata = match tokio::fs::metadata(&path).await {
        Ok(metadata) if metadata.is_file() => metadata,
        Ok(_) => return refused(io::Error::other("not a file")),
        Err(error) => return refused(error),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| typed.to_owned());
    if metadata.len() > MAX_FILE_BYTES {
        return Upload::Send(Content::FileTooLarge {
            name,
            size: metadata.len(),
        });
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => Upload::Send(Content::File(ReceivedFile { name, bytes })),
        Err(error) => refused(error),
    }
}

/// `~/x` as the home directory's `x`, as a shell would.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// The folder files the bot sends are written to.
pub fn downloads() -> PathBuf {
    std::env::temp_dir().join("b24bot-downloads")
}

/// Writes an attachment into `folder` under its own name (a taken name gets a number, a path
/// in the name is dropped) and says where it went.
pub fn save(tr: Tr, folder: &Path, attachment: &Attachment) -> String {
    match write_new(folder, attachment) {
        Ok(path) => tr!(
            tr,
            "console-download-saved",
            name = attachment.name.as_str(),
            path = path.display().to_string()
        ),
        Err(error) => tr!(
            tr,
            "console-download-failed",
            name = attachment.name.as_str(),
            reason = error.to_string()
        ),
    }
}

fn write_new(folder: &Path, attachment: &Attachment) -> io::Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let name = Path::new(&attachment.name)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "file".to_owned());
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem.to_owned(), format!(".{extension}")),
        _ => (name.clone(), String::new()),
    };
    for number in 0u32.. {
        let candidate = match number {
            0 => folder.join(&name),
            n => folder.join(format!("{stem} ({n}){extension}")),
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut file) => {
                file.write_all(&attachment.bytes)?;
                return Ok(candidate);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("no free name"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Lang;

    #[tokio::test]
    async fn a_file_goes_up_and_comes_back_under_a_free_name() {
        let tr = Tr::new(Lang::En);
        let folder = std::env::temp_dir().join(format!("b24bot-console-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let source = folder.join("note.txt");
        std::fs::write(&source, b"hello").unwrap();
        let Upload::Send(Content::File(file)) =
            upload(tr, &format!("/upload {}", source.display())).await
        else {
            panic!("the file is read");
        };
        assert_eq!(
            (file.name.as_str(), file.bytes.as_slice()),
            ("note.txt", &b"hello"[..])
        );
        assert!(matches!(upload(tr, "/uploads x").await, Upload::Other));
        assert!(matches!(upload(tr, "/upload").await, Upload::Refused(_)));
        assert!(matches!(
            upload(tr, "/upload /no/such/file").await,
            Upload::Refused(text) if text.starts_with("I can't read /no/such/file")
        ));
        let attachment = Attachment {
            name: "../note.txt".into(),
            bytes: b"again".to_vec(),
        };
        let line = save(tr, &folder, &attachment);
        assert!(line.contains("note (1).txt"), "{line}");
        assert_eq!(
            std::fs::read(folder.join("note (1).txt")).unwrap(),
            b"again"
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
