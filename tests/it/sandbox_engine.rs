//! The sandbox engine over real HTTP on loopback: transport, auth, PHP parameters and JSON, batch,
//! the envelope, limits, faults, the inspection API, the state file and TLS.

use std::time::Duration;

use b24bot::sandbox::limits::LimitSettings;
use b24bot::sandbox::server::{self, Options, Sandbox};
use b24bot::sandbox::store::Seed;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A sandbox without limits, so tests may call as often as they like.
async fn sandbox(seed: Seed) -> Sandbox {
    server::spawn(Options {
        seed,
        limits: LimitSettings {
            enforced: false,
            ..LimitSettings::default()
        },
        ..Options::default()
    })
    .await
    .expect("the sandbox starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// The admin's webhook URL, ending in `/`.
fn admin(sandbox: &Sandbox) -> String {
    sandbox
        .webhook(1)
        .expect("user 1 has a webhook")
        .url
        .clone()
}

struct Answer {
    status: StatusCode,
    content_type: String,
    cors: String,
    raw: String,
    json: Value,
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let cors = response
        .headers()
        .get(reqwest::header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let raw = response.text().await.unwrap();
    let json = serde_json::from_str(&raw).unwrap_or(Value::Null);
    Answer {
        status,
        content_type,
        cors,
        raw,
        json,
    }
}

async fn get(url: &str) -> Answer {
    answer(client().get(url)).await
}

async fn post_json(url: &str, body: &Value) -> Answer {
    answer(client().post(url).json(body)).await
}

async fn post_form(url: &str, body: &str) -> Answer {
    answer(
        client()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned()),
    )
    .await
}

fn assert_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.raw);
    assert_eq!(answer.json["error"], code, "{}", answer.raw);
    assert!(answer.json["error_description"].is_string());
    assert!(answer.json.get("time").is_none(), "errors carry no time");
    assert_eq!(answer.content_type, "application/json; charset=utf-8");
}

/// Checks the `time` object of a portal answer: numbers, ISO dates with an offset, operating.
fn assert_time(time: &Value) {
    for key in ["start", "finish", "duration", "processing", "operating"] {
        assert!(time[key].is_number(), "time.{key} in {time}");
    }
    for key in ["date_start", "date_finish"] {
        let date = time[key]
            .as_str()
            .unwrap_or_else(|| panic!("time.{key} in {time}"));
        let zoned: jiff::Timestamp = date.parse().unwrap();
        assert!(zoned.as_second() > 0);
        let offset = &date[date.len() - 6..];
        assert!(
            (offset.starts_with('+') || offset.starts_with('-')) && offset.as_bytes()[3] == b':',
            "{date} ends with an offset"
        );
    }
}

