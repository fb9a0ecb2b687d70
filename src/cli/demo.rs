//! `b24bot demo [--as <user id>]`: the whole bot against a local demo portal, chatting in the
//! terminal as one of its employees. Nothing to configure, nothing left behind.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Args;
use jiff::Timestamp;

use crate::b24::{Auth, Client, WebhookUrl};
use crate::bot::Bot;
use crate::channels::console::{self, Echo};
use crate::config::{self, BotSettings};
use crate::i18n::{Arg, Tr};
use crate::sandbox::server::{self, Options};
use crate::store::{Channel, ChannelUser, EmployeeId, Store};
use crate::tr;

/// The demo portal's administrator: the bot calls the portal with their webhook, as a
/// deployment's webhook belongs to an administrator, and applies its own visibility policy.
const BOT_WEBHOOK_USER: u64 = 1;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo employee to chat as (1 is the administrator; 3, the default, a sales manager).
    #[arg(long = "as", value_name = "USER ID", default_value_t = 3)]
    pub employee: u64,
}

/// Exit codes: 0 at the end of input, 1 the demo could not run, 2 a setting or flag is wrong.
pub async fn run(args: DemoArgs) -> ExitCode {
    crate::logging::init("warn");
    let settings =
        match config::load_dotenv().and_then(|()| BotSettings::read(&config::Environment)) {
            Ok(settings) => settings,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(2);
            }
        };
    match demo(args, settings).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn demo(args: DemoArgs, settings: BotSettings) -> anyhow::Result<ExitCode> {
    // The demo portal keeps a real portal's limits, so the demo shows the bot living with them.
    let sandbox = server::spawn(Options::default()).await?;
    let employee = sandbox
        .webhooks()
        .iter()
        .find(|hook| hook.user_id == args.employee && hook.active && !hook.restricted);
    if employee.is_none() {
        eprintln!(
            "--as: the demo portal has no active employee {}; expected 1 to 8",
            args.employee
        );
        return Ok(ExitCode::from(2));
    }
    let webhook = sandbox
        .webhook(BOT_WEBHOOK_USER)
        .ok_or_else(|| anyhow::anyhow!("the demo portal has no administrator webhook"))?;
    let portal = Client::builder(Auth::Webhook(WebhookUrl::parse(&webhook.url)?)).build()?;
    let store = match &settings.database_url {
        Some(url) => Store::open(url).await?,
        None => Store::in_memory().await?,
    };
    let bot = Bot::start(
        store.clone(),
        portal,
        settings.policy,
        settings.defaults.clone(),
        Timestamp::now(),
    )
    .await?;
    let user = ChannelUser::new(Channel::Console, console::USER);
    store
        .link(&user, EmployeeId(args.employee), Timestamp::now())
        .await?;
    let name = bot.employee_name(args.employee).await?.ok_or_else(|| {
        anyhow::anyhow!("the demo portal does not know employee {}", args.employee)
    })?;
    let tr = Tr::new(settings.defaults.lang);
    println!(
        "{}\n",
        tr!(tr, "demo-intro", name = name, id = Arg::id(args.employee))
    );
    let echo = if std::io::stdin().is_terminal() {
        Echo::Prompt
    } else {
        Echo::Lines
    };
    let lang_hint = std::env::var("LANG").ok();
    console::chat(
        &bot,
        tokio::io::BufReader::new(tokio::io::stdin()),
        tokio::io::stdout(),
        echo,
        lang_hint,
        Timestamp::now,
    )
    .await?;
    store.close().await;
    sandbox.shutdown().await?;
    Ok(ExitCode::SUCCESS)
}
