## Дела: открытые звонки и встречи записи, новое дело, отметка о выполнении, комментарии

help-module-activities = Дела
help-activities =
    /activities deal 12 — открытые дела сделки (или контакта, лида, компании)
    /call deal 12 завтра 10:00 обсудить договор — запланировать звонок (без времени — на ближайший целый час)
    /meeting contact 5 пятница 15:00 демо — запланировать встречу
    /activity done 77 — отметить дело выполненным
    /note deal 12 клиент просит скидку — комментарий в ленте записи
    Или просто напишите: «дела по сделке 12», «позвонить по сделке 12 завтра в 10 обсудить договор», «дело 77 выполнено», «комментарий к сделке 12: клиент просит скидку».
activity-record = { $kind ->
    [deal] сделка
    [contact] контакт
    [lead] лид
   *[company] компания
} #{ $id } «{ $title }»
activity-record-not-found = { $kind ->
    [deal] Сделки
    [contact] Контакта
    [lead] Лида
   *[company] Компании
} #{ $id } нет, или эта запись вам недоступна.
activities-none = Открытых дел нет: { $record }.
activities-open = { $count ->
    [one] { $count } открытое дело: { $record }
    [few] { $count } открытых дела: { $record }
   *[many] { $count } открытых дел: { $record }
}
activity-line = #{ $id } { $kind ->
    [call] Звонок
    [meeting] Встреча
    [task] Задача
    [email] Письмо
   *[todo] Дело
}: { $subject }
activity-button-done = Выполнено #{ $id }
activity-subject-call = Звонок
activity-subject-meeting = Встреча
activity-planned = { $kind ->
    [call] Звонок «{ $subject }» запланирован
   *[meeting] Встреча «{ $subject }» запланирована
}: { $record } (#{ $id }).
activity-nobody = У записи { $record } нет ни контакта, ни компании, с кем звонить или встречаться. Сначала добавьте их на портале.
activity-not-found = Дела #{ $id } нет.
activity-already-done = Дело #{ $id } «{ $subject }» уже выполнено.
activity-done = Дело #{ $id } «{ $subject }» выполнено.
timeline-commented = Комментарий добавлен в ленту: { $record }.
activity-list-usage = Укажите запись, например: /activities deal 12 или «дела по сделке 12».
activity-add-usage = Укажите запись, потом когда и что, например: /call deal 12 завтра 10:00 обсудить договор или «встреча с контактом 5 в пятницу в 15:00».
activity-done-usage = Напишите номер дела, например: /activity done 77 или «дело 77 выполнено».
timeline-comment-usage = Укажите запись и текст, например: /note deal 12 клиент просит скидку или «комментарий к сделке 12: клиент просит скидку».
