//! `calendar.event.{add,get,getbyid,update,delete}`, `calendar.section.get`,
//! `calendar.accessibility.get`. Event dates print in the portal's locale format in the event's
//! own zone, with `DATE_FROM_TS_UTC` and `TZ_FROM` as the reliable values.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::{Map, Value, json};

use super::args::{Args, as_flag, as_id, as_list, as_text, yn};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::store::PortalData;
use crate::sandbox::store::calendar::{Accessibility, CalendarType, Event, Importance, Section};
use crate::sandbox::store::zone::{PortalZone, parse_in};

fn calendar_error(description: impl Into<String>) -> ApiError {
    ApiError::bad_request("", description)
}

fn missing(method: &str, name: &str) -> ApiError {
    calendar_error(format!(
        "The required parameter \"{name}\" for the method \"{method}\" is not set"
    ))
}

/// The zone a person's naive times are read in: their own, or the portal's when automatic.
fn user_zone(data: &PortalData, user_id: u64) -> PortalZone {
    data.users
        .get(user_id)
        .filter(|u| !u.time_zone.is_empty())
        .and_then(|u| PortalZone::new(&u.time_zone).ok())
        .unwrap_or_else(|| data.zone.clone())
}

fn zone_named(data: &PortalData, name: &str) -> PortalZone {
    PortalZone::new(name).unwrap_or_else(|_| data.zone.clone())
}

/// `DD.MM.YYYY HH:MM:SS` in the event's zone; all-day events print the date only.
fn locale_date(zone: &PortalZone, ts: Timestamp, skip_time: bool) -> String {
    if skip_time {
        zone.zoned(ts).strftime("%d.%m.%Y").to_string()
    } else {
        zone.locale(ts)
    }
}

fn event_json(data: &PortalData, event: &Event, viewer: u64) -> Value {
    let from_zone = zone_named(data, &event.tz_from);
    let to_zone = zone_named(data, &event.tz_to);
    let viewer_zone = user_zone(data, viewer);
    let host_name = data
        .users
        .get(event.created_by)
        .map(|u| u.full_name())
        .unwrap_or_default();
    let attendees: Vec<u64> = if event.is_meeting {
        std::iter::once(event.owner_id)
            .chain(
                event
                    .attendees
                    .iter()
                    .copied()
                    .filter(|&a| a != event.owner_id),
            )
            .collect()
    } else {
        Vec::new()
    };
    let attendee_list: Vec<Value> = attendees
        .iter()
        .map(|&id| {
            json!({"id": id, "entryId": event.id.to_string(),
                   "status": if id == event.owner_id { "H" } else { "Q" }})
        })
        .collect();
    let first = json!({
        "ID": event.id.to_string(),
        "PARENT_ID": event.id.to_string(),
        "DELETED": "N",
        "CAL_TYPE": event.cal_type.as_str(),
        "OWNER_ID": event.owner_id.to_string(),
        "NAME": event.name,
        "DATE_FROM": locale_date(&from_zone, event.from, event.skip_time),
        "DATE_TO": locale_date(&to_zone, event.to, event.skip_time),
        "ORIGINAL_DATE_FROM": null,
        "TZ_FROM": event.tz_from,
        "TZ_TO": event.tz_to,
        "TZ_OFFSET_FROM": from_zone.offset_seconds(event.from).to_string(),
        "TZ_OFFSET_TO": to_zone.offset_seconds(event.to).to_string(),
        "DATE_FROM_TS_UTC": event.from.as_second().to_string(),
        "DATE_TO_TS_UTC": event.to.as_second().to_string(),
        "DT_SKIP_TIME": yn(event.skip_time),
        "DT_LENGTH": ends(event).duration_since(event.from).as_secs(),
        "EVENT_TYPE": null,
        "CREATED_BY": event.created_by.to_string(),
        "DATE_CREATE": data.zone.locale(event.created),
        "TIMESTAMP_X": data.zone.locale(event.modified),
        "DESCRIPTION": event.description,
    });
    let second = json!({
        "PRIVATE_EVENT": if event.private_event { "1" } else { "" },
        "ACCESSIBILITY": event.accessibility.as_str(),
        "IMPORTANCE": event.importance.as_str(),
        "IS_MEETING": event.is_meeting,
        "MEETING_STATUS": if event.is_meeting { json!("H") } else { Value::Null },
        "MEETING_HOST": event.created_by.to_string(),
        "MEETING": {
            "HOST_NAME": host_name, "NOTIFY": false, "REINVITE": false, "ALLOW_INVITE": false,
            "HIDE_GUESTS": false, "MEETING_CREATOR": event.created_by, "LANGUAGE_ID": "ru",
            "MAIL_FROM": "",
        },
        "LOCATION": event.location,
        "REMIND": [],
        "COLOR": event.color,
        "RRULE": "",
        "EXDATE": "",
        "VERSION": "1",
        "ATTENDEES_CODES": attendees.iter().map(|id| format!("U{id}")).collect::<Vec<_>>(),
        "SECTION_ID": event.section_id.to_string(),
        "SECT_ID": event.section_id.to_string(),
        "UF_CRM_CAL_EVENT": false,
        "UF_WEBDAV_CAL_EVENT": false,
        "ATTENDEE_LIST": attendee_list,
        "~DESCRIPTION": event.description,
        "~USER_OFFSET_FROM": viewer_zone.offset_seconds(event.from),
        "~USER_OFFSET_TO": viewer_zone.offset_seconds(event.to),
    });
    // Two literals: one would exceed serde_json's macro recursion limit.
    let mut out: Map<String, Value> = Map::new();
    for part in [first, second] {
        if let Value::Object(map) = part {
            out.extend(map);
        }
    }
    Value::Object(out)
}

