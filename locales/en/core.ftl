# What the bot says in every conversation: greetings, help, forms, buttons, errors,
# cards, lists and confirmations. Counts ($count) choose the plural form; ids ($id) are
# written digit for digit; amounts and dates arrive already formatted.

## Greetings and help

greeting = Hi, { $name }! I'm your Bitrix24 assistant: deals, contacts, companies, leads, tasks and your calendar, right here in the chat.
greeting-stranger = Hi! I'm your Bitrix24 assistant: deals, contacts, companies, leads, tasks and your calendar, right here in the chat.
help-header = Here's what I can do:
help-module-line = { $module }: /help { $topic }
help-topic-unknown = I have no help on "{ $topic }". These are the modules I know:
help-module-deals = Deals
help-module-contacts = Contacts
help-module-leads = Leads
help-module-companies = Companies
help-module-tasks = Tasks
help-module-calendar = Calendar
help-module-files = Files
help-module-messages = Messages
help-module-colleagues = Colleagues
help-deals =
    /deals: your deals
    /deals won: your deals at a stage
    /deal new Acme 50000: a new deal
    /deal 123: open deal 123
    /deal move 123 WON: move a deal to another stage
    Or just write: "my deals", "new deal Acme 50k", "deal 123 won".
help-contacts =
    /contact Ivanov: find a contact by name, phone or e-mail
    /contact new Ivan Petrov +79001234567: a new contact
    /contact 42: open contact 42
    Or just write: "find contact Ivanov", "new contact Ivan Petrov".
help-tasks =
    /tasks: your open tasks; /tasks today, tomorrow, week or overdue
    /task 456: a task with its checklist and latest comments
    /task new Call Ivan tomorrow 15:00: a new task (a form: title, deadline, who does it)
    /done 456: complete a task
    /reopen 456: open a completed task again
    /delegate 456 Anna: hand a task to a colleague
    /comment 456 waiting for the client: comment on a task
    /check 456 Send the invoice: add a checklist item
    /tick 456 2: tick off checklist item 2
    Or just write: "my tasks for today", "close task 456", "remind me to send the invoice on friday".
menu-tasks = your open tasks
menu-task = a task: open one, or a new one
menu-done = complete a task
menu-help = what I can do; /help deals for a module's commands
menu-deals = your deals
menu-deal = a deal: new, open or move
menu-contact = find, open or create a contact
menu-settings = your language and time zone
menu-lang = choose my language
menu-tz = set your time zone
menu-cancel = stop what we're doing
help-general =
    /settings: your language and time zone
    /lang en or /lang ru: choose my language
    /tz Europe/Berlin: set your time zone
    /cancel: stop what we're doing
help-footer = You can also just write, e.g. "new deal Acme 50k" or "find contact Ivanov".
not-understood =
    Sorry, I didn't get that.
    Try /help, or write something like "my deals" or "new contact Ivan Petrov".
nothing-to-cancel = There's nothing to cancel.
lang-set = Okay, I'll speak English from now on.
lang-ask = Which language should I speak?
lang-name-en = English
lang-name-ru = Русский
tz-set = Done: your time zone is now { $tz }.
tz-unknown = I don't know the time zone "{ $tz }". Write it like Europe/Moscow or Asia/Almaty.
tz-ask = Which time zone are you in? Write it like Europe/Moscow or Asia/Almaty.

settings =
    Language: English
    Time zone: { $tz }
    Change them with /lang and /tz.

## Forms: steps shared by every form

form-cancelled = Cancelled. Nothing was saved.
form-expired = That form expired after a day without answers, so nothing was saved. Start again whenever you like.
form-cannot-skip = This step can't be skipped.
form-first-step = This is the first step; there's nothing to go back to.
form-already-saved = That's already saved; I won't save it twice.
form-edit-which = What would you like to change?
button-inactive = This button is no longer active.

## The deal form: title, amount, company, confirm

deal-form-title = What's the deal called? For example: Acme website.
deal-form-amount = Enter the amount, e.g. 50 000, or /skip.
deal-form-amount-invalid = That is not an amount: write a number such as 50000 or 50k.
deal-form-company = Which company is it for? Write its name, or /skip.
deal-form-company-found = { $count ->
    [one] I found one company. Is it this one?
   *[other] I found { $count } companies. Which one is it?
}
deal-form-company-none = There's no company called "{ $query }". Create it, or write another name.
deal-form-confirm = Here's the new deal. Shall I create it?

