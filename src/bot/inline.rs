//! Inline search: `@bot Ivanov` typed in any chat. The contacts and companies named so that the
//! user may see (the visibility policy, as for every search) become cards; the one picked is
//! sent to that chat, its phones in international form, so they dial with one tap. A user
//! who is not linked (or whose employee left) gets one card that says how to link, and nothing
//! from the portal.

use crate::b24::model::{Company, Contact};
use crate::i18n::{LangSignals, Tr, reply_lang};
use crate::intent::phone;
use crate::reply::{Reply, Tone};
use crate::store::Link;
use crate::tr;

use super::Bot;
use crate::failure::Failure;

/// Cards of each kind offered for one query; Telegram shows at most 50 in all.
const SHOWN: usize = 20;

/// One result of an inline search, channel-neutral: the channel turns it into its own card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Unique within one answer (`contact-7`, `company-3`, `link`).
    pub id: String,
    pub title: String,
    /// The line under the title: phones, or what the record is.
    pub description: String,
    /// What is sent to the chat when the card is picked.
    pub message: Reply,
}

impl Bot {
    /// The cards for an inline query. `link` is the user's link if they are linked to an active
    /// employee (the channel asks the access gate); `None` gets only the card on how to link.
    /// A failure is one card that says what went wrong.
    pub async fn inline(
        &self,
        link: Option<&Link>,
        lang_hint: Option<&str>,
        query: &str,
    ) -> Vec<Card> {
        let tr = Tr::new(reply_lang(&LangSignals {
            chosen: link.and_then(|link| link.lang),
            text: query,
            hints: &lang_hint.into_iter().collect::<Vec<_>>(),
            default: self.defaults.lang,
        }));
        let Some(link) = link else {
            let how = tr.t("pairing-how-to-link", &[]);
            return vec![Card {
                id: "link".to_owned(),
                title: tr.t("inline-link-title", &[]),
                description: how.clone(),
                message: Reply::new().notice(Tone::Info, how),
            }];
        };
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        match self.inline_search(link.employee.0, query, tr).await {
            Ok(cards) => cards,
            Err(failure) => {
                let reply = failure.reply(tr);
                vec![Card {
                    id: "failure".to_owned(),
                    title: tr.t("inline-failed-title", &[]),
                    description: String::new(),
                    message: reply,
                }]
            }
        }
    }

    async fn inline_search(
        &self,
        employee: u64,
        query: &str,
        tr: Tr,
    ) -> Result<Vec<Card>, Failure> {
        let contacts = self.portal.contacts_named(query).await?;
        let companies = self.portal.companies_named(query).await?;
        let contacts = contacts
            .iter()
            .filter(|contact| self.policy.may_access(employee, contact.assigned_by_id))
            .take(SHOWN)
            .map(|contact| contact_card(contact, tr));
        let companies = companies
            .iter()
            .filter(|company| self.policy.may_access(employee, company.assigned_by_id))
            .take(SHOWN)
            .map(|company| company_card(company, tr));
        Ok(contacts.chain(companies).collect())
    }
}

fn contact_card(contact: &Contact, tr: Tr) -> Card {
    let name = [&contact.name, &contact.second_name, &contact.last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let phones: Vec<String> = contact
        .phone
        .iter()
        .map(|field| phone::normalise(&field.value).unwrap_or_else(|| field.value.clone()))
        .collect();
    let mut message = Reply::new().title(name.clone());
    if let Some(post) = &contact.post {
        message = message.text(post.clone());
    }
    for number in &phones {
        message = message.field(tr.t("card-phone", &[]), number.clone());
    }
    let description = match (phones.is_empty(), &contact.post) {
        (false, _) => phones.join(", "),
        (true, Some(post)) => post.clone(),
        (true, None) => tr.t("card-contact", &[]),
    };
    Card {
        id: format!("contact-{}", contact.id),
        title: name,
        description,
        message,
    }
}

fn company_card(company: &Company, tr: Tr) -> Card {
    Card {
        id: format!("company-{}", company.id),
        title: company.title.clone(),
        description: tr.t("card-company", &[]),
        message: Reply::new().title(tr!(
            tr,
            "company-card-header",
            id = crate::i18n::Arg::id(company.id),
            title = company.title.as_str()
        )),
    }
}
