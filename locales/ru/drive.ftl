# Диск в чате: хранилища, папки и файлы кнопками, карточка файла, файл в чат и файл из чата в
# выбранную папку. Размеры ($size, $limit) приходят отформатированными; $count выбирает форму
# множественного числа.

## Просмотр

drive-title = Ваши диски:
drive-my-drive = Мой диск
drive-folder-button = 📁 { $name }
drive-file-button = 📄 { $name }
drive-folder-empty = Папка пуста.
drive-folder-none = Папки «{ $name }» нет в корне вашего диска и общего диска компании. Ваши диски:
drive-folders-found = { $count ->
    [one] Под «{ $name }» подходит { $count } папка:
    [few] Под «{ $name }» подходят { $count } папки:
   *[many] Под «{ $name }» подходят { $count } папок:
}
drive-no-storages = Я не вижу дисков, доступных вам.
drive-not-found = Не могу открыть: этого нет ни на вашем диске, ни на общем.
drive-up-button = ⬆️ Выше
drive-all-button = 🗂 Все диски

## Карточка файла и файл в чат

drive-card-size = Размер
drive-card-modified = Изменён
drive-card-changed-by = Кем изменён
drive-open-in-portal = Открыть в Битрикс24
drive-send-button = 📤 Прислать в чат
drive-sent = Вот { $name }.
drive-send-too-large = { $name } больше { $limit } — столько я не могу прислать в чат. Откройте его в Битрикс24.
drive-size-bytes = { $size } Б
drive-size-kb = { $size } КБ
drive-size-mb = { $size } МБ

## Файл, присланный в чат

drive-save-title = Сохранить на Диск?
drive-save-ask = { $name }, { $size }. Выберите диск, затем папку.
drive-save-where = Куда сохранить { $name }?
drive-save-folder = Папка
drive-save-here-button = 💾 Сохранить сюда
drive-saved = { $name } сохранён в «{ $folder }».
drive-show-file = 📄 Показать файл
drive-saving = Этот файл как раз сохраняется.
drive-upload-gone = Этот файл больше не ждёт папку (файлы ждут сутки). Пришлите его ещё раз.
drive-file-too-large = В файле { $name } { $size }, а я принимаю файлы до { $limit }. Загрузите его в самом Битрикс24.
drive-file-unavailable = Не удалось получить { $name } из чата. Пришлите его ещё раз.

## Консоль: файлы с этого компьютера и на него

console-upload-usage = Напишите /upload и путь к файлу на этом компьютере, например /upload ~/report.pdf.
console-upload-unreadable = Не могу прочитать { $path }: { $reason }
console-download-saved = 📎 { $name }: сохранён в { $path }
console-download-failed = 📎 { $name }: не удалось сохранить ({ $reason }).

## Справка

help-files =
    /files — ваш диск и общий диск компании, кнопками
    /files Договоры — открыть папку по названию
    Пришлите документ или фото — сохраню в выбранную папку.
    В карточке файла есть «Прислать в чат» — файл придёт сюда.
menu-files = файлы с Диска, файл в чат