## The contact form: name, phone, e-mail, confirm

contact-form-name = What's the person's name? For example: Ivan Petrov.
contact-form-phone = What's their phone number? E.g. +7 900 123-45-67, or /skip.
contact-form-phone-invalid = Phone numbers look like +7 900 123-45-67. Try again, or /skip.
contact-form-email = And their e-mail? E.g. ivan@example.com, or /skip.
contact-form-email-invalid = That does not look like an e-mail address. It should look like ivan@example.com.
contact-form-confirm = Here's the new contact. Shall I create it?

## Buttons

button-confirm = Confirm
button-edit = Edit
button-cancel = Cancel
button-skip = Skip
button-back = Back
button-more = More
button-create-company = Create "{ $title }"
button-open = Open in Bitrix24

## Errors: what went wrong and what to do about it

error-missing-scope = I'm not allowed to do that yet: the bot's webhook lacks the "{ $scope }" permission. Ask your Bitrix24 administrator to add it under Developer resources → Inbound webhook → Assign permissions.
error-auth = Bitrix24 no longer accepts the bot's key (the webhook or app may have been removed). Ask your Bitrix24 administrator to check the bot's settings.
error-not-found = I couldn't find that. It may have been deleted, or the number is wrong.
error-no-access = You don't have access to this. Ask the person responsible for it or your administrator.
error-changed-meanwhile = It changed while I was working on it, so I left it as it is. Please try again.
error-limit = Bitrix24 is busy right now. Try again in a minute.
error-outcome-unknown = Bitrix24 didn't answer in time, so I don't know whether that went through. Check in Bitrix24 before repeating, so nothing is created twice.
error-unreachable = I can't reach Bitrix24 right now. Try again in a few minutes.
error-portal-fault = Bitrix24 had a problem answering. Try again in a few minutes; if it keeps happening, tell your administrator the code { $code }.
error-internal = Something went wrong on my side, sorry. If it happens again, tell your administrator the code { $code }.
deal-not-found = There's no deal #{ $id }, or you can't see it.
contact-not-found = There's no contact #{ $id }, or you can't see it.
deal-stage-unknown = There's no stage "{ $stage }". The stages are: { $stages }.

## Cards

card-title = Title
card-name = Name
card-stage = Stage
card-amount = Amount
card-company = Company
card-contact = Contact
card-responsible = Responsible
card-phone = Phone
card-email = E-mail
card-not-set = not set
deal-card-header = Deal #{ $id }: { $title }
contact-card-header = Contact #{ $id }: { $name }

## Lists

deals-header = { $count ->
    [0] You have no deals yet.
    [one] You have { $count } deal
   *[other] You have { $count } deals
}
deals-header-all = { $count ->
    [0] There are no deals yet.
    [one] { $count } deal in all
   *[other] { $count } deals in all
}
deals-header-stage = { $count ->
    [0] No deals at stage "{ $stage }".
    [one] { $count } deal at stage "{ $stage }"
   *[other] { $count } deals at stage "{ $stage }"
}
contacts-found = { $count ->
    [0] No contacts found for "{ $query }".
    [one] Found { $count } contact
   *[other] Found { $count } contacts
}
tasks-count = { $count ->
    [one] { $count } task
   *[other] { $count } tasks
}
list-shown = Showing { $shown } of { $count }.

## Confirmations

