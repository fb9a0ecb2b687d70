//! Legacy CRM entities: `crm.deal/contact/lead/company/activity.*`, stages and pipelines.

use jiff::Timestamp;
use serde::Deserialize;

use super::{Money, de};

/// A value of a multi-field (`PHONE`, `EMAIL`, `WEB`, `IM`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct MultiField {
    #[serde(default, deserialize_with = "de::opt_id")]
    pub id: Option<u64>,
    #[serde(default)]
    pub value: String,
    /// `WORK`, `MOBILE`, `HOME`, ...
    #[serde(default)]
    pub value_type: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Deal {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub title: String,
    /// `NEW`, `WON`, or `C{category}:NEW` outside the default pipeline.
    #[serde(default)]
    pub stage_id: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub category_id: Option<u64>,
    #[serde(default, deserialize_with = "de::money")]
    pub opportunity: Option<Money>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub currency_id: Option<String>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub company_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub contact_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub assigned_by_id: Option<u64>,
    #[serde(default, deserialize_with = "de::flag")]
    pub closed: bool,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub date_create: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub date_modify: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub closedate: Option<Timestamp>,
    /// BB-code.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub comments: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Contact {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub second_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub post: Option<String>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub company_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub assigned_by_id: Option<u64>,
    /// Present in `get`; in `list` only when `PHONE` is selected.
    #[serde(default, deserialize_with = "de::list")]
    pub phone: Vec<MultiField>,
    #[serde(default, deserialize_with = "de::list")]
    pub email: Vec<MultiField>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub date_create: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Lead {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub last_name: Option<String>,
    /// `NEW`, `IN_PROCESS`, `PROCESSED`, `JUNK`, `CONVERTED`, or a portal's own.
    #[serde(default)]
    pub status_id: String,
    #[serde(default, deserialize_with = "de::money")]
    pub opportunity: Option<Money>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub currency_id: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub company_title: Option<String>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub assigned_by_id: Option<u64>,
    #[serde(default, deserialize_with = "de::list")]
    pub phone: Vec<MultiField>,
    #[serde(default, deserialize_with = "de::list")]
    pub email: Vec<MultiField>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub date_create: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Company {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub company_type: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub industry: Option<String>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub assigned_by_id: Option<u64>,
    #[serde(default, deserialize_with = "de::list")]
    pub phone: Vec<MultiField>,
    #[serde(default, deserialize_with = "de::list")]
    pub email: Vec<MultiField>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub date_create: Option<Timestamp>,
}

/// A CRM activity (call, meeting, e-mail, ...) bound to a lead, deal, contact or company.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Activity {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    /// 1 lead, 2 deal, 3 contact, 4 company.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub owner_type_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub owner_id: Option<u64>,
    /// 1 meeting, 2 call, 3 task, 4 e-mail, 6 provider.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub type_id: Option<u64>,
    #[serde(default)]
    pub subject: String,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub start_time: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub end_time: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub deadline: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::flag")]
    pub completed: bool,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub responsible_id: Option<u64>,
    /// 1 incoming, 2 outgoing.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub direction: Option<u64>,
}

/// A row of `crm.status.list`: a deal stage, a lead status, a source, ...
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Status {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    /// `DEAL_STAGE`, `DEAL_STAGE_{category}`, `STATUS` (lead statuses), ...
    pub entity_id: String,
    pub status_id: String,
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub sort: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub category_id: Option<u64>,
    /// `S` success, `F` failure, none while in progress.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub semantics: Option<String>,
}

/// A pipeline from `crm.category.list` (camelCase, integer ids, `0` is the default).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub sort: Option<u64>,
    #[serde(default, deserialize_with = "de::flag")]
    pub is_default: bool,
}

