//! What a channel hands over that is no message to parse: a contact card shared from the phone's
//! address book. The CRM is searched by its phone, as `/contact <phone>` does; when the user
//! sees no contact with it, a button offers the contact form, prefilled from the card.

use crate::forms::Form;
use crate::handlers::Actor;
use crate::i18n::Arg;
use crate::intent::{Intent, Query, SearchBy};
use crate::reply::Reply;
use crate::store::FormInstance;
use crate::tr;

use super::Bot;
use super::form_desk::OpenForm;
use crate::buttons::Action;
use crate::failure::Failure;

impl Bot {
    /// The contacts with the card's phone that the user may see; none found offers "create
    /// contact" with the card's name and phone.
    pub(super) async fn shared_contact(
        &self,
        actor: &Actor,
        name: Option<String>,
        phone: &str,
    ) -> Result<Reply, Failure> {
        let found = self.portal.contacts_by_phone(phone).await?;
        let visible = found.iter().any(|contact| {
            self.policy
                .may_access(actor.employee, contact.assigned_by_id)
        });
        if visible {
            let query = Query {
                text: phone.to_owned(),
                by: SearchBy::Phone,
            };
            return self.handlers.contact_search(actor, &query).await;
        }
        let tr = actor.tr;
        Ok(Reply::new()
            .text(tr!(
                tr,
                "contacts-found",
                count = Arg::count(0),
                query = phone
            ))
            .button_row([self.buttons.button(
                &actor.user,
                tr.t("button-create-contact", &[]),
                Action::CreateContact {
                    name,
                    phone: phone.to_owned(),
                },
            )?]))
    }

    /// The contact form, its name and phone already given by the card: the user checks them
    /// and confirms, as with any new contact.
    pub(super) async fn create_shared_contact(
        &self,
        actor: &Actor,
        name: Option<String>,
        phone: String,
    ) -> Result<Vec<Reply>, Failure> {
        let intent = Intent::ContactCreate {
            name,
            phone: Some(phone),
            email: None,
        };
        let instance = FormInstance::random();
        // Every create intent opens its form (writes are previewed); `run` is how any intent
        // without one is answered.
        match Form::start(instance.to_string(), &intent, actor.now.timestamp()) {
            Some((form, next)) => self.advance(actor, OpenForm { instance, form }, next).await,
            None => self.run(actor, intent).await,
        }
    }
}
