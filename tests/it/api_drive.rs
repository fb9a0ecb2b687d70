//! Typed Drive calls against the sandbox: browsing, and a file's round trip up and down.

use b24bot::b24::Kind;
use b24bot::b24::drive::MAX_FILE_BYTES;
use b24bot::b24::model::{DriveFile, DriveItem};

use crate::api_portal::Portal;

#[tokio::test]
async fn bytes_uploaded_come_back_the_same() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let storages = client.storages().await.unwrap();
    assert_eq!(portal.requests().await, 1);
    let mine = storages
        .iter()
        .find(|storage| storage.entity_type == "user" && storage.entity_id == Some(1))
        .expect("Alex's own drive");

    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let uploaded = client
        .upload(mine.root_object_id, "отчёт & план.bin", &bytes)
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(uploaded.name, "отчёт & план.bin");
    assert_eq!(uploaded.size, Some(bytes.len() as u64));

    let listed = client.folder_items(mine.root_object_id, 0).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert!(
        listed
            .items
            .iter()
            .any(|item| matches!(item, DriveItem::File(f) if f.id == uploaded.id))
    );

    let file = client.drive_file(uploaded.id).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert!(file.download_url.is_some());
    let downloaded = client.download(&file).await.unwrap();
    assert_eq!(downloaded, bytes);

    let again = client
        .upload(mine.root_object_id, "отчёт & план.bin", b"second")
        .await
        .unwrap();
    assert_ne!(again.name, uploaded.name, "a taken name gets a number");
    assert_eq!(client.download(&again).await.unwrap(), b"second");
}

#[tokio::test]
async fn folders_are_browsed_down_from_a_storage() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let storages = client.storages().await.unwrap();
    let mut folder = None;
    for storage in &storages {
        let page = client
            .folder_items(storage.root_object_id, 0)
            .await
            .unwrap();
        folder = page.items.into_iter().find_map(|item| match item {
            DriveItem::Folder(folder) => Some(folder),
            DriveItem::File(_) => None,
        });
        if folder.is_some() {
            break;
        }
    }
    let folder = folder.expect("a seeded folder");
    portal.requests().await;
    let inside = client.folder_items(folder.id, 0).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    for item in &inside.items {
        let parent = match item {
            DriveItem::Folder(f) => f.parent_id,
            DriveItem::File(f) => f.parent_id,
        };
        assert_eq!(parent, Some(folder.id), "{}", item.name());
    }
    let missing = client.folder_items(999_999, 0).await.unwrap_err();
    assert_eq!(missing.kind(), Kind::NotFound);
    let missing = client.drive_file(999_999).await.unwrap_err();
    assert_eq!(missing.kind(), Kind::NotFound);
}

#[tokio::test]
async fn files_over_the_limit_are_refused_before_any_request() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let root = client.storages().await.unwrap()[0].root_object_id;
    portal.requests().await;

    let too_big = vec![0u8; MAX_FILE_BYTES as usize + 1];
    let refused = client.upload(root, "big.bin", &too_big).await.unwrap_err();
    assert_eq!(refused.kind(), Kind::InvalidInput);

    let huge: DriveFile = serde_json::from_value(serde_json::json!({
        "ID": "1", "NAME": "huge.iso", "SIZE": (MAX_FILE_BYTES + 1).to_string(),
        "DOWNLOAD_URL": format!("{}/rest/download.json?token=none", portal.sandbox.base_url()),
    }))
    .unwrap();
    let refused = client.download(&huge).await.unwrap_err();
    assert_eq!(refused.kind(), Kind::InvalidInput);
    assert_eq!(portal.requests().await, 0);

    let gone = DriveFile {
        size: Some(3),
        ..huge
    };
    assert_eq!(
        client.download(&gone).await.unwrap_err().kind(),
        Kind::NotFound
    );
}

/// Everything an error says: its message, its `Debug` form and every cause.
fn everything_said(error: &b24bot::b24::Error) -> String {
    let mut said = format!("{error} {error:?}");
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        said.push_str(&format!(" {inner} {inner:?}"));
        cause = inner.source();
    }
    said
}

#[tokio::test]
async fn a_failed_download_never_shows_its_token() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let token = "disk|s3cr3tt0ken";
    // The part a URL keeps as it is, whether `|` is encoded or not.
    crate::support::logwatch::watch("s3cr3tt0ken");
    for (url, kind) in [
        // Nothing listens on port 1: the connection is refused.
        (
            format!("http://127.0.0.1:1/rest/download.json?token={token}"),
            Kind::Network,
        ),
        (
            format!(
                "{}/rest/download.json?token={token}",
                portal.sandbox.base_url()
            ),
            Kind::NotFound,
        ),
    ] {
        let file: DriveFile = serde_json::from_value(
            serde_json::json!({ "ID": 1, "NAME": "a.txt", "DOWNLOAD_URL": url }),
        )
        .unwrap();
        let error = client.download(&file).await.unwrap_err();
        assert_eq!(error.kind(), kind, "{error}");
        let said = everything_said(&error);
        assert!(!said.contains("s3cr3tt0ken"), "{said}");
    }
}
