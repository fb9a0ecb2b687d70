# What the bot says in every conversation: greetings, help, forms, buttons, errors,
# cards, lists and confirmations. Counts ($count) choose the plural form; ids ($id) are
# written digit for digit; amounts and dates arrive already formatted.

## Greetings and help

greeting = Hi, { $name }! I'm your Bitrix24 assistant: I can find and create deals and contacts right here in the chat.
greeting-stranger = Hi! I'm your Bitrix24 assistant: I can find and create deals and contacts right here in the chat.
help-header = Here's what I can do:
help-deals =
    /deals: your deals
    /deal new Acme 50000: a new deal
    /deal 123: open deal 123
    /deal move 123 WON: move a deal to another stage
help-contacts =
    /contact Ivanov: find a contact by name, phone or e-mail
    /contact new Ivan Petrov +79001234567: a new contact
    /contact 42: open contact 42
help-general =
    /lang en or /lang ru: choose my language
    /tz Europe/Berlin: set your time zone
    /cancel: stop what we're doing
help-footer = You can also just write, e.g. "new deal Acme 50k" or "find contact Ivanov".
not-understood =
    Sorry, I didn't get that.
    Try /help, or write something like "my deals" or "new contact Ivan Petrov".
not-understood-choices = I'm not sure what you mean. Did you mean one of these?
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

## Who you are: linking a chat account with a Bitrix24 employee

pairing-ask = I don't know you yet. Write the e-mail you use in Bitrix24, and I'll send you a code there.
pairing-no-employee = I couldn't find anyone with that e-mail in Bitrix24. Check it and try again.
pairing-code-sent = I've sent a 6-digit code to your Bitrix24 chat. Type it here.
# Sent inside Bitrix24; $valid is a duration such as "10 minutes".
pairing-code-message = Your code for the chat bot: { $code }. It is valid for { $valid }. If you didn't ask for it, just ignore this message.
pairing-code-wrong = That code isn't right. Check it and try again.
pairing-code-expired = That code has expired. Write your e-mail again and I'll send a new one.
pairing-too-many-tries = Too many attempts. Wait a few minutes and try again.
pairing-done = Done, { $name }! This chat is now linked to your Bitrix24 account.

## Forms: steps shared by every form

form-cancelled = Cancelled. Nothing was saved.
form-expired = That form expired after a day without answers, so nothing was saved. Start again whenever you like.
form-cannot-skip = This step can't be skipped.
form-first-step = This is the first step; there's nothing to go back to.
form-already-saved = That's already saved; I won't save it twice.
form-too-long = That's too long: { $max ->
    [one] at most { $max } character, please.
   *[other] at most { $max } characters, please.
}
form-edit-which = What would you like to change?
button-inactive = This button is no longer active.

## The deal form: title, amount, company, confirm

deal-form-title = What's the deal called? For example: Acme website.
deal-form-title-empty = The title can't be empty. Write a few words, e.g. Acme website.
deal-form-amount = Enter the amount, e.g. 50 000, or /skip.
deal-form-amount-invalid = That is not an amount: write a number such as 50000 or 50k.
deal-form-amount-not-positive = The amount must be more than zero.
deal-form-company = Which company is it for? Write its name, or /skip.
deal-form-company-found = { $count ->
    [one] I found one company. Is it this one?
   *[other] I found { $count } companies. Which one is it?
}
deal-form-company-none = There's no company called "{ $query }". Create it, or write another name.
deal-form-confirm = Here's the new deal. Shall I create it?

## The contact form: name, phone, e-mail, confirm

contact-form-name = What's the person's name? For example: Ivan Petrov.
contact-form-name-empty = The name can't be empty. Write it like Ivan Petrov.
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
error-limit = Bitrix24 is busy right now. Try again in a minute.
error-outcome-unknown = Bitrix24 didn't answer in time, so I don't know whether that went through. Check in Bitrix24 before repeating, so nothing is created twice.
error-unreachable = I can't reach Bitrix24 right now. Try again in a few minutes.
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
card-created = Created
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
not-available = I can't do that in this chat yet. /help lists what I can do.
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
      /help

## telegram

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
