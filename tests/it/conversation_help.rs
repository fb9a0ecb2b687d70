//! `/help` and `/help <module>` in the conversation: the modules, each one's commands in the
//! user's language whichever language named it, and no portal request beyond the first
//! message's profile look-up.

use crate::support::chat::{Chat, requests, sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_lists_the_modules_and_each_ones_commands_in_either_language() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let transcript = chat
        .transcript(&[
            "/help",
            "/help deals",
            "help with contacts",
            "/help files",
            "/help weather",
            "/lang ru",
            "справка по сделкам",
            "/help contacts",
            "помощь по задачам",
        ])
        .await;
    insta::assert_snapshot!(transcript);
    let methods: Vec<_> = requests(&sandbox)
        .await
        .iter()
        .map(|request| request["method"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        methods.iter().all(|method| method == "user.get") && methods.len() <= 1,
        "help asks the portal for nothing but the asker's profile: {methods:?}"
    );
}
