//! The REST requests each command costs, as the sandbox counts them: pinned, so that a command
//! cannot grow a request unnoticed. Stages and the employee's profile are cached, so only the
//! first command that needs them pays for them.

use serde_json::Value;

use crate::support::chat::{Chat, requests, sandbox};

fn methods(log: &[Value]) -> Vec<String> {
    log.iter()
        .map(|request| request["method"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 15] = [
        ("/help", &["user.get"]),
        ("/help", &[]),
        ("/help deals", &[]),
        (
            "/deals",
            &["crm.deal.list", "crm.status.list", "crm.status.list"],
        ),
        ("/deals", &["crm.deal.list"]),
        ("/deal 4", &["batch"]),
        ("/deal 1", &["batch"]),
        ("/deal move 4 won", &["crm.deal.get", "crm.deal.update"]),
        (
            "/contact +1 415 555 0199",
            &["crm.duplicate.findbycomm", "crm.contact.list"],
        ),
        ("/contact nobody@example.com", &["crm.duplicate.findbycomm"]),
        ("/contact Laura Mitchell", &["batch"]),
        ("/contact 2", &["batch"]),
        ("/deal new Northwind 50k", &["crm.company.list"]),
        ("/contact new Anna Schmidt +49 170 1234567", &[]),
        ("/cancel", &[]),
    ];
    for (text, expected) in steps {
        chat.say(text).await;
        assert_eq!(methods(&requests(&sandbox).await), expected, "{text}");
    }
    chat.say("/deal new Northwind 50k").await;
    requests(&sandbox).await;
    chat.press(1).await;
    assert_eq!(
        methods(&requests(&sandbox).await),
        ["crm.deal.add"],
        "Confirm"
    );
}
