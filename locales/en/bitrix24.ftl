# The Bitrix24 chat channel: the bot in the portal's own messenger.

b24-bot-name = B24 Assistant
b24-bot-description = Deals, tasks, contacts and your calendar, right in the chat
b24-button-command = Button
b24-greeting = Hello! I'm the portal's assistant: deals, tasks, contacts and the calendar. Mention me with a request, or write /help in a private chat with me.
b24-telegram-off = Telegram isn't set up for this bot, so there is nothing to link yet.
b24-telegram-link = Open this link on the phone or computer where you use Telegram: it links your Telegram to your Bitrix24 account. It works once, within 10 minutes.
b24-telegram-open = Link my Telegram
