//! The command menu Telegram shows next to the input field, in English (the default for every
//! language) and in Russian. Descriptions come from the locales like every other sentence.

use teloxide::RequestError;
use teloxide::adaptors::Throttle;
use teloxide::payloads::SetMyCommandsSetters;
use teloxide::requests::Requester;
use teloxide::types::BotCommand;

use crate::i18n::Tr;
use crate::intent::Lang;

/// The commands in the menu, each with its description's key.
const MENU: [(&str, &str); 7] = [
    ("start", "tg-command-start"),
    ("help", "tg-command-help"),
    ("deals", "tg-command-deals"),
    ("contact", "tg-command-contact"),
    ("cancel", "tg-command-cancel"),
    ("lang", "tg-command-lang"),
    ("unlink", "tg-command-unlink"),
];

pub async fn set_menu(api: &Throttle<teloxide::Bot>) -> Result<(), RequestError> {
    api.set_my_commands(menu(Lang::En)).await?;
    api.set_my_commands(menu(Lang::Ru))
        .language_code(Lang::Ru.code())
        .await?;
    Ok(())
}

fn menu(lang: Lang) -> Vec<BotCommand> {
    let tr = Tr::new(lang);
    MENU.iter()
        .map(|(command, key)| BotCommand::new(*command, tr.t(key, &[])))
        .collect()
}
