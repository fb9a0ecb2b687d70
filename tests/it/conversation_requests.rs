//! The REST requests each command costs, as the sandbox counts them: pinned, so that a command
//! cannot grow a request unnoticed. Stages and the employee's profile are cached, so only the
//! first command that needs them pays for them.

use crate::support::chat::{Chat, methods_called, requests, sandbox};

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
        ("/deal move 4 won", &["batch"]),
        ("/contact +1 415 555 0199", &["batch"]),
        ("/contact nobody@example.com", &["batch"]),
        ("/contact Laura Mitchell", &["batch"]),
        ("/contact 2", &["batch"]),
        ("/deal new Northwind 50k", &["crm.company.list"]),
        ("/contact new Anna Schmidt +49 170 1234567", &[]),
        ("/cancel", &[]),
    ];
    chat.assert_costs(&sandbox, &steps).await;
    chat.say("/deal new Northwind 50k").await;
    requests(&sandbox).await;
    chat.press(1).await;
    assert_eq!(methods_called(&sandbox).await, ["crm.deal.add"], "Confirm");
}