#[tokio::test]
async fn webhook_urls_answer_with_suffix_slash_and_any_case() {
    let sandbox = sandbox(Seed::Demo).await;
    let url = admin(&sandbox);
    assert!(url.starts_with(&format!("{}/rest/1/", sandbox.base_url())));
    for method in [
        "server.time",
        "server.time.json",
        "server.time/",
        "Server.TIME.json/",
    ] {
        let answer = get(&format!("{url}{method}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{method}: {}", answer.raw);
        assert_eq!(answer.content_type, "application/json; charset=utf-8");
        assert_eq!(answer.cors, "*");
        assert!(answer.json["result"].is_string());
        assert_time(&answer.json["time"]);
        assert!(answer.json["time"]["operating_reset_at"].is_i64());
    }
    let profile = get(&format!("{url}profile")).await;
    let id = &profile.json["result"]["ID"];
    assert!(*id == json!("1") || *id == json!(1), "{}", profile.raw);
}

#[tokio::test]
async fn start_up_lists_every_webhook_and_the_restricted_one() {
    let sandbox = sandbox(Seed::Demo).await;
    let hooks = sandbox.webhooks();
    let employees: Vec<_> = hooks
        .iter()
        .filter(|hook| !hook.restricted && hook.active)
        .collect();
    assert!(employees.len() >= 2);
    for hook in employees {
        let line = hook.to_string();
        assert_eq!(
            line,
            format!(
                "webhook user={} name=\"{}\" url={}",
                hook.user_id, hook.name, hook.url
            )
        );
        for scope in [
            "crm",
            "task",
            "calendar",
            "disk",
            "user",
            "department",
            "im",
            "imbot",
        ] {
            assert!(
                hook.scopes.iter().any(|held| held == scope),
                "{line} lacks {scope}"
            );
        }
    }
    let restricted = sandbox
        .restricted_webhook()
        .expect("the demo has a restricted webhook");
    assert_eq!(
        restricted.to_string(),
        format!(
            "webhook user={} name=\"{}\" scopes={} url={}",
            restricted.user_id,
            restricted.name,
            restricted.scopes.join(","),
            restricted.url
        )
    );
    // A former employee's webhook is printed as such and refused.
    let former = hooks
        .iter()
        .find(|hook| !hook.active)
        .expect("the demo has a former employee");
    assert!(
        former.to_string().starts_with("deactivated user="),
        "{former}"
    );
    let refused = get(&format!("{}server.time", former.url)).await;
    assert_error(&refused, 401, "authorization_error");
}

#[tokio::test]
async fn credentials_lookup_and_scope_fail_in_the_portal_order() {
    let sandbox = sandbox(Seed::Demo).await;
    let base = sandbox.base_url();
    let url = admin(&sandbox);
    let wrong_secret = format!("{base}/rest/1/not-the-secret/");

    assert_error(
        &get(&format!("{wrong_secret}server.time")).await,
        401,
        "INVALID_CREDENTIALS",
    );
    assert_error(
        &get(&format!("{base}/rest/abc/x/server.time")).await,
        401,
        "INVALID_CREDENTIALS",
    );
    let other_user = url.replacen("/rest/1/", "/rest/2/", 1);
    assert_error(
        &get(&format!("{other_user}server.time")).await,
        401,
        "INVALID_CREDENTIALS",
    );
    // The method is looked up before the credentials are checked.
    let unknown = get(&format!("{wrong_secret}crm.deal.frobnicate")).await;
    assert_error(&unknown, 404, "ERROR_METHOD_NOT_FOUND");
    assert_eq!(unknown.json["error_description"], "Method not found!");
    assert_error(
        &get(&format!("{base}/rest/server.time")).await,
        401,
        "NO_AUTH_FOUND",
    );

    let restricted = sandbox.restricted_webhook().unwrap();
    let scope = get(&format!("{}scope", restricted.url)).await;
    assert_eq!(scope.json["result"], json!(restricted.scopes));
    assert!(!restricted.scopes.iter().any(|held| held == "imbot"));
    assert_error(
        &get(&format!("{}imbot.v2.Bot.list", restricted.url)).await,
        401,
        "insufficient_scope",
    );
    // Global methods need no scope; an unknown method is still 404, not a scope error.
    assert_eq!(
        get(&format!("{}server.time", restricted.url)).await.status,
        StatusCode::OK
    );
    assert_error(
        &get(&format!("{}disk.nothing", restricted.url)).await,
        404,
        "ERROR_METHOD_NOT_FOUND",
    );
}

#[tokio::test]
async fn parameters_arrive_from_query_form_multipart_and_json() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = admin(&sandbox);
    let tricky = "Deal &fields[ASSIGNED_BY_ID]=5 + 100% «ok»";
    let encoded: String = url::form_urlencoded::byte_serialize(tricky.as_bytes()).collect();

    let by_form = post_form(
        &format!("{url}crm.deal.add.json"),
        &format!("fields[TITLE]={encoded}"),
    )
    .await;
    let by_query = get(&format!("{url}crm.deal.add?fields%5BTITLE%5D={encoded}")).await;
    let by_json = post_json(
        &format!("{url}crm.deal.add"),
        &json!({"fields": {"TITLE": tricky}}),
    )
    .await;
    let boundary = "sandbox-boundary";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"fields[TITLE]\"\r\n\r\n{tricky}\r\n--{boundary}--\r\n"
    );
    let by_multipart = answer(
        client()
            .post(format!("{url}crm.deal.add"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(multipart),
    )
    .await;
    // A JSON body wins over the query, key by key.
    let json_over_query = post_json(
        &format!("{url}crm.deal.add?fields[TITLE]=from+query"),
        &json!({"fields": {"TITLE": tricky}}),
    )
    .await;

    for added in [by_form, by_query, by_json, by_multipart, json_over_query] {
        assert_eq!(added.status, StatusCode::OK, "{}", added.raw);
        let id = added.json["result"]
            .as_u64()
            .expect("add answers an integer id");
        let deal = get(&format!("{url}crm.deal.get?ID={id}")).await;
        assert_eq!(deal.json["result"]["TITLE"], tricky, "{}", deal.raw);
        assert_ne!(deal.json["result"]["ASSIGNED_BY_ID"], "5");
    }

    // A GET body is ignored, and so is a body that is not JSON.
    let ignored = answer(
        client()
            .get(format!("{url}crm.deal.get"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("ID=1"),
    )
    .await;
    assert_eq!(ignored.status, StatusCode::BAD_REQUEST, "{}", ignored.raw);
    let broken = answer(
        client()
            .post(format!("{url}crm.deal.add?fields[TITLE]=kept"))
            .header("content-type", "application/json")
            .body("{broken"),
    )
    .await;
    assert_eq!(broken.status, StatusCode::OK, "{}", broken.raw);
    let kept = get(&format!("{url}crm.deal.get?ID={}", broken.json["result"])).await;
    assert_eq!(kept.json["result"]["TITLE"], "kept");
}

#[tokio::test]
async fn answers_are_written_with_php_escaping() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = admin(&sandbox);
    let title = "<b>A & B</b> 'q' \"d\" [B]x[/B] Привет";
    let added = post_json(
        &format!("{url}crm.deal.add"),
        &json!({"fields": {"TITLE": title}}),
    )
    .await;
    let deal = get(&format!("{url}crm.deal.get?ID={}", added.json["result"])).await;
    assert!(
        deal.raw.contains(
            r#"\u003Cb\u003EA \u0026 B\u003C\/b\u003E \u0027q\u0027 \u0022d\u0022 [B]x[\/B] Привет"#
        ),
        "{}",
        deal.raw
    );
    assert_eq!(deal.json["result"]["TITLE"], title);
}

#[tokio::test]
async fn lists_carry_integer_total_and_next_at_the_top() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = admin(&sandbox);
    for chunk in 0..2 {
        let cmd: serde_json::Map<String, Value> = (0..30)
            .map(|i| {
                (
                    format!("d{i}"),
                    json!(format!("crm.deal.add?fields[TITLE]=Deal+{chunk}-{i}")),
                )
            })
            .collect();
        let batch = post_json(&format!("{url}batch"), &json!({"cmd": cmd})).await;
        assert_eq!(
            batch.json["result"]["result_error"],
            json!([]),
            "{}",
            batch.raw
        );
    }
    let first = post_form(
        &format!("{url}crm.deal.list"),
        "order[ID]=ASC&select[]=ID&select[]=TITLE",
    )
    .await;
    assert_eq!(first.json["result"].as_array().unwrap().len(), 50);
    assert_eq!(first.json["total"], json!(60));
    assert_eq!(first.json["next"], json!(50));
    assert!(
        first.raw.contains("\"total\":60,\"next\":50,\"time\":{"),
        "{}",
        first.raw
    );
    let last = get(&format!("{url}crm.deal.list?order[ID]=ASC&start=50")).await;
    assert_eq!(last.json["result"].as_array().unwrap().len(), 10);
    assert_eq!(last.json["total"], json!(60));
    assert!(last.json.get("next").is_none());
    let fast = get(&format!("{url}crm.deal.list?order[ID]=ASC&start=-1")).await;
    assert!(fast.json.get("next").is_none());
}

#[tokio::test]
async fn batch_resolves_references_halts_and_caps() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = admin(&sandbox);

    // Form-encoded, each command's query encoded once more, method names in any case.
    let form = [
        ("cmd[add]", "CRM.Deal.Add?fields%5BTITLE%5D=First+deal"),
        ("cmd[get]", "crm.deal.get?ID=$result[add]"),
        (
            "cmd[copy]",
            "crm.deal.add?fields[TITLE]=Copy+of+$result[get][TITLE]",
        ),
        ("cmd[me]", "user.current"),
        ("halt", "0"),
    ];
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let batch = post_form(&format!("{url}batch"), &body).await;
    assert_eq!(batch.status, StatusCode::OK);
    let result = &batch.json["result"];
    assert_eq!(result["result_error"], json!([]), "{}", batch.raw);
    assert_eq!(result["result_total"], json!([]));
    assert_eq!(result["result_next"], json!([]));
    assert_eq!(result["result"]["get"]["TITLE"], "First deal");
    let copy = get(&format!(
        "{url}crm.deal.get?ID={}",
        result["result"]["copy"]
    ))
    .await;
    assert_eq!(copy.json["result"]["TITLE"], "Copy of First deal");
    for key in ["add", "get", "copy", "me"] {
        assert_time(&result["result_time"][key]);
    }
    assert_time(&batch.json["time"]);
    assert_eq!(
        batch.json["time"]["operating"], 0,
        "the outer batch is not charged"
    );

    // A list of commands answers lists; halt stops at the first error, "false" included.
    let halted = post_json(
        &format!("{url}batch"),
        &json!({"halt": "false", "cmd": ["user.current", "crm.deal.get?ID=999999", "user.current"]}),
    )
    .await;
    let result = &halted.json["result"];
    assert_eq!(
        result["result"].as_array().map(Vec::len),
        Some(1),
        "{}",
        halted.raw
    );
    assert_eq!(result["result_error"].as_object().map(|e| e.len()), Some(1));
    assert!(result["result_error"]["1"]["error"].is_string());

    // 53 commands: the first 50 run, the rest fail one by one; nested batch is refused.
    let mut cmd: Vec<Value> = (0..52).map(|_| json!("server.time")).collect();
    cmd.insert(0, json!("batch?cmd[x]=server.time"));
    let capped = post_json(&format!("{url}batch"), &json!({"cmd": cmd})).await;
    let errors = capped.json["result"]["result_error"].as_object().unwrap();
    assert_eq!(errors["0"]["error"], "ERROR_BATCH_METHOD_NOT_ALLOWED");
    for key in ["50", "51", "52"] {
        assert_eq!(errors[key]["error"], "ERROR_BATCH_LENGTH_EXCEEDED");
    }
    assert_eq!(errors.len(), 4);
    assert_eq!(
        capped.json["result"]["result"].as_object().unwrap().len(),
        49
    );

    // Each command is scope-checked on its own.
    let restricted = sandbox_with_restricted_scope_error().await;
    assert_eq!(restricted, "insufficient_scope");
}

