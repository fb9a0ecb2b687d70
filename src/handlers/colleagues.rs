//! Colleagues: find them by name (in any Russian grammatical case), e-mail or phone; a
//! colleague's card with their departments, position and phones (one batch); the people of a
//! department. The company's structure is what every employee sees in the portal itself, so the
//! visibility policy, which decides whose CRM records a user sees, hides none of it; former
//! colleagues are never shown, and nothing here writes.

use crate::b24::Kind;
use crate::b24::model::User;
use crate::buttons::Action;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::intent::phone;
use crate::reply::{Item, Reply, Tone};
use crate::tr;

use super::format::shown_of;
use super::{Actor, Handlers};

/// Colleagues listed per message, and buttons per row.
const SHOWN: usize = 10;
const PER_ROW: usize = 2;

impl Handlers {
    /// The active colleagues an e-mail, a phone number or a name (any case, first and/or last)
    /// finds: one opens their card, several are listed with a button each.
    pub async fn colleague_search(&self, actor: &Actor, query: &str) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let query = query.trim();
        let found: Vec<User> = if phone::is_email(query) {
            self.directory.by_email(query).await?.into_iter().collect()
        } else if phone::is_phone(query) {
            self.directory.by_phone(query).await?
        } else {
            self.directory.named(query).await?
        };
        let found: Vec<User> = found.into_iter().filter(|user| user.active).collect();
        match found.as_slice() {
            [] => Ok(Reply::new().notice(Tone::Info, tr!(tr, "colleagues-none", query = query))),
            [one] => self.colleague_show(actor, one.id).await,
            several => {
                let header = tr!(
                    tr,
                    "colleagues-found",
                    count = Arg::count(several.len()),
                    query = query
                );
                self.people_list(actor, Reply::new().title(header), several)
            }
        }
    }

    /// A colleague's card: position, departments (each with a button to its people), phones
    /// and e-mail, from one batch.
    pub async fn colleague_show(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let card = match self.portal.colleague_card(id).await {
            Err(error) if error.kind() == Kind::NotFound => None,
            card => Some(card?),
        };
        let Some(card) = card.filter(|card| card.user.active) else {
            return Ok(Reply::new().notice(
                Tone::Warning,
                tr!(tr, "colleague-not-found", id = Arg::id(id)),
            ));
        };
        let user = &card.user;
        let mut reply = Reply::new().title(user.display_name());
        if let Some(position) = &user.work_position {
            reply = reply.field(tr.t("card-position", &[]), position.clone());
        }
        if !card.departments.is_empty() {
            let names: Vec<&str> = card
                .departments
                .iter()
                .map(|department| department.name.as_str())
                .collect();
            reply = reply.field(tr.t("card-department", &[]), names.join(", "));
        }
        let numbers: Vec<String> = [
            &user.personal_mobile,
            &user.work_phone,
            &user.personal_phone,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        if !numbers.is_empty() {
            reply = reply.field(tr.t("card-phone", &[]), numbers.join("\n"));
        }
        if let Some(email) = &user.email {
            reply = reply.field(tr.t("card-email", &[]), email.clone());
        }
        for department in &card.departments {
            reply = reply.button_row([self.buttons.button(
                &actor.user,
                tr!(
                    tr,
                    "button-department-people",
                    department = &department.name
                ),
                Action::DepartmentPeople {
                    id: department.id,
                    name: department.name.clone(),
                },
            )?]);
        }
        Ok(reply)
    }

    /// The active people of a department, with a button to each one's card.
    pub async fn department_people(
        &self,
        actor: &Actor,
        id: u64,
        name: &str,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let people = self.portal.department_people(id).await?;
        let header = tr!(
            tr,
            "department-people",
            department = name,
            count = Arg::count(people.len())
        );
        if people.is_empty() {
            return Ok(Reply::new().text(header));
        }
        self.people_list(actor, Reply::new().title(header), &people)
    }

    /// Colleagues as lines with their positions, and a button to each one's card.
    fn people_list(&self, actor: &Actor, reply: Reply, people: &[User]) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let shown = &people[..people.len().min(SHOWN)];
        let mut reply = reply.bullets(shown.iter().map(|user| {
            let item = Item::new(user.display_name());
            match &user.work_position {
                Some(position) => item.detail(position.clone()),
                None => item,
            }
        }));
        reply = shown_of(tr, reply, shown.len(), people.len());
        let buttons = shown
            .iter()
            .map(|user| {
                self.buttons.button(
                    &actor.user,
                    user.display_name(),
                    Action::Colleague { id: user.id },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        for row in buttons.chunks(PER_ROW) {
            reply = reply.button_row(row.to_vec());
        }
        Ok(reply)
    }
}
