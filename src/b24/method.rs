//! What a method does to the portal, which decides whether a failed call may be repeated.

/// Last name segments of methods that only read. Everything else is treated as a write, so an
/// unknown method is never repeated blindly.
const READ_VERBS: &[&str] = &[
    "get",
    "list",
    "getlist",
    "fields",
    "search",
    "current",
    "getchildren",
    "getbyid",
    "findbycomm",
    "isactionallowed",
];

/// Global methods that only read.
const READ_METHODS: &[&str] = &["scope", "server.time", "profile", "methods", "app.info"];

/// Whether calling the method twice has the same effect as calling it once, so that a call that
/// failed without a clear answer may be sent again.
pub fn is_read(method: &str) -> bool {
    let method = method.to_ascii_lowercase();
    if READ_METHODS.contains(&method.as_str()) {
        return true;
    }
    method
        .rsplit('.')
        .next()
        .is_some_and(|verb| READ_VERBS.contains(&verb))
}

#[cfg(test)]
mod tests {
    use super::is_read;

    #[test]
    fn reads_and_writes() {
        for method in [
            "crm.deal.list",
            "CRM.Deal.Get",
            "crm.deal.fields",
            "tasks.task.get",
            "task.checklistitem.getlist",
            "user.current",
            "user.search",
            "disk.folder.getchildren",
            "calendar.event.getbyid",
            "calendar.accessibility.get",
            "crm.duplicate.findbycomm",
            "crm.deal.contact.items.get",
            "im.dialog.messages.get",
            "imbot.v2.Event.get",
            "server.time",
            "scope",
            "profile",
        ] {
            assert!(is_read(method), "{method} reads");
        }
        for method in [
            "crm.deal.add",
            "crm.deal.update",
            "crm.deal.delete",
            "tasks.task.complete",
            "tasks.task.delegate",
            "task.commentitem.add",
            "im.message.add",
            "imbot.v2.Chat.Message.send",
            "disk.folder.uploadfile",
            "crm.timeline.comment.add",
            "some.unknown.method",
        ] {
            assert!(!is_read(method), "{method} writes");
        }
    }
}
