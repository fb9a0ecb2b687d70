## Group chats named by their title, and who may post into one

message-chat-none = I found no group chat called "{ $chat }".
message-nobody = I found no colleague and no group chat called "{ $name }".
message-chat-not-member = You aren't a member of { $chat }, so I won't post there for you.
message-chat-several = Several of your group chats are called "{ $chat }". Which one gets the message?