/// A row of `crm.deal.contact.items.get` (integers here, unlike most CRM output).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct DealContact {
    #[serde(deserialize_with = "de::id")]
    pub contact_id: u64,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub sort: Option<u64>,
    #[serde(default, deserialize_with = "de::flag")]
    pub is_primary: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_deal_as_crm_deal_get_prints_it() {
        let deal: Deal = serde_json::from_value(json!({"ID":"410","TITLE":"New Deal #1","TYPE_ID":"COMPLEX",
            "STAGE_ID":"PREPARATION","PROBABILITY":"99","CURRENCY_ID":"EUR","OPPORTUNITY":"1000000.00",
            "LEAD_ID":null,"COMPANY_ID":"9","CONTACT_ID":"84","BEGINDATE":"2024-08-30T02:00:00+02:00",
            "CLOSEDATE":"2024-09-09T02:00:00+02:00","ASSIGNED_BY_ID":"1","DATE_CREATE":"2024-08-30T14:29:00+02:00",
            "OPENED":"Y","CLOSED":"N","COMMENTS":"[B]Example comment[/B]","CATEGORY_ID":"0"}))
        .unwrap();
        assert_eq!(deal.id, 410);
        assert_eq!(deal.opportunity, Some(Money::from_cents(100_000_000)));
        assert_eq!(deal.company_id, Some(9));
        assert_eq!(deal.category_id, Some(0));
        assert!(!deal.closed);
        assert_eq!(
            deal.date_create.unwrap().to_string(),
            "2024-08-30T12:29:00Z"
        );
    }

    #[test]
    fn empty_references_and_dates_are_none() {
        let deal: Deal = serde_json::from_value(json!({"ID":7,"COMPANY_ID":"0","CONTACT_ID":null,
            "CLOSEDATE":"","OPPORTUNITY":"","CURRENCY_ID":""}))
        .unwrap();
        assert_eq!((deal.company_id, deal.contact_id), (None, None));
        assert_eq!(
            (deal.closedate, deal.opportunity, deal.currency_id),
            (None, None, None)
        );
    }

    #[test]
    fn a_contact_with_multi_fields() {
        let contact: Contact =
            serde_json::from_value(json!({"ID":"43","NAME":"Anna","LAST_NAME":"",
            "PHONE":[{"ID":"156","VALUE_TYPE":"WORK","VALUE":"+13333333555","TYPE_ID":"PHONE"}],
            "EMAIL":[]}))
            .unwrap();
        assert_eq!(contact.last_name, None);
        assert_eq!(contact.phone[0].id, Some(156));
        assert_eq!(contact.phone[0].value, "+13333333555");
        assert!(contact.email.is_empty());
    }

    #[test]
    fn statuses_categories_and_deal_contacts() {
        let status: Status = serde_json::from_value(json!({"ID":"101","ENTITY_ID":"DEAL_STAGE",
            "STATUS_ID":"WON","NAME":"Deal won","SORT":"60","SYSTEM":"Y","CATEGORY_ID":null,
            "SEMANTICS":"S","EXTRA":{"SEMANTICS":"success"}}))
        .unwrap();
        assert_eq!(
            (status.sort, status.semantics.as_deref()),
            (Some(60), Some("S"))
        );
        let category: Category = serde_json::from_value(
            json!({"id":0,"name":"General","sort":300,"entityTypeId":2,"isDefault":"Y"}),
        )
        .unwrap();
        assert!(category.is_default);
        let link: DealContact = serde_json::from_value(
            json!({"CONTACT_ID":55,"SORT":100,"ROLE_ID":0,"IS_PRIMARY":"Y"}),
        )
        .unwrap();
        assert_eq!(link.contact_id, 55);
    }

    #[test]
    fn an_activity_row() {
        let activity: Activity = serde_json::from_value(json!({"ID":"20","OWNER_TYPE_ID":"3",
            "OWNER_ID":"5","TYPE_ID":"2","SUBJECT":"Call","COMPLETED":"Y","SETTINGS":[],
            "START_TIME":"2024-07-01T10:00:00+03:00","RESPONSIBLE_ID":"1","DIRECTION":"2"}))
        .unwrap();
        assert!(activity.completed);
        assert_eq!(
            (activity.owner_type_id, activity.type_id),
            (Some(3), Some(2))
        );
    }
}
