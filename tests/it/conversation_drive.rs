//! Drive in the conversation against the demo portal: browsing with buttons, a file's card, a
//! file sent into the chat, and a file received in the chat saved to a picked folder — once,
//! however often "Save here" is pressed, and across a restart. A user sees their own drive and
//! the company's, never a colleague's, whatever a crafted button says. Each step's REST
//! requests are pinned.

use b24bot::b24::Client;
use b24bot::b24::drive::MAX_FILE_BYTES;
use b24bot::b24::model::{DriveItem, Storage};
use b24bot::bot::{Content, ReceivedFile};
use b24bot::reply::Attachment;
use b24bot::sandbox::server::Sandbox;
use serde_json::json;

use crate::support::chat::{Chat, portal, requests, sandbox_at_start, start};

/// A chat as `employee` whose first message is behind it: the first one also reads the
/// employee's time zone, which is no part of what a command costs.
async fn warm_chat(sandbox: &Sandbox, employee: u64) -> Chat {
    let mut chat = Chat::new(sandbox, employee).await;
    chat.say("/help").await;
    requests(sandbox).await;
    chat
}

/// The REST requests since the last look: the sandbox's log, one entry per HTTP request.
async fn count(sandbox: &Sandbox) -> usize {
    requests(sandbox).await.len()
}

/// The attachment of the latest replies, shown in a transcript by its name and size.
fn attachment(chat: &Chat) -> Option<Attachment> {
    chat.last.iter().find_map(|reply| reply.attachment.clone())
}

fn attached(chat: &Chat) -> String {
    attachment(chat).map_or_else(String::new, |file| {
        format!("[file {}, {} bytes]\n", file.name, file.bytes.len())
    })
}

/// The personal drive of an employee, as the administrator's webhook sees it.
async fn drive_of(client: &Client, employee: u64) -> Storage {
    let storages: Vec<Storage> = client
        .call_as(
            "disk.storage.getlist",
            &json!({"filter": {"ENTITY_TYPE": "user", "ENTITY_ID": employee.to_string()}}),
        )
        .await
        .unwrap();
    storages.into_iter().next().expect("the employee's drive")
}

async fn files_in(client: &Client, folder: u64) -> Vec<(u64, String)> {
    client
        .folder_items(folder, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|item| match item {
            DriveItem::File(file) => Some((file.id, file.name)),
            DriveItem::Folder(_) => None,
        })
        .collect()
}

fn file(name: &str, bytes: &[u8]) -> Content {
    Content::File(ReceivedFile {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    })
}

/// Presses a button, pins its REST requests, and adds the exchange to the transcript.
async fn press(chat: &mut Chat, sandbox: &Sandbox, number: usize, cost: usize) -> String {
    let line = chat.exchange_press(number).await;
    assert_eq!(count(sandbox).await, cost, "pressing [{number}]");
    format!("{line}{}", attached(chat))
}

