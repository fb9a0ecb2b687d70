## Activities: a record's open calls and meetings, planning one, marking one done, timeline notes

help-module-activities = Activities
help-activities =
    /activities deal 12: the open activities of a deal (or a contact, lead or company)
    /call deal 12 tomorrow 10:00 discuss the contract: plan a call (no time: the next full hour)
    /meeting contact 5 friday 15:00 demo: plan a meeting
    /activity done 77: mark an activity done
    /note deal 12 client asked for a discount: a comment in the record's timeline
    Or just write: "open activities of deal 12", "call deal 12 tomorrow 10:00", "mark activity 77 done", "note on deal 12: client asked for a discount".
activity-record = { $kind ->
    [deal] deal
    [contact] contact
    [lead] lead
   *[company] company
} #{ $id } "{ $title }"
activity-record-not-found = There's no { $kind ->
    [deal] deal
    [contact] contact
    [lead] lead
   *[company] company
} #{ $id }, or it isn't yours to see.
activities-none = No open activities on { $record }.
activities-open = { $count ->
    [one] 1 open activity on { $record }
   *[other] { $count } open activities on { $record }
}
activity-line = #{ $id } { $kind ->
    [call] Call
    [meeting] Meeting
    [task] Task
    [email] E-mail
   *[todo] To-do
}: { $subject }
activity-button-done = Done #{ $id }
activity-subject-call = Call
activity-subject-meeting = Meeting
activity-planned = { $kind ->
    [call] Call
   *[meeting] Meeting
} "{ $subject }" planned on { $record } (#{ $id }).
activity-nobody = There's nobody to call or meet on { $record }: it has neither a contact nor a company. Add one in the portal first.
activity-not-found = There's no activity #{ $id }.
activity-already-done = Activity #{ $id } "{ $subject }" is already done.
activity-done = Activity #{ $id } "{ $subject }" is done.
timeline-commented = Comment added to the timeline of { $record }.
activity-list-usage = Name the record, e.g. /activities deal 12 (or contact 5, lead 3, company 4).
activity-add-usage = Name the record, then when and what, e.g. /call deal 12 tomorrow 10:00 discuss the contract, or /meeting contact 5 friday 15:00 demo.
activity-done-usage = Write the activity's number, e.g. /activity done 77.
timeline-comment-usage = Name the record and write the comment, e.g. /note deal 12 client asked for a discount.
