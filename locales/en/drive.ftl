# Drive in the chat: storages, folders and files as buttons, a file's card, files sent into the
# chat, and files received in the chat saved to a folder. Sizes ($size, $limit) arrive
# formatted; $count chooses the plural form.

## Browsing

drive-title = Your drives:
drive-my-drive = My drive
drive-folder-button = 📁 { $name }
drive-file-button = 📄 { $name }
drive-folder-empty = This folder is empty.
drive-folder-none = I found no folder called "{ $name }" at the top of your drive or the company's. Your drives:
drive-folders-found = { $count ->
    [one] { $count } folder matches "{ $name }":
   *[other] { $count } folders match "{ $name }":
}
drive-no-storages = I see no drive you can use.
drive-not-found = I can't open that: it isn't in your drive or the company's.
drive-up-button = ⬆️ Up
drive-all-button = 🗂 All drives

## A file's card, and a file sent into the chat

drive-card-size = Size
drive-card-modified = Modified
drive-card-changed-by = Changed by
drive-open-in-portal = Open in Bitrix24
drive-send-button = 📤 Send to chat
drive-sent = Here is { $name }.
drive-send-too-large = { $name } is larger than { $limit }, more than I can send into the chat. Open it in Bitrix24.
drive-size-bytes = { $size } B
drive-size-kb = { $size } KB
drive-size-mb = { $size } MB

## A file received in the chat

drive-save-title = Save to Drive?
drive-save-ask = { $name }, { $size }. Pick a drive, then a folder.
drive-save-where = Where should I save { $name }?
drive-save-folder = Folder
drive-save-here-button = 💾 Save here
drive-saved = Saved { $name } to { $folder }.
drive-show-file = 📄 Show the file
drive-saving = That file is being saved right now.
drive-upload-gone = That file is no longer waiting for a folder (files wait a day). Send it again.
drive-file-too-large = { $name } has { $size }; I can take files up to { $limit }. Upload it in Bitrix24 itself.
drive-file-unavailable = I couldn't get { $name } from the chat. Please send it again.

## The console: files from and to this computer

console-upload-usage = Write /upload and the path of a file on this computer, e.g. /upload ~/report.pdf.
console-upload-unreadable = I can't read { $path }: { $reason }
console-download-saved = 📎 { $name }: saved to { $path }
console-download-failed = 📎 { $name }: I couldn't save it ({ $reason }).

## Help

help-files =
    /files: your drive and the company's, as buttons
    /files Contracts: open a folder by name
    Send me a document or a photo: I'll save it to the folder you pick.
    A file's card has "Send to chat": the file comes here.
menu-files = browse your files, send one into the chat