/// A batch through the restricted webhook: the imbot command fails alone.
async fn sandbox_with_restricted_scope_error() -> String {
    let sandbox = sandbox(Seed::Demo).await;
    let hook = sandbox.restricted_webhook().unwrap();
    let batch = post_json(
        &format!("{}batch", hook.url),
        &json!({"cmd": {"time": "server.time", "bots": "imbot.v2.Bot.list"}}),
    )
    .await;
    assert!(
        batch.json["result"]["result"]["time"].is_string(),
        "{}",
        batch.raw
    );
    batch.json["result"]["result_error"]["bots"]["error"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_bucket_refuses_past_the_burst_and_counts_a_batch_once() {
    let sandbox = server::spawn(Options {
        seed: Seed::Empty,
        limits: LimitSettings {
            rate: 0.01,
            burst: 3,
            ..LimitSettings::default()
        },
        ..Options::default()
    })
    .await
    .unwrap();
    let url = admin(&sandbox);
    let cmd: Vec<Value> = (0..20).map(|_| json!("server.time")).collect();
    let batch = post_json(&format!("{url}batch"), &json!({"cmd": cmd})).await;
    assert_eq!(batch.json["result"]["result"].as_array().unwrap().len(), 20);
    for _ in 0..2 {
        assert_eq!(
            get(&format!("{url}server.time")).await.status,
            StatusCode::OK
        );
    }
    let refused = get(&format!("{url}server.time")).await;
    assert_error(&refused, 503, "QUERY_LIMIT_EXCEEDED");
    assert_eq!(refused.json["error_description"], "Too many requests");
}

#[tokio::test]
async fn operating_time_blocks_a_method_after_the_crossing_call() {
    let sandbox = server::spawn(Options {
        seed: Seed::Empty,
        limits: LimitSettings {
            operating_limit: Duration::from_millis(50),
            ..LimitSettings::default()
        },
        ..Options::default()
    })
    .await
    .unwrap();
    let url = admin(&sandbox);
    // Each call costs at least 20 ms, so the limit of 50 ms is crossed within three calls; the
    // crossing call still answers, and the one after it is refused.
    let mut operating = vec![0.0];
    let blocked = loop {
        let answer = get(&format!("{url}crm.deal.list")).await;
        if answer.status != StatusCode::OK {
            break answer;
        }
        let used = answer.json["time"]["operating"].as_f64().unwrap();
        assert!(
            used > *operating.last().unwrap(),
            "{operating:?} then {used}"
        );
        operating.push(used);
        assert!(operating.len() <= 4, "never blocked: {operating:?}");
    };
    assert!(
        *operating.last().unwrap() > 0.05,
        "refused only after crossing: {operating:?}"
    );
    assert!(operating.len() >= 2, "the crossing call completed");
    assert_error(&blocked, 429, "OPERATION_TIME_LIMIT");
    assert_eq!(
        blocked.json["error_description"],
        "Method is blocked due to operation time limit."
    );
    // Other methods keep working; inside a batch the blocked method fails on its own.
    assert_eq!(
        get(&format!("{url}crm.deal.fields")).await.status,
        StatusCode::OK
    );
    let batch = post_json(
        &format!("{url}batch"),
        &json!({"cmd": {"list": "crm.deal.list", "time": "server.time"}}),
    )
    .await;
    assert_eq!(batch.status, StatusCode::OK);
    assert_eq!(
        batch.json["result"]["result_error"]["list"]["error"],
        "OPERATION_TIME_LIMIT"
    );
    assert!(batch.json["result"]["result"]["time"].is_string());
}

#[tokio::test]
async fn faults_answer_500_503_or_slowly() {
    let sandbox = server::spawn(Options {
        seed: Seed::Empty,
        faults: 1.0,
        rng_seed: Some(7),
        ..Options::default()
    })
    .await
    .unwrap();
    let url = admin(&sandbox);
    let calls = (0..9).map(|_| get_owned(format!("{url}server.time")));
    let answers = futures_join(calls).await;
    let mut kinds = Vec::new();
    for answer in &answers {
        match answer.status.as_u16() {
            500 => assert_error(answer, 500, "INTERNAL_SERVER_ERROR"),
            503 => assert_error(answer, 503, "OVERLOAD_LIMIT"),
            200 => assert!(answer.json["result"].is_string()),
            other => panic!("unexpected status {other}: {}", answer.raw),
        }
        kinds.push(answer.status.as_u16());
    }
    assert!(kinds.iter().any(|status| *status != 200), "{kinds:?}");
}

async fn get_owned(url: String) -> Answer {
    get(&url).await
}

/// Runs the calls at once, so slow faults overlap instead of adding up.
async fn futures_join(
    calls: impl Iterator<Item = impl Future<Output = Answer> + Send + 'static>,
) -> Vec<Answer> {
    let tasks: Vec<_> = calls.map(tokio::spawn).collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

#[tokio::test]
async fn inspection_api_shows_requests_clock_inbox_and_resets() {
    let sandbox = sandbox(Seed::Demo).await;
    let base = sandbox.base_url().to_owned();
    let url = admin(&sandbox);
    let http = client();

    assert_eq!(
        http.delete(format!("{base}/sandbox/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    get(&format!("{url}server.time")).await;
    get(&format!("{base}/rest/1/wrong/server.time")).await;
    post_json(
        &format!("{url}batch"),
        &json!({"cmd": ["server.time", "user.current"]}),
    )
    .await;
    let log = get(&format!("{base}/sandbox/requests")).await.json;
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["method"], "server.time");
    assert_eq!(log[0]["user_id"], 1);
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[0]["error"], Value::Null);
    assert_eq!(log[1]["status"], 401);
    assert_eq!(log[1]["error"], "INVALID_CREDENTIALS");
    assert_eq!(log[2]["commands"], json!(["server.time", "user.current"]));
    assert!(
        log[2]["time"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );

    // The clock moves what the portal calls now.
    let target = "2031-05-06T07:08:09Z";
    let moved = answer(
        http.post(format!("{base}/sandbox/clock"))
            .json(&json!({"now": target})),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK);
    let advanced = answer(
        // No Content-Type, as a bare `curl -d` sends it.
        http.post(format!("{base}/sandbox/clock"))
            .body(r#"{"advance_s": 3600}"#),
    )
    .await;
    let now: jiff::Timestamp = advanced.json["now"].as_str().unwrap().parse().unwrap();
    let expected: jiff::Timestamp = "2031-05-06T08:08:09Z".parse().unwrap();
    assert!(now.duration_since(expected).abs() < jiff::SignedDuration::from_secs(5));
    let clock = get(&format!("{base}/sandbox/clock")).await;
    assert!(
        clock.json["now"]
            .as_str()
            .unwrap()
            .starts_with("2031-05-06T08:0")
    );
    let time = get(&format!("{url}server.time")).await;
    let portal_now: jiff::Timestamp = time.json["result"].as_str().unwrap().parse().unwrap();
    assert!(portal_now.duration_since(expected).abs() < jiff::SignedDuration::from_secs(5));
    assert!(
        time.json["time"]["date_start"]
            .as_str()
            .unwrap()
            .starts_with("2031-05-06")
    );
    let bad = answer(
        http.post(format!("{base}/sandbox/clock"))
            .json(&json!({"later": 1})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // A message reaches the employee's inbox; bots are listed.
    let text = "Inbox check";
    let sent = post_json(
        &format!("{url}im.message.add"),
        &json!({"DIALOG_ID": "2", "MESSAGE": text}),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.raw);
    let inbox = get(&format!("{base}/sandbox/inbox/2")).await.json;
    let item = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["text"] == text);
    let item = item.unwrap_or_else(|| panic!("{inbox}"));
    assert_eq!(item["kind"], "message");
    assert_eq!(item["from_user_id"], 1);
    assert!(get(&format!("{base}/sandbox/bots")).await.json.is_array());

    // Reset brings back the seed.
    let added = post_json(
        &format!("{url}crm.deal.add"),
        &json!({"fields": {"TITLE": "Gone after reset"}}),
    )
    .await;
    let id = added.json["result"].as_u64().unwrap();
    let reset = answer(http.post(format!("{base}/sandbox/reset"))).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.raw);
    let gone = get(&format!("{url}crm.deal.get?ID={id}")).await;
    assert_eq!(gone.status, StatusCode::BAD_REQUEST, "{}", gone.raw);
    let inbox = get(&format!("{base}/sandbox/inbox/2")).await.json;
    assert!(
        !inbox
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["text"] == text)
    );
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.json");
    let options = || Options {
        seed: Seed::Empty,
        state: Some(path.clone()),
        ..Options::default()
    };
    let first = server::spawn(options()).await.unwrap();
    assert!(path.exists(), "the seed is written at once");
    let url = admin(&first);
    let added = post_json(
        &format!("{url}crm.deal.add"),
        &json!({"fields": {"TITLE": "Kept"}}),
    )
    .await;
    let id = added.json["result"].as_u64().unwrap();
    first.shutdown().await.unwrap();

    let second = server::spawn(options()).await.unwrap();
    let url = admin(&second);
    let deal = get(&format!("{url}crm.deal.get?ID={id}")).await;
    assert_eq!(deal.json["result"]["TITLE"], "Kept", "{}", deal.raw);
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary file is left behind");
}

#[tokio::test]
async fn reads_leave_the_state_file_alone_and_writes_save_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.json");
    let sandbox = server::spawn(Options {
        seed: Seed::Empty,
        state: Some(path.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    let url = admin(&sandbox);
    std::fs::write(&path, b"marker").unwrap();
    get(&format!("{url}crm.deal.list")).await;
    post_json(
        &format!("{url}batch"),
        &json!({"cmd": {"a": "user.current", "b": "crm.deal.list"}}),
    )
    .await;
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"marker",
        "reads do not save"
    );
    post_json(
        &format!("{url}batch"),
        &json!({"cmd": {"me": "user.current", "add": "crm.deal.add?fields[TITLE]=Saved"}}),
    )
    .await;
    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(
        saved.to_string().contains("Saved"),
        "a batch that writes saves"
    );
}

#[tokio::test]
async fn tls_serves_https_with_the_printed_certificate() {
    let sandbox = server::spawn(Options {
        seed: Seed::Empty,
        tls: true,
        ..Options::default()
    })
    .await
    .unwrap();
    assert!(sandbox.base_url().starts_with("https://127.0.0.1:"));
    let pem_path = sandbox.certificate().unwrap().to_owned();
    let pem = std::fs::read(&pem_path).unwrap();
    let trusted = reqwest::Client::builder()
        .no_proxy()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let answer = answer(trusted.get(format!("{}server.time", admin(&sandbox)))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert!(answer.json["result"].is_string());
    let untrusted = client()
        .get(format!("{}server.time", admin(&sandbox)))
        .send()
        .await;
    assert!(untrusted.is_err(), "an unknown certificate is refused");
    drop(sandbox);
    assert!(!pem_path.exists(), "the certificate goes with the sandbox");
}

/// Reads the child's stdout until it has printed the restricted webhook, the last start-up line.
fn start_up_lines(stdout: std::process::ChildStdout) -> Vec<String> {
    use std::io::BufRead;
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("the sandbox prints text");
        let last = line.contains(" scopes=");
        lines.push(line);
        if last {
            break;
        }
    }
    lines
}

/// The child process, killed if the test fails before it stops it.
struct Child(Option<std::process::Child>);

impl Drop for Child {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test]
async fn the_subcommand_prints_its_webhooks_and_stops_on_sigterm() {
    use std::process::{Command, Stdio};
    let mut child = Child(Some(
        Command::new(env!("CARGO_BIN_EXE_b24bot"))
            .args([
                "sandbox",
                "--addr",
                "127.0.0.1:0",
                "--no-limits",
                "--rng-seed",
                "3",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts"),
    ));
    let process = child.0.as_mut().unwrap();
    let stdout = process.stdout.take().unwrap();
    let pid = process.id();
    let lines = tokio::task::spawn_blocking(move || start_up_lines(stdout))
        .await
        .unwrap();
    assert!(
        lines[0].starts_with("sandbox listening on http://127.0.0.1:"),
        "{lines:?}"
    );
    let webhooks: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("webhook user="))
        .collect();
    assert!(webhooks.len() >= 3, "{lines:?}");
    let admin = webhooks
        .iter()
        .find(|line| line.starts_with("webhook user=1 name=\""))
        .expect("the admin's webhook is printed");
    let url = admin.split(" url=").nth(1).unwrap();
    let time = get(&format!("{url}server.time.json")).await;
    assert_eq!(time.status, StatusCode::OK, "{}", time.raw);

    let stopped = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let mut process = child.0.take().unwrap();
    let status = tokio::task::spawn_blocking(move || process.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "SIGTERM is a clean stop: {status}");
}

#[test]
fn the_subcommand_refuses_impossible_options() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_b24bot"))
        .args(["sandbox", "--addr", "127.0.0.1:0", "--faults", "1.5"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("--faults"), "{message}");
}

#[tokio::test]
async fn drive_files_upload_by_form_and_download_by_their_url() {
    let sandbox = sandbox(Seed::Demo).await;
    let url = admin(&sandbox);
    let storages = get(&format!("{url}disk.storage.getlist")).await;
    let root = storages.json["result"][0]["ROOT_OBJECT_ID"].clone();
    assert!(root.is_string(), "{}", storages.raw);
    let root = root.as_str().unwrap();

    // Without fileContent the method answers where to POST the file.
    let announced = post_json(
        &format!("{url}disk.folder.uploadfile"),
        &json!({"id": root, "data": {"NAME": "engine-check.txt"}}),
    )
    .await;
    assert_eq!(
        announced.json["result"]["field"], "file",
        "{}",
        announced.raw
    );
    let upload_url = announced.json["result"]["uploadUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(upload_url.starts_with(&format!("{}/rest/upload.json?", sandbox.base_url())));
    let content = "Uploaded through the form & back, «ok»\n";
    let boundary = "engine-upload";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"local.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    let upload = || {
        client()
            .post(&upload_url)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body.clone())
    };
    let uploaded = answer(upload()).await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.raw);
    assert_eq!(uploaded.json["result"]["NAME"], "engine-check.txt");
    assert_time(&uploaded.json["time"]);
    let download_url = uploaded.json["result"]["DOWNLOAD_URL"].as_str().unwrap();

    let downloaded = client().get(download_url).send().await.unwrap();
    assert_eq!(downloaded.status(), StatusCode::OK);
    let disposition = downloaded.headers()[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename*=UTF-8''engine-check.txt"),
        "{disposition}"
    );
    assert_eq!(downloaded.text().await.unwrap(), content);

    // The upload token works once; an unknown download token is 404.
    assert_eq!(answer(upload()).await.status, StatusCode::BAD_REQUEST);
    let missing = get(&format!(
        "{}/rest/download.json?token=nope",
        sandbox.base_url()
    ))
    .await;
    assert_error(&missing, 404, "ERROR_NOT_FOUND");
}

#[tokio::test]
async fn tests_can_change_the_data_in_process() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = admin(&sandbox);
    sandbox.with_data(|data, now| data.add_bulk_deals(120, now));
    let page = get(&format!("{url}crm.deal.list")).await;
    assert_eq!(page.json["total"], json!(120), "{}", page.raw);
}
