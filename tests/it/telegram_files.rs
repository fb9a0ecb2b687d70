//! Files through Telegram, against the fake Bot API server and the sandbox: a document or photo
//! sent to the bot is fetched (`getFile` and the file route) and saved to the Drive folder the
//! user picks with buttons; a Drive file comes back with `sendDocument`, byte for byte.

use b24bot::b24::model::{DriveItem, Storage};
use serde_json::json;

use crate::support::chat;
use crate::support::telegram::{Chat, Incoming, SentMessage, TgUser};
use crate::support::telegram_bot::{TelegramBot, button, text};

/// Presses a button under `message` and returns the message as it reads afterwards (the
/// answer replaces it in a private chat).
async fn press(
    bot: &TelegramBot,
    user: &TgUser,
    message: &SentMessage,
    label: &str,
) -> SentMessage {
    bot.press(user, message.message_id, &button(message, label))
        .await;
    bot.fake
        .sent(user.id)
        .into_iter()
        .find(|sent| sent.message_id == message.message_id)
        .unwrap()
}

/// The messages the bot sends after `incoming`.
async fn send(bot: &TelegramBot, user: &TgUser, incoming: Incoming) -> Vec<SentMessage> {
    let before = bot.fake.sent(user.id).len();
    bot.fake.inject(incoming);
    bot.settle().await;
    bot.fake.sent(user.id).split_off(before)
}

/// A PNG header the fake reads a size from, as Telegram decodes a photo it receives.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0]);
    bytes
}

async fn my_drive_files(bot: &TelegramBot, employee: u64) -> Vec<(String, Vec<u8>)> {
    let client = chat::portal(&bot.sandbox);
    let storages: Vec<Storage> = client
        .call_as(
            "disk.storage.getlist",
            &json!({"filter": {"ENTITY_TYPE": "user", "ENTITY_ID": employee.to_string()}}),
        )
        .await
        .unwrap();
    let mut files = Vec::new();
    for item in client
        .folder_items(storages[0].root_object_id, 0)
        .await
        .unwrap()
        .items
    {
        if let DriveItem::File(file) = item {
            let file = client.drive_file(file.id).await.unwrap();
            let bytes = client.download(&file).await.unwrap();
            files.push((file.name, bytes));
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_is_saved_to_drive_and_comes_back_as_a_document() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(701, "John");
    bot.link(&user, 3).await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let chat = Chat::private(&user);
    let offered = send(
        &bot,
        &user,
        Incoming::document(&chat, &user, "offer.pdf", &bytes),
    )
    .await;
    let ask = offered.last().unwrap();
    assert!(text(&offered).contains("Save to Drive?"), "{offered:?}");
    assert!(text(&offered).contains("offer.pdf, 4.9 KB"), "{offered:?}");
    let picker = press(&bot, &user, ask, "My drive").await;
    assert!(
        picker
            .text
            .as_deref()
            .unwrap()
            .contains("Where should I save offer.pdf?"),
        "{picker:?}"
    );
    let saved = press(&bot, &user, &picker, "Save here").await;
    assert_eq!(
        saved.text.as_deref(),
        Some("✅ Saved offer.pdf to My drive.")
    );
    assert_eq!(
        my_drive_files(&bot, 3).await,
        vec![("offer.pdf".to_owned(), bytes.clone())]
    );

    let card = press(&bot, &user, &saved, "Show the file").await;
    assert!(
        card.text.as_deref().unwrap().contains("Size: 4.9 KB"),
        "{card:?}"
    );
    let before = bot.fake.sent(user.id).len();
    press(&bot, &user, &card, "Send to chat").await;
    let after = bot.fake.sent(user.id).split_off(before);
    let document = after
        .iter()
        .find_map(|message| message.document.clone())
        .expect("the file came as a document");
    assert_eq!(document.file_name.as_deref(), Some("offer.pdf"));
    assert_eq!(document.bytes.as_ref(), bytes.as_slice());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_is_offered_under_the_time_it_was_sent_and_a_big_file_is_refused() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(702, "John");
    bot.link(&user, 3).await;
    let chat = Chat::private(&user);
    let offered = send(&bot, &user, Incoming::photo(&chat, &user, &png(640, 480))).await;
    let shown = text(&offered);
    assert!(shown.contains("Save to Drive?"), "{shown}");
    assert!(
        shown.contains("photo_") && shown.contains(".jpg"),
        "{shown}"
    );
    let saved = press(&bot, &user, offered.last().unwrap(), "My drive").await;
    press(&bot, &user, &saved, "Save here").await;
    let files = my_drive_files(&bot, 3).await;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].1, png(640, 480));

    let big = vec![7u8; 20 * 1024 * 1024 + 1];
    let refused = send(
        &bot,
        &user,
        Incoming::document(&chat, &user, "film.mkv", &big),
    )
    .await;
    assert_eq!(
        text(&refused),
        "⚠️ film.mkv has 20.1 MB; I can take files up to 20 MB. Upload it in Bitrix24 itself."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_file_is_answered_with_how_to_link() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(703, "Eve");
    let chat = Chat::private(&user);
    let answer = send(
        &bot,
        &user,
        Incoming::document(&chat, &user, "x.pdf", b"%PDF"),
    )
    .await;
    assert!(!text(&answer).contains("Save to Drive?"), "{answer:?}");
    assert!(text(&answer).contains("/start"), "{answer:?}");
}
