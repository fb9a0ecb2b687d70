//! The log watch: every event any code in this test binary emits — ours or a dependency's
//! (reqwest, hyper, sqlx, teloxide, wiremock, through `log` too), at every level — is rendered
//! with the fields of its spans and searched for the secrets the tests use. Output of the real
//! binary, run as a child process, goes through the same search ([`assert_no_secret`]).

use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::sync::{LazyLock, RwLock};

use b24bot::sandbox::store::{PortalData, Seed};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Record};
use tracing::{Event, Id, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

use super::telegram::TOKEN;

/// What stands for a secret in a reported line, so the report does not leak it again.
const MASK: &str = "[SECRET]";

/// The secrets every test knows before it starts, and those a test learns while it runs (a
/// webhook secret token the bot chose, a Bitrix24 bot token, OAuth tokens): [`watch`] adds them.
static SECRETS: LazyLock<RwLock<Vec<String>>> = LazyLock::new(|| {
    let mut secrets = vec![
        super::SECRET.to_owned(),
        TOKEN.to_owned(),
        TOKEN.split_once(':').expect("a bot token").1.to_owned(),
    ];
    // Every sandbox starts with the demo seed's webhooks (an empty sandbox with a subset).
    secrets.extend(
        PortalData::seeded(Seed::Demo, jiff::Timestamp::now())
            .webhooks()
            .into_iter()
            .map(|webhook| webhook.secret),
    );
    RwLock::new(secrets)
});

/// Makes `secret` one more string no log line may hold, from now on.
pub fn watch(secret: &str) {
    let mut secrets = SECRETS
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !secret.is_empty() && !secrets.iter().any(|known| known == secret) {
        secrets.push(secret.to_owned());
    }
}

/// `line` with every watched secret masked, if it holds one; `None` if it is clean.
pub fn masked(line: &str) -> Option<String> {
    let secrets = SECRETS
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut found: Vec<&str> = secrets
        .iter()
        .map(String::as_str)
        .filter(|secret| line.contains(secret))
        .collect();
    if found.is_empty() {
        return None;
    }
    // The longest first: a secret that holds another (the token, its part after the colon)
    // is masked whole, not around the shorter one's mask.
    found.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    Some(
        found
            .into_iter()
            .fold(line.to_owned(), |line, secret| line.replace(secret, MASK)),
    )
}

/// Fails the test if a line of a child process's output (stdout or stderr) holds a secret;
/// the failure shows the line with the secret masked. `what` names the output.
pub fn assert_no_secret(what: &str, output: &str) {
    for line in output.lines() {
        if let Some(masked) = masked(line) {
            panic!("a secret in a line of {what}: {masked}");
        }
    }
}

/// Fails the test if a line the real binary, run as a child process, wrote to stdout or stderr
/// holds a secret.
pub fn assert_output_clean(output: &std::process::Output) {
    assert_no_secret("its stdout", &String::from_utf8_lossy(&output.stdout));
    assert_no_secret("its stderr", &String::from_utf8_lossy(&output.stderr));
}

/// An event that held a secret: where it came from and the line with the secret masked.
#[derive(Debug)]
pub struct Leak {
    pub target: String,
    pub level: tracing::Level,
    pub line: String,
}

impl fmt::Display for Leak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.level, self.target, self.line)
    }
}

/// The layer that renders each event and hands a [`Leak`] to `report` when a watched secret is
/// in it.
pub struct Watch<R> {
    report: R,
}

impl<R: Fn(Leak) + Send + Sync + 'static> Watch<R> {
    pub fn new(report: R) -> Self {
        Watch { report }
    }
}

/// A span's fields as rendered when it was made and as recorded later.
struct SpanFields(String);

impl<S, R> Layer<S> for Watch<R>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    R: Fn(Leak) + Send + Sync + 'static,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Render::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanFields(fields.line));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = Render::default();
        values.record(&mut fields);
        let mut extensions = span.extensions_mut();
        match extensions.get_mut::<SpanFields>() {
            Some(SpanFields(line)) => line.push_str(&fields.line),
            None => extensions.insert(SpanFields(fields.line)),
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut rendered = Render::default();
        event.record(&mut rendered);
        if let Some(scope) = ctx.event_scope(event) {
            for span in scope.from_root() {
                if let Some(SpanFields(fields)) = span.extensions().get::<SpanFields>() {
                    let _ = write!(rendered.line, " {}{{{fields} }}", span.name());
                }
            }
        }
        if let Some(line) = masked(rendered.line.trim_start()) {
            let metadata = event.metadata();
            (self.report)(Leak {
                // A `log` record arrives with target "log"; its own target is a field.
                target: rendered
                    .log_target
                    .unwrap_or_else(|| metadata.target().to_owned()),
                level: *metadata.level(),
                line,
            });
        }
    }
}

/// An event's or a span's fields as `name=value` pairs, as the fmt and JSON layers print them:
/// `Debug` for a `?` field, `Display` with every cause for an error.
#[derive(Default)]
struct Render {
    line: String,
    log_target: Option<String>,
}

impl Visit for Render {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "log.target" {
            self.log_target = Some(value.to_owned());
        }
        let _ = write!(self.line, " {}={value}", field.name());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let _ = write!(self.line, " {}={value}", field.name());
        let mut cause = value.source();
        while let Some(inner) = cause {
            let _ = write!(self.line, ": {inner}");
            cause = inner.source();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.line, " {}={value:?}", field.name());
    }
}

/// A leak found on any thread ends the test binary at once. A panic would not do: an event
/// logged on a tokio worker thread or in a spawned task panics there, the runtime catches it,
/// and the test may still pass. The report goes straight to stderr, not through `eprintln!`,
/// which the test harness captures and would lose with the process.
fn abort(leak: Leak) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "\nA SECRET REACHED A LOG LINE (the log watch, tests/it/support/logwatch.rs): {leak}"
    );
    std::process::abort();
}

/// Makes the watch the process-wide subscriber, at TRACE for every target, with `log` records
/// bridged into it. Renders and checks only: nothing is printed, so the tests stay quiet. A
/// test that sets its own subscriber with `set_default` keeps it on its thread.
fn install() {
    // Built before the watch is installed: the demo seed may log, and an event while the list
    // is being built would ask for the list again.
    LazyLock::force(&SECRETS);
    tracing_subscriber::registry()
        .with(Watch::new(abort))
        .try_init()
        .expect("the log watch is the first subscriber of the test binary");
}

/// Installs the watch before `main`, as a C runtime runs constructors: libtest has no hook
/// before the first test, and a watch installed by a helper would miss what tests that use
/// none log, and whatever any test logs before the first helper runs. The function is plain
/// and cannot unwind past `main`: a failure to install aborts.
#[used]
#[cfg_attr(
    target_vendor = "apple",
    unsafe(link_section = "__DATA,__mod_init_func")
)]
#[cfg_attr(not(target_vendor = "apple"), unsafe(link_section = ".init_array"))]
static INSTALL_BEFORE_MAIN: extern "C" fn() = {
    extern "C" fn install_before_main() {
        install();
    }
    install_before_main
};