/// When an event is over: an all-day event lasts until the midnight after its last day.
fn ends(event: &Event) -> Timestamp {
    if event.skip_time {
        event.to + SignedDuration::from_hours(24)
    } else {
        event.to
    }
}

/// Whether an event shows in a person's calendar: their own, or a meeting they attend.
fn concerns(event: &Event, user_id: u64) -> bool {
    event.owner_id == user_id || (event.is_meeting && event.attendees.contains(&user_id))
}

fn owner(args: &Args<'_>, method: &str) -> Result<(CalendarType, u64), ApiError> {
    let cal_type = args
        .get("type")
        .and_then(as_text)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| missing(method, "type"))?;
    let cal_type = CalendarType::parse(&cal_type)
        .ok_or_else(|| calendar_error("Invalid value of parameter \"type\""))?;
    let owner_id = args
        .get("ownerId")
        .and_then(as_id)
        .ok_or_else(|| missing(method, "ownerId"))?;
    Ok((cal_type, owner_id))
}

/// Reads an event time: an ISO string with an offset is exact; otherwise `zone_param` names the
/// zone; otherwise it is the calling user's wall-clock time.
fn read_time(
    args: &Args<'_>,
    name: &str,
    zone_param: &str,
    fallback: &PortalZone,
) -> Option<(Timestamp, String)> {
    if let Some(ts) = args.get(&format!("{name}_ts")).and_then(as_id) {
        let ts = Timestamp::from_second(ts as i64).ok()?;
        return Some((ts, fallback.name().to_owned()));
    }
    let text = args.get(name).and_then(as_text)?;
    let zone = args
        .get(zone_param)
        .and_then(as_text)
        .and_then(|z| PortalZone::new(&z).ok())
        .unwrap_or_else(|| fallback.clone());
    let tz = TimeZone::get(zone.name()).ok()?;
    parse_in(&text, &tz).map(|ts| (ts, zone.name().to_owned()))
}

pub fn event_add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    const METHOD: &str = "calendar.event.add";
    let args = Args::new(call.params);
    let (cal_type, owner_id) = owner(&args, METHOD)?;
    let name = args
        .get("name")
        .and_then(as_text)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| missing(METHOD, "name"))?;
    let fallback = user_zone(data, call.user_id);
    let (from, tz_from) = read_time(&args, "from", "timezone_from", &fallback)
        .ok_or_else(|| missing(METHOD, "from"))?;
    let (to, tz_to) =
        read_time(&args, "to", "timezone_to", &fallback).ok_or_else(|| missing(METHOD, "to"))?;
    let section_id = match args.get("section").and_then(as_id) {
        Some(id) => id,
        None if args.get("auto_detect_section").and_then(as_flag) == Some(true) => {
            default_section(data, cal_type, owner_id).ok_or_else(|| missing(METHOD, "section"))?
        }
        None => return Err(missing(METHOD, "section")),
    };
    check_section(data, section_id, cal_type, owner_id)?;
    let skip_time = args.get("skip_time").and_then(as_flag).unwrap_or(false);
    let mut event = Event {
        id: 0,
        section_id,
        cal_type,
        owner_id,
        name,
        description: String::new(),
        from,
        to: to.max(from),
        skip_time,
        tz_from,
        tz_to,
        location: String::new(),
        accessibility: Accessibility::Busy,
        importance: Importance::Normal,
        private_event: false,
        is_meeting: false,
        attendees: Vec::new(),
        color: String::new(),
        created_by: call.user_id,
        created: call.now,
        modified: call.now,
    };
    apply_details(data, &mut event, &args)?;
    let id = data.calendar.events.insert_with(|id| Event { id, ..event });
    Ok(Output::of(id))
}

