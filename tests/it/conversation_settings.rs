//! Language and time zone: the user's choice is kept on their link; without one, the time zone
//! is the employee's portal profile's, else `BOT_TZ`.

use crate::support::chat::{Chat, sandbox, user};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_time_zone_is_the_users_else_the_portal_profiles_else_the_bots() {
    let sandbox = sandbox().await;
    let mut seller = Chat::new(&sandbox, 3).await;
    assert!(
        seller
            .say("/settings")
            .await
            .contains("Time zone: Europe/London")
    );
    assert!(
        seller
            .say("/tz Europe/Berlin")
            .await
            .contains("Europe/Berlin")
    );
    assert!(
        seller
            .say("/settings")
            .await
            .contains("Time zone: Europe/Berlin")
    );
    let mut admin = Chat::new(&sandbox, 1).await;
    let settings = admin.say("/settings").await;
    assert!(
        settings.contains("Time zone: UTC"),
        "no zone in the profile: {settings}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_language_is_kept_and_beats_the_messages_own() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    assert!(
        chat.say("мои сделки").await.contains("У вас"),
        "the message's language"
    );
    assert!(
        chat.say("/deal 4").await.contains("Стадия"),
        "no words: the conversation's"
    );
    chat.say("/lang en").await;
    let link = chat.store.link_of(&user()).await.unwrap().unwrap();
    assert_eq!(link.lang, Some(b24bot::intent::Lang::En));
    assert!(
        chat.say("мои сделки").await.contains("You have"),
        "the choice wins"
    );
}