deal-created = Deal "{ $title }" created (#{ $id }).
deal-moved = Deal "{ $title }" moved to "{ $stage }".
deal-already-at-stage = Deal "{ $title }" is already at "{ $stage }".
contact-created = Contact { $name } created (#{ $id }).

## The conversation: who you are, what can't be done here, form controls

not-linked = I don't know who you are in Bitrix24 yet, so I can't show anything from the portal. Ask your Bitrix24 administrator to link this chat to your account.
help-forms =
    /back: the previous question of a form
    /skip: skip a question that isn't required
form-none = There's no open question to answer right now.
form-not-a-choice = Please choose one of the buttons, or write an answer.
button-no-company = No company
card-company-new = { $title } (new)
amount-portal-currency = { $amount } (in the portal's currency)

## Deals and contacts in lists and prompts

deal-line = #{ $id } { $title }
deal-line-detail = { $stage } · { $amount }
contact-line = #{ $id } { $name }
deal-move-need-id = Which deal? Write it like /deal move 123 WON.
deal-move-pick-stage = Which stage should deal "{ $title }" move to?
contact-search-need-query = Whom should I look for? Write it like /contact Ivanov or /contact +79001234567.
list-own-only = You can see only your own deals, so here they are.

## The terminal demo

demo-intro =
    You are { $name } (employee #{ $id }) on a local demo portal. Type a message and press Enter; type the number of a button to press it. Try:
      /deals
      new deal Northwind 50k
      /contact +1 (415) 555-0199
      /deal move 4 won
      my tasks for today
      /events week
      /help

## Telegram: linking a chat with a Bitrix24 employee, and the command menu

pairing-ask-email = To link this chat to your Bitrix24 account, send me your work e-mail. I'll send a code to your Bitrix24 notifications.
pairing-how-to-link = I don't know who you are in Bitrix24 yet. Send /start to link this chat to your account.
pairing-code-sent-if = If { $email } is a colleague's work e-mail, a 6-digit code is now in their Bitrix24 notifications. Send it here within 10 minutes.
pairing-notify = Your code to link a chat with the Bitrix24 bot: { $code }. It works for 10 minutes. If you didn't ask for it, ignore this message and share the code with no one.
pairing-linked = Done: this chat is linked to your Bitrix24 account. /help shows what I can do.
pairing-wrong-code = That code is not right. Tries left this hour: { $left }.
pairing-expired = That code has expired. Send your work e-mail again for a new one.
pairing-no-code = I haven't sent you a code. Send your work e-mail first.
pairing-too-many = Too many tries. Please wait an hour and try again.
pairing-token-invalid = This link is no longer valid. Send your work e-mail to link with a code instead.
pairing-not-linked = This chat isn't linked to Bitrix24.
pairing-unlinked = This chat is no longer linked to your Bitrix24 account. Send /start to link it again.
pairing-deactivated = Your Bitrix24 account is deactivated, so I can't work with the portal for you.
tg-command-start = Link this chat to Bitrix24
tg-command-help = What I can do
tg-command-deals = Your deals
tg-command-contact = Find or create a contact
tg-command-cancel = Stop the current form
tg-command-lang = Language: /lang en or /lang ru
tg-command-unlink = Unlink this chat from Bitrix24
demo-telegram-intro = The demo portal is now served by your Telegram bot. Open a link on your phone to chat as that employee (each link works once, for a day). Stop with Ctrl-C.

## Tasks: lists, the card, and changes

tasks-list-today = Due today: { $tasks }
tasks-list-tomorrow = Due tomorrow: { $tasks }
tasks-list-week = Due this week: { $tasks }
tasks-list-overdue = Overdue: { $tasks }
tasks-list-open = Your open tasks: { $tasks }
tasks-none-today = Nothing is due today.
tasks-none-tomorrow = Nothing is due tomorrow.
tasks-none-week = Nothing is due this week.
tasks-none-overdue = No overdue tasks. Well done!
tasks-none-open = You have no open tasks.
task-line = #{ $id } { $title }
task-due = due { $when }
task-no-deadline = no deadline
task-card-header = Task #{ $id }: { $title }
card-status = Status
card-priority = Priority
card-deadline = Deadline
task-checklist = Checklist:
task-comments = Latest comments:
task-comment-line = { $author }: { $text }
checklist-open = ☐ { $item }
checklist-done = ☑ { $item }
task-status-new = New
task-status-pending = Pending
task-status-in-progress = In progress
task-status-awaiting-control = Awaiting approval
task-status-completed = Completed
task-status-deferred = Deferred
task-status-declined = Declined
task-priority-low = Low
task-priority-normal = Normal
task-priority-high = High priority
task-not-found = There's no task #{ $id }, or it isn't yours to see.
task-completed = Task "{ $title }" is completed.
task-awaiting-control = Task "{ $title }" is done and went to its creator for approval.
task-reopened = Task "{ $title }" is open again.
task-already-open = Task "{ $title }" is already open.
task-delegated = Task "{ $title }" is now { $name }'s.
task-commented = Comment added to task "{ $title }".
checklist-added = "{ $item }" added to the checklist of task "{ $title }".
checklist-ticked = "{ $item }" is ticked off.
checklist-already-ticked = "{ $item }" was already ticked off.
checklist-no-item = Task "{ $title }" has no checklist item { $number }: { $count ->
    [0] its checklist is empty.
    [one] it has 1 item.
   *[other] it has { $count } items.
}
colleague-none = I found no colleague named "{ $name }".
colleague-several = Several colleagues match "{ $name }": { $names }. Write the full name.
task-need-id = Which task? Write its number, e.g. /done 456 or /reopen 456.
task-delegate-usage = Write the task's number and the colleague, e.g. /delegate 456 Anna.
task-comment-usage = Write the task's number and the comment, e.g. /comment 456 waiting for the client.
checklist-add-usage = Write the task's number and the item, e.g. /check 456 Send the invoice.
checklist-tick-usage = Write the task's number and the item's number from its card, e.g. /tick 456 2.

## The task form: title, deadline, responsible, confirm

task-form-title = What's the task? Write its title.
task-form-deadline = When is it due? E.g. "tomorrow 15:00" or "friday". Skip if there's no deadline.
task-form-deadline-invalid = I can't read that as a day or time.
task-form-responsible = Who should do it? Write a colleague's name, or Skip to take it yourself.
task-form-no-colleague = I found no colleague by that name.
task-form-pick-responsible = Several colleagues have that name. Which one?
task-form-responsible-you = you
task-form-confirm = Here's the new task. Shall I create it?
task-created = Task "{ $title }" created (#{ $id }).

## Calendar: your events, a colleague's free time, the event form

events-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
events-list-today = Today: { $events }
events-list-tomorrow = Tomorrow: { $events }
events-list-week = The rest of this week: { $events }
events-none-today = Nothing in your calendar today.
events-none-tomorrow = Nothing in your calendar tomorrow.
events-none-week = Nothing more in your calendar this week.
event-line = { $when } { $title }
event-all-day = { $day }, all day
time-range = { $from }–{ $to }
colleague-free = { $name } is free { $when }.
colleague-busy = { $name } is busy { $when }:
colleague-free-usage = Write a colleague and a time, e.g. /free Anna tomorrow 15:00.
event-form-title = What's the event? Write its title.
event-form-start = When does it start? E.g. "tomorrow 15:00" or "friday at 10".
event-form-end = When does it end? E.g. "16:30". Skip for one hour.
event-form-end-before-start = The end has to be after the start.
event-form-attendees = Who else is coming? Write a colleague's name, or Skip if it's just you.
event-form-attendees-more = Coming: { $names }. Anyone else? Write a name, or Skip.
event-form-pick-attendee = Several colleagues have that name. Which one?
event-form-confirm = Here's the new event. Shall I add it to your calendar?
event-only-you = only you
event-created = "{ $title }" is in your calendar, { $when }.
card-start = Start
card-end = End
card-attendees = Attendees
help-calendar =
    /events: today's events; /events tomorrow or /events week
    /event new Demo tomorrow 10:00: a new event (a form: title, start, end, who else comes)
    /free Anna tomorrow 15:00: whether a colleague is free for an hour from then
    Or just write: "what's on my calendar tomorrow", "is Anna free tomorrow at 3pm".
menu-events = today's events
menu-event = a new event
menu-free = is a colleague free at a time

## Leads: your leads, the card, statuses, the lead form

leads-none = You have no leads.
leads-mine = { $count ->
    [one] You have 1 lead
   *[other] You have { $count } leads
}
lead-line = #{ $id } { $title }
lead-card-header = Lead #{ $id }: { $title }
lead-not-found = There's no lead #{ $id }, or it isn't yours to see.
lead-moved = Lead "{ $title }" moved to "{ $status }".
lead-already-at-status = Lead "{ $title }" is already at "{ $status }".
lead-status-unknown = There's no lead status "{ $status }". The statuses are: { $statuses }.
lead-status-which = Which status should lead #{ $id } move to? { $statuses }.
lead-status-usage = Write the lead's number and its new status, e.g. /lead 5 in progress.
lead-created = Lead "{ $title }" created (#{ $id }).
lead-form-title = What's the lead? Write a title, e.g. "Website request".
lead-form-name = Who is the contact person? Write a name, or Skip.
lead-form-phone = Their phone number? Skip if you don't have it.
lead-form-confirm = Here's the new lead. Shall I create it?
help-leads =
    /leads: your leads
    /lead 5: open lead 5
    /lead new Website request: a new lead (a form: title, contact person, phone)
    /lead 5 junk: move a lead to a status, by its code or the portal's name for it
    Or just write: "my leads", "new lead Website request from Ivan Petrov", "move lead 5 to in progress".
menu-leads = your leads
menu-lead = a lead: open, new, or change its status

## Companies: search, the card with deals and contacts, the company form

companies-found = { $count ->
    [0] No companies match "{ $query }".
    [one] Found 1 company
   *[other] Found { $count } companies
}
company-line = #{ $id } { $title }
company-card-header = Company #{ $id }: { $title }
company-not-found = There's no company #{ $id }, or it isn't yours to see.
company-deals = { $count ->
    [0] No deals of yours.
    [one] 1 deal:
   *[other] { $count } deals:
}
company-contacts = { $count ->
    [0] No contacts of yours.
    [one] 1 contact:
   *[other] { $count } contacts:
}
company-created = Company "{ $title }" created (#{ $id }).
company-search-need-query = Which company? Write a part of its title, e.g. /company Acme.
company-form-title = What's the company called?
company-form-confirm = Here's the new company. Shall I create it?
help-companies =
    /company Acme: find companies by a part of the title
    /company 3: open company 3 with its deals and contacts
    /company new Acme Corp: a new company
    Or just write: "find company Acme", "new company Acme Corp".
menu-company = find, open or create a company

## Telegram: shared contact cards
button-create-contact = Create contact

## Telegram: inline search
inline-link-title = Link your Bitrix24 account first
inline-failed-title = The search did not work

## Colleagues: find by name, e-mail or phone, the card, a department's people

colleagues-none = I found no colleague by "{ $query }".
colleagues-found = { $count ->
    [one] 1 colleague matches "{ $query }"
   *[other] { $count } colleagues match "{ $query }"
}
colleague-not-found = There is no colleague #{ $id }.
colleague-search-need-query = Whom should I find? Write a name, an e-mail or a phone, e.g. /who Anna.
card-position = Position
card-department = Department
button-department-people = People of { $department }
department-people = { $count ->
    [0] Nobody works in { $department }.
    [one] 1 person works in { $department }
   *[other] { $count } people work in { $department }
}
help-colleagues =
    /who Maria: find colleagues by name, in any case ("Марии", "Соколову")
    /who m.ivanova@example.com or /who +7 900 100-00-02: find a colleague by e-mail or phone
    The card shows the position, the department and the phones; its button lists the department's people.
    Or just write: "who is Maria", "find colleague Sokolov".
menu-who = find a colleague by name, e-mail or phone

## Messages: to a colleague or a group chat, notifications

message-signed = { $sender }: { $text }
message-sent = Message sent to { $name }.
message-sent-chat = Message sent to { $chat }.
notification-sent = Notification sent to { $name }.
message-send-usage = Write whom and what, e.g. /msg Olivia: the quote went out, or /msg chat1 the quote went out.
message-notify-usage = Write whom and what, e.g. /notify Olivia: the report is due today.
help-messages =
    /msg Olivia: the quote went out: a message to a colleague, named in any case ("Марии")
    /msg chat1 the quote went out: a message to a group chat, by the number in its link
    /msg #Sales team: the quote went out: a message to a group chat you're in, by its title
    /notify Olivia: the report is due today: a notification to a colleague
    Messages are signed with your name. Or just write: "tell Olivia: call me", "notify Olivia: the report is due".
menu-msg = a message to a colleague or a group chat
menu-notify = a notification to a colleague