/// The optional fields shared by add and update.
fn apply_details(data: &PortalData, event: &mut Event, args: &Args<'_>) -> Result<(), ApiError> {
    let text = |name: &str| args.get(name).and_then(as_text);
    if let Some(description) = text("description") {
        event.description = description;
    }
    if let Some(location) = text("location") {
        event.location = location;
    }
    if let Some(color) = text("color") {
        event.color = color;
    }
    if let Some(accessibility) = text("accessibility") {
        event.accessibility = Accessibility::parse(&accessibility)
            .ok_or_else(|| calendar_error("Invalid value of parameter \"accessibility\""))?;
    }
    if let Some(importance) = text("importance") {
        event.importance = Importance::parse(&importance)
            .ok_or_else(|| calendar_error("Invalid value of parameter \"importance\""))?;
    }
    if let Some(private) = args.get("private_event").and_then(as_flag) {
        event.private_event = private;
    }
    if let Some(meeting) = args.get("is_meeting").and_then(as_flag) {
        event.is_meeting = meeting;
    }
    if let Some(attendees) = args.get("attendees") {
        let ids: Vec<u64> = as_list(attendees).into_iter().filter_map(as_id).collect();
        if let Some(stranger) = ids.iter().find(|id| data.users.get(**id).is_none()) {
            return Err(calendar_error(format!("User {stranger} not found")));
        }
        event.attendees = ids;
    }
    Ok(())
}

fn default_section(data: &PortalData, cal_type: CalendarType, owner_id: u64) -> Option<u64> {
    data.calendar
        .sections
        .values()
        .find(|s| s.cal_type == cal_type && s.owner_id == owner_id)
        .map(|s| s.id)
}

fn check_section(
    data: &PortalData,
    id: u64,
    cal_type: CalendarType,
    owner_id: u64,
) -> Result<(), ApiError> {
    match data.calendar.sections.get(id) {
        Some(s) if s.cal_type == cal_type && s.owner_id == owner_id => Ok(()),
        _ => Err(calendar_error("Access denied")),
    }
}

pub fn event_update(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    const METHOD: &str = "calendar.event.update";
    let args = Args::new(call.params);
    let id = args
        .get("id")
        .and_then(as_id)
        .ok_or_else(|| missing(METHOD, "id"))?;
    let (cal_type, owner_id) = owner(&args, METHOD)?;
    let mut event = data
        .calendar
        .events
        .get(id)
        .cloned()
        .ok_or_else(|| calendar_error("Event not found"))?;
    if event.cal_type != cal_type || event.owner_id != owner_id {
        return Err(calendar_error("Access denied"));
    }
    let fallback = user_zone(data, call.user_id);
    if let Some(name) = args
        .get("name")
        .and_then(as_text)
        .filter(|n| !n.trim().is_empty())
    {
        event.name = name;
    }
    if let Some((from, tz)) = read_time(&args, "from", "timezone_from", &fallback) {
        let length = event.to.duration_since(event.from);
        event.from = from;
        event.tz_from = tz;
        if args.get("to").is_none() && args.get("to_ts").is_none() {
            event.to = from + length;
        }
    }
    if let Some((to, tz)) = read_time(&args, "to", "timezone_to", &fallback) {
        event.to = to;
        event.tz_to = tz;
    }
    event.to = event.to.max(event.from);
    if let Some(skip) = args.get("skip_time").and_then(as_flag) {
        event.skip_time = skip;
    }
    if let Some(section) = args.get("section").and_then(as_id) {
        check_section(data, section, event.cal_type, event.owner_id)?;
        event.section_id = section;
    }
    apply_details(data, &mut event, &args)?;
    event.modified = call.now;
    data.calendar.events.rows.insert(id, event);
    Ok(Output::of(id))
}

pub fn event_delete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = Args::new(call.params)
        .get("id")
        .and_then(as_id)
        .ok_or_else(|| calendar_error("Event id not specified"))?;
    data.calendar
        .events
        .remove(id)
        .ok_or_else(|| calendar_error("Event not found"))?;
    Ok(Output::of(true))
}

pub fn event_get_by_id(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = Args::new(call.params)
        .get("id")
        .and_then(as_id)
        .ok_or_else(|| missing("calendar.event.getbyid", "id"))?;
    let event = data
        .calendar
        .events
        .get(id)
        .ok_or_else(|| calendar_error("Event not found"))?;
    Ok(Output::of(event_json(data, event, call.user_id)))
}

/// The `[from, to]` window of a query; defaults to a month back and three months ahead.
fn window(data: &PortalData, args: &Args<'_>, now: Timestamp) -> (Timestamp, Timestamp) {
    let today = data.zone.today(now);
    let read = |name: &str| {
        args.get(name)
            .and_then(as_text)
            .and_then(|t| data.zone.parse_date(&t))
    };
    let from = read("from").unwrap_or_else(|| today.saturating_sub(1.month()));
    let to = read("to").unwrap_or_else(|| today.saturating_add(3.months()));
    (
        data.zone.midnight(from),
        data.zone.midnight(to.saturating_add(1.day())),
    )
}