async fn say(chat: &mut Chat, sandbox: &Sandbox, text: &str, cost: usize) -> String {
    let line = chat.exchange(text).await;
    assert_eq!(count(sandbox).await, cost, "{text}");
    line
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_browsing_the_drive() {
    let sandbox = sandbox_at_start().await;
    let mut chat = warm_chat(&sandbox, 3).await;
    let mut transcript = String::new();
    // The drives: one batch of two filtered storage lists.
    transcript.push_str(&say(&mut chat, &sandbox, "/files", 1).await);
    // A storage, a folder, a file's card: one batch each.
    transcript.push_str(&press(&mut chat, &sandbox, 2, 1).await);
    transcript.push_str(&press(&mut chat, &sandbox, 2, 1).await);
    transcript.push_str(&press(&mut chat, &sandbox, 1, 1).await);
    // Send to chat: one batch; the download is a plain GET, no REST request.
    transcript.push_str(&press(&mut chat, &sandbox, 1, 1).await);
    let sent = attachment(&chat).expect("the file comes into the chat");
    assert_eq!(
        sent.bytes,
        b"# Company overview\n\nWe build CRM integrations.\n"
    );
    // By name: the drives with their top folders in one batch, then the folder opened.
    transcript.push_str(&say(&mut chat, &sandbox, "/files presentations", 2).await);
    transcript.push_str(&say(&mut chat, &sandbox, "/files Budget", 1).await);
    transcript.push_str(&say(&mut chat, &sandbox, "/help files", 0).await);
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_browsing_the_drive() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 2).await;
    let mut transcript = String::new();
    for line in ["/lang ru", "/files", "/files договоры"] {
        transcript.push_str(&chat.exchange(line).await);
    }
    transcript.push_str(&chat.exchange_press(1).await);
    transcript.push_str(&chat.exchange_press(1).await);
    transcript.push_str(&attached(&chat));
    transcript.push_str(&chat.exchange("/help файлы").await);
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_goes_up_through_the_chat_and_comes_back_the_same() {
    let sandbox = sandbox_at_start().await;
    let client = portal(&sandbox);
    let mine = drive_of(&client, 3).await;
    let mut chat = warm_chat(&sandbox, 3).await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let mut transcript = String::from("> [file plan <2026>.bin]\n");
    // Kept in the database, then the drives offered: one batch.
    transcript.push_str(&chat.send(file("plan <2026>.bin", &bytes)).await);
    transcript.push('\n');
    assert_eq!(count(&sandbox).await, 1);
    // A drive's folders: one batch; Save here: a batch to check the folder, then the upload.
    transcript.push_str(&press(&mut chat, &sandbox, 1, 1).await);
    let save = chat.button(1);
    transcript.push_str(&press(&mut chat, &sandbox, 1, 2).await);
    let saved = files_in(&client, mine.root_object_id).await;
    requests(&sandbox).await;
    assert_eq!(saved.len(), 1, "{saved:?}");
    // Pressed again: the claim answers, nothing is sent to the portal, no second file.
    transcript.push_str("> [Save here, again]\n");
    transcript.push_str(&chat.send(Content::Button(save)).await);
    transcript.push('\n');
    assert_eq!(count(&sandbox).await, 0);
    assert_eq!(files_in(&client, mine.root_object_id).await, saved);
    requests(&sandbox).await;
    // Found in the listing and sent back, byte for byte.
    transcript.push_str(&say(&mut chat, &sandbox, "/files", 1).await);
    transcript.push_str(&press(&mut chat, &sandbox, 1, 1).await);
    transcript.push_str(&press(&mut chat, &sandbox, 1, 1).await);
    transcript.push_str(&press(&mut chat, &sandbox, 1, 1).await);
    assert_eq!(attachment(&chat).expect("the file").bytes, bytes);
    insta::assert_snapshot!(transcript);
    let audit = chat.store.recent_audit(5).await.unwrap();
    let uploads = audit
        .iter()
        .filter(|entry| entry.entry.method == "disk.folder.uploadfile")
        .count();
    assert_eq!(uploads, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_waits_for_its_folder_across_a_restart_for_a_day() {
    let sandbox = sandbox_at_start().await;
    let client = portal(&sandbox);
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.send(file("notes.txt", b"before the restart")).await;
    let shared = chat.button(2);
    // A new process on the same database: the buttons still work, the bytes are still there.
    chat.bot = start(&sandbox, chat.store.clone(), chat.now).await;
    let picker = chat.send(Content::Button(shared)).await;
    assert!(
        picker.contains("Where should I save notes.txt?"),
        "{picker}"
    );
    assert!(picker.contains("Договоры"), "{picker}");
    let inside = chat.press(1).await;
    assert!(inside.contains("Folder: Договоры"), "{inside}");
    let saved = chat.press(2).await;
    assert!(
        saved.contains("Saved notes.txt to Договоры."),
        "{inside}\n{saved}"
    );
    let folder = client
        .folder_items(drive_shared_root(&client).await, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|item| item.name() == "Договоры")
        .unwrap()
        .id();
    let names: Vec<String> = files_in(&client, folder)
        .await
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    assert!(names.contains(&"notes.txt".to_owned()), "{names:?}");

    // A file left a day waits no more.
    chat.send(file("late.txt", b"too late")).await;
    let pick = chat.button(1);
    chat.advance(24 * 60 * 60 + 1);
    let gone = chat.send(Content::Button(pick)).await;
    assert!(gone.contains("no longer waiting"), "{gone}");
}

async fn drive_shared_root(client: &Client) -> u64 {
    let storages: Vec<Storage> = client
        .call_as(
            "disk.storage.getlist",
            &json!({"filter": {"ENTITY_TYPE": "common"}}),
        )
        .await
        .unwrap();
    storages[0].root_object_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_limit_is_refused_before_anything_is_kept() {
    let sandbox = sandbox_at_start().await;
    let mut chat = warm_chat(&sandbox, 3).await;
    let big = vec![0u8; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    let refused = chat.send(file("video.mp4", &big)).await;
    assert_eq!(
        refused,
        "⚠️ video.mp4 has 20.1 MB; I can take files up to 20 MB. Upload it in Bitrix24 itself."
    );
    assert!(chat.last.iter().all(|reply| reply.buttons.is_empty()));
    assert_eq!(count(&sandbox).await, 0);
    let told = chat
        .send(Content::FileTooLarge {
            name: "film.mkv".into(),
            size: 734_003_200,
        })
        .await;
    assert!(told.contains("film.mkv has 700 MB"), "{told}");
    let lost = chat
        .send(Content::FileUnavailable {
            name: "scan.pdf".into(),
        })
        .await;
    assert_eq!(
        lost,
        "⚠️ I couldn't get scan.pdf from the chat. Please send it again."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleagues_drive_is_neither_offered_nor_opened_by_a_crafted_button() {
    let sandbox = sandbox_at_start().await;
    let client = portal(&sandbox);
    let maria = drive_of(&client, 2).await;
    let admin = drive_of(&client, 1).await;
    let report = client
        .folder_items(admin.root_object_id, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|item| item.name() == "Reports")
        .unwrap()
        .id();
    let (report_file, _) = files_in(&client, report).await.remove(0);
    let mut chat = Chat::new(&sandbox, 3).await;
    let drives = chat.say("/files").await;
    assert_eq!(
        drives,
        "Your drives:\n============\n\n[1] 📁 My drive\n[2] 📁 Общий диск / Shared drive"
    );
    assert!(!chat.say("/files Reports").await.contains("[1] 📁 Reports"));
    for token in [
        format!("d:o{}:0", maria.root_object_id),
        format!("d:o{report}:0"),
        format!("d:f{report_file}"),
        format!("d:s{report_file}"),
        "d:o999999:0".to_owned(),
    ] {
        let answer = chat.send(Content::Button(token.clone())).await;
        assert_eq!(
            answer, "⚠️ I can't open that: it isn't in your drive or the company's.",
            "{token}"
        );
        assert!(attachment(&chat).is_none());
    }
    // Nor can a received file be saved into a colleague's drive.
    chat.send(file("x.txt", b"x")).await;
    let pick = chat.button(1);
    let upload = pick.trim_start_matches("d:p").split(':').next().unwrap();
    for token in [
        format!("d:p{upload}:{}:0", maria.root_object_id),
        format!("d:w{upload}:{}", maria.root_object_id),
    ] {
        let answer = chat.send(Content::Button(token.clone())).await;
        assert!(answer.contains("I can't open that"), "{token}: {answer}");
    }
    assert!(files_in(&client, maria.root_object_id).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_folder_comes_ten_at_a_time_when_browsing_and_when_saving() {
    let sandbox = sandbox_at_start().await;
    let client = portal(&sandbox);
    let mine = drive_of(&client, 3).await;
    for n in 1..=12 {
        client
            .call(
                "disk.folder.addsubfolder",
                &json!({"id": mine.root_object_id, "data": {"NAME": format!("Folder {n:02}")}}),
            )
            .await
            .unwrap();
    }
    let mut chat = warm_chat(&sandbox, 3).await;
    chat.say("/files").await;
    let first = chat.press(1).await;
    assert!(
        first.contains("[10] 📁 Folder 10\n[11] More  [12] 🗂 All drives"),
        "{first}"
    );
    requests(&sandbox).await;
    let second = chat.press(11).await;
    assert_eq!(count(&sandbox).await, 1, "More is one batch");
    assert_eq!(
        second,
        "My drive\n========\n\n[1] 📁 Folder 11\n[2] 📁 Folder 12\n[3] 🗂 All drives"
    );

    chat.send(file("a.txt", b"a")).await;
    let picker = chat.press(1).await;
    assert!(
        picker.contains("[10] 📁 Folder 10\n[11] More  [12] 💾 Save here"),
        "{picker}"
    );
    let more = chat.press(11).await;
    assert!(
        more.contains("[1] 📁 Folder 11\n[2] 📁 Folder 12\n[3] 💾 Save here"),
        "{more}"
    );
    let inside = chat.press(2).await;
    assert!(
        inside.contains("Folder: Folder 12\n\n[1] ⬆️ Up  [2] 💾 Save here"),
        "{inside}"
    );
    let saved = chat.press(2).await;
    assert!(saved.contains("Saved a.txt to Folder 12."), "{saved}");
}