pub fn event_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let (cal_type, owner_id) = owner(&args, "calendar.event.get")?;
    let (from, to) = window(data, &args, call.now);
    let sections: Vec<u64> = args
        .get("section")
        .map(as_list)
        .unwrap_or_default()
        .into_iter()
        .filter_map(as_id)
        .collect();
    let mut events: Vec<&Event> = data
        .calendar
        .events
        .values()
        .filter(|e| e.cal_type == cal_type && concerns(e, owner_id))
        .filter(|e| e.from < to && ends(e) > from)
        .filter(|e| sections.is_empty() || sections.contains(&e.section_id))
        .collect();
    events.sort_by_key(|e| (e.from, e.id));
    let rows: Vec<Value> = events
        .into_iter()
        .map(|e| event_json(data, e, call.user_id))
        .collect();
    Ok(Output::of(rows))
}

fn section_json(data: &PortalData, section: &Section) -> Value {
    json!({
        "ID": section.id.to_string(),
        "NAME": section.name,
        "DESCRIPTION": "",
        "COLOR": section.color,
        "TEXT_COLOR": "",
        "CAL_TYPE": section.cal_type.as_str(),
        "OWNER_ID": section.owner_id.to_string(),
        "CREATED_BY": section.created_by.to_string(),
        "DATE_CREATE": data.zone.sql(section.created),
        "TIMESTAMP_X": data.zone.sql(section.created),
        "PERM": {"view_time": true, "view_title": true, "view_full": true, "add": true,
                 "edit": true, "edit_section": true, "access": true},
        "ACCESS": [],
    })
}

pub fn section_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let (cal_type, owner_id) = owner(&args, "calendar.section.get")?;
    let rows: Vec<Value> = data
        .calendar
        .sections
        .values()
        .filter(|s| s.cal_type == cal_type && s.owner_id == owner_id)
        .map(|s| section_json(data, s))
        .collect();
    Ok(Output::of(rows))
}

/// Busy time per person: their events that are not marked free.
pub fn accessibility_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let users: Vec<u64> = args
        .get("users")
        .map(as_list)
        .unwrap_or_default()
        .into_iter()
        .filter_map(as_id)
        .collect();
    if users.is_empty() {
        return Err(missing("calendar.accessibility.get", "users"));
    }
    let (from, to) = window(data, &args, call.now);
    let mut out = Map::new();
    for user in users {
        let slots: Vec<Value> = data
            .calendar
            .events
            .values()
            .filter(|e| e.cal_type == CalendarType::User && concerns(e, user))
            .filter(|e| e.accessibility != Accessibility::Free)
            .filter(|e| e.from < to && ends(e) > from)
            .map(|e| {
                let zone = zone_named(data, &e.tz_from);
                let viewer = user_zone(data, user);
                json!({
                    "ID": e.id.to_string(), "NAME": if e.private_event { "[busy]".to_owned() } else { e.name.clone() },
                    "DATE_FROM": locale_date(&zone, e.from, e.skip_time),
                    "DATE_TO": locale_date(&zone, e.to, e.skip_time),
                    "DATE_FROM_TS_UTC": e.from.as_second().to_string(),
                    "DATE_TO_TS_UTC": e.to.as_second().to_string(),
                    "~USER_OFFSET_FROM": viewer.offset_seconds(e.from),
                    "~USER_OFFSET_TO": viewer.offset_seconds(e.to),
                    "DT_SKIP_TIME": yn(e.skip_time), "TZ_FROM": e.tz_from, "TZ_TO": e.tz_to,
                    "ACCESSIBILITY": e.accessibility.as_str(), "IMPORTANCE": e.importance.as_str(), "EVENT_TYPE": null,
                })
            })
            .collect();
        out.insert(user.to_string(), Value::Array(slots));
    }
    Ok(Output::of(Value::Object(out)))
}

/// Each employee's own calendar section, as a portal creates on first use.
pub(crate) fn open_section(data: &mut PortalData, user_id: u64, now: Timestamp) -> u64 {
    let language = data
        .users
        .get(user_id)
        .map_or("en", |u| u.language.as_str());
    let name = if language == "ru" {
        "Мой календарь"
    } else {
        "My calendar"
    };
    let name = name.to_owned();
    data.calendar.sections.insert_with(|id| Section {
        id,
        name,
        color: "#9cbeee".into(),
        cal_type: CalendarType::User,
        owner_id: user_id,
        created_by: user_id,
        created: now - SignedDuration::from_hours(24 * 30),
    })
}
