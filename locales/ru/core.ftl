# Что бот говорит в любом разговоре: приветствие, справка, формы, кнопки, ошибки,
# карточки, списки и подтверждения. Числа ($count) выбирают форму множественного числа;
# номера ($id) пишутся как есть; суммы и даты приходят уже отформатированными.

## Приветствие и справка

greeting = Здравствуйте, { $name }! Я помощник по Битрикс24: сделки, контакты, компании, лиды, задачи и календарь прямо в чате.
greeting-stranger = Здравствуйте! Я помощник по Битрикс24: сделки, контакты, компании, лиды, задачи и календарь прямо в чате.
help-header = Вот что я умею:
help-module-line = { $module } — /help { $topic }
help-topic-unknown = Справки по теме «{ $topic }» у меня нет. Вот разделы, которые я знаю:
help-module-deals = Сделки
help-module-contacts = Контакты
help-module-leads = Лиды
help-module-companies = Компании
help-module-tasks = Задачи
help-module-calendar = Календарь
help-module-files = Файлы
help-module-messages = Сообщения
help-module-colleagues = Коллеги
help-deals =
    /deals — ваши сделки
    /deals won — ваши сделки на стадии
    /deal new Ромашка 50000 — новая сделка
    /deal 123 — открыть сделку 123
    /deal move 123 WON — перевести сделку на другую стадию
    Или просто напишите: «мои сделки», «новая сделка Ромашка 50к», «сделка 123 выиграна».
help-contacts =
    /contact Иванов — найти контакт по имени, телефону или e-mail
    /contact new Иван Петров +79001234567 — новый контакт
    /contact 42 — открыть контакт 42
    Или просто напишите: «найди контакт Иванов», «новый контакт Иван Петров».
help-tasks =
    /tasks — ваши открытые задачи; /tasks today, tomorrow, week или overdue
    /task 456 — задача с чек-листом и последними комментариями
    /task new Позвонить Ивану завтра в 15:00 — новая задача (форма: название, срок, исполнитель)
    /done 456 — завершить задачу
    /reopen 456 — снова открыть завершённую задачу
    /delegate 456 Анна — передать задачу коллеге
    /comment 456 ждём ответа клиента — комментарий к задаче
    /check 456 Отправить счёт — добавить пункт в чек-лист
    /tick 456 2 — отметить пункт 2 чек-листа
    Или просто напишите: «мои задачи на сегодня», «закрой задачу 456», «напомни отправить счёт в пятницу».
menu-tasks = ваши открытые задачи
menu-task = задача: открыть или создать
menu-done = завершить задачу
menu-help = что я умею; /help deals — команды раздела
menu-deals = ваши сделки
menu-deal = сделка: новая, открыть, перевести
menu-contact = найти, открыть или создать контакт
menu-settings = ваш язык и часовой пояс
menu-lang = выбрать язык
menu-tz = указать часовой пояс
menu-cancel = прервать текущее действие
help-general =
    /settings — ваш язык и часовой пояс
    /lang ru или /lang en — выбрать язык
    /tz Europe/Moscow — указать часовой пояс
    /cancel — прервать текущее действие
help-footer = Можно и просто написать: «новая сделка Ромашка 50к» или «найди контакт Иванов».
not-understood =
    Простите, не понял.
    Попробуйте /help или напишите, например, «мои сделки» или «новый контакт Иван Петров».
nothing-to-cancel = Отменять нечего.
lang-set = Хорошо, теперь буду говорить по-русски.
lang-ask = На каком языке мне говорить?
lang-name-en = English
lang-name-ru = Русский
tz-set = Готово: ваш часовой пояс теперь { $tz }.
tz-unknown = Не знаю часового пояса «{ $tz }». Напишите, например, Europe/Moscow или Asia/Almaty.
tz-ask = В каком вы часовом поясе? Напишите, например, Europe/Moscow или Asia/Almaty.

settings =
    Язык: русский
    Часовой пояс: { $tz }
    Изменить их можно командами /lang и /tz.

## Формы: общие шаги

form-cancelled = Отменено, ничего не сохранено.
form-expired = Форма устарела: ответа не было больше суток, поэтому ничего не сохранено. Начните заново, когда будет удобно.
form-cannot-skip = Этот шаг нельзя пропустить.
form-first-step = Это первый шаг, назад возвращаться некуда.
form-already-saved = Это уже сохранено, повторно сохранять не буду.
form-edit-which = Что изменить?
button-inactive = Эта кнопка больше не работает.

## Форма сделки: название, сумма, компания, подтверждение

deal-form-title = Как назовём сделку? Например: Сайт для Ромашки.
deal-form-amount = Введите сумму, например 50 000, или /skip.
deal-form-amount-invalid = Это не похоже на сумму: напишите число, например 50000 или 50к.
deal-form-company = Для какой компании сделка? Напишите название или /skip.
deal-form-company-found = { $count ->
    [1] Нашлась одна компания. Это она?
    [one] Нашлась { $count } компания. Какая из них?
    [few] Нашлось { $count } компании. Какая из них?
   *[many] Нашлось { $count } компаний. Какая из них?
}
deal-form-company-none = Компании «{ $query }» не нашлось. Создайте её или напишите другое название.
deal-form-confirm = Вот новая сделка. Создаём?

## Форма контакта: имя, телефон, e-mail, подтверждение

contact-form-name = Как зовут человека? Например: Иван Петров.
contact-form-phone = Какой номер телефона? Например, +7 900 123-45-67, или /skip.
contact-form-phone-invalid = Номер телефона выглядит так: +7 900 123-45-67. Попробуйте ещё раз или /skip.
contact-form-email = А e-mail? Например, ivan@example.com, или /skip.
contact-form-email-invalid = Это не похоже на адрес электронной почты. Нужно что-то вроде ivan@example.com.
contact-form-confirm = Вот новый контакт. Создаём?

## Кнопки

button-confirm = Подтвердить
button-edit = Изменить
button-cancel = Отмена
button-skip = Пропустить
button-back = Назад
button-more = Ещё
button-create-company = Создать «{ $title }»
button-open = Открыть в Битрикс24

## Ошибки: что случилось и что с этим делать

error-missing-scope = Мне пока нельзя это делать: у вебхука бота нет права «{ $scope }». Попросите администратора Битрикс24 добавить его: Разработчикам → Входящий вебхук → Настройка прав.
error-auth = Битрикс24 больше не принимает ключ бота (возможно, вебхук или приложение удалили). Попросите администратора Битрикс24 проверить настройки бота.
error-not-found = Ничего не нашлось. Возможно, запись удалили или в номере ошибка.
error-no-access = У вас нет доступа к этому. Обратитесь к ответственному или к администратору.
error-changed-meanwhile = Запись изменилась, пока я с ней работал, поэтому я её не трогал. Попробуйте ещё раз.
error-limit = Битрикс24 сейчас перегружен. Попробуйте через минуту.
error-outcome-unknown = Битрикс24 не ответил вовремя, и я не знаю, выполнилось ли действие. Проверьте в Битрикс24, прежде чем повторять, чтобы ничего не создалось дважды.
error-unreachable = Не получается связаться с Битрикс24. Попробуйте через несколько минут.
error-portal-fault = У Битрикс24 что-то сломалось при ответе. Попробуйте через несколько минут; если повторится, сообщите администратору код { $code }.
error-internal = Что-то пошло не так на моей стороне, простите. Если повторится, сообщите администратору код { $code }.
deal-not-found = Сделки #{ $id } нет, или она вам недоступна.
contact-not-found = Контакта #{ $id } нет, или он вам недоступен.
deal-stage-unknown = Стадии «{ $stage }» нет. Есть такие стадии: { $stages }.

## Карточки

card-title = Название
card-name = Имя
card-stage = Стадия
card-amount = Сумма
card-company = Компания
card-contact = Контакт
card-responsible = Ответственный
card-phone = Телефон
card-email = E-mail
card-not-set = не указано
deal-card-header = Сделка #{ $id }: { $title }
contact-card-header = Контакт #{ $id }: { $name }

## Списки

deals-header = { $count ->
    [0] У вас пока нет сделок.
    [one] У вас { $count } сделка
    [few] У вас { $count } сделки
   *[many] У вас { $count } сделок
}
deals-header-all = { $count ->
    [0] Сделок пока нет.
    [one] Всего { $count } сделка
    [few] Всего { $count } сделки
   *[many] Всего { $count } сделок
}
deals-header-stage = { $count ->
    [0] На стадии «{ $stage }» сделок нет.
    [one] { $count } сделка на стадии «{ $stage }»
    [few] { $count } сделки на стадии «{ $stage }»
   *[many] { $count } сделок на стадии «{ $stage }»
}
contacts-found = { $count ->
    [0] По запросу «{ $query }» контактов не нашлось.
    [one] Найден { $count } контакт
    [few] Найдено { $count } контакта
   *[many] Найдено { $count } контактов
}
tasks-count = { $count ->
    [one] { $count } задача
    [few] { $count } задачи
   *[many] { $count } задач
}
list-shown = Показано { $shown } из { $count }.

## Подтверждения

deal-created = Сделка «{ $title }» создана (#{ $id }).
deal-moved = Сделка «{ $title }» переведена на стадию «{ $stage }».
deal-already-at-stage = Сделка «{ $title }» уже на стадии «{ $stage }».
contact-created = Контакт { $name } создан (#{ $id }).

## Разговор: кто вы, чего здесь нельзя, управление формой

not-linked = Я пока не знаю, кто вы в Битрикс24, поэтому ничего из портала показать не могу. Попросите администратора Битрикс24 связать этот чат с вашим аккаунтом.
help-forms =
    /back — предыдущий вопрос формы
    /skip — пропустить необязательный вопрос
form-none = Сейчас нет вопроса, на который нужно ответить.
form-not-a-choice = Выберите одну из кнопок или напишите ответ.
button-no-company = Без компании
card-company-new = { $title } (новая)
amount-portal-currency = { $amount } (в валюте портала)

## Сделки и контакты в списках и вопросах

deal-line = #{ $id } { $title }
deal-line-detail = { $stage } · { $amount }
contact-line = #{ $id } { $name }
deal-move-need-id = Какую сделку? Напишите, например, /deal move 123 WON.
deal-move-pick-stage = На какую стадию перевести сделку «{ $title }»?
contact-search-need-query = Кого искать? Напишите, например, /contact Иванов или /contact +79001234567.
list-own-only = Вам видны только ваши сделки, вот они.

## Демо в терминале

demo-intro =
    Вы — { $name } (сотрудник #{ $id }) на локальном демо-портале. Напишите сообщение и нажмите Enter; чтобы нажать кнопку, введите её номер. Попробуйте:
      мои сделки
      новая сделка Northwind 50 тыс
      найди контакт +1 (415) 555-0199
      сделка 4 выиграна
      мои задачи на сегодня
      что у меня на неделе
      /help

## Telegram: связь чата с сотрудником Битрикс24 и меню команд

pairing-ask-email = Чтобы связать этот чат с вашим аккаунтом Битрикс24, пришлите свою рабочую почту. Я отправлю код в ваши уведомления Битрикс24.
pairing-how-to-link = Я пока не знаю, кто вы в Битрикс24. Отправьте /start, чтобы связать этот чат с аккаунтом.
pairing-code-sent-if = Если { $email } — рабочая почта сотрудника, в его уведомлениях Битрикс24 уже есть код из 6 цифр. Пришлите его сюда в течение 10 минут.
pairing-notify = Ваш код для связи чата с ботом Битрикс24: { $code }. Он действует 10 минут. Если вы его не запрашивали, не обращайте внимания и никому не сообщайте код.
pairing-linked = Готово: этот чат связан с вашим аккаунтом Битрикс24. /help — что я умею.
pairing-wrong-code = Код неверный. Осталось попыток в этот час: { $left }.
pairing-expired = Срок кода истёк. Пришлите рабочую почту ещё раз, чтобы получить новый.
pairing-no-code = Я не отправлял вам код. Сначала пришлите рабочую почту.
pairing-too-many = Слишком много попыток. Подождите час и попробуйте снова.
pairing-token-invalid = Эта ссылка больше не действует. Пришлите рабочую почту, чтобы связать чат по коду.
pairing-not-linked = Этот чат не связан с Битрикс24.
pairing-unlinked = Этот чат больше не связан с вашим аккаунтом Битрикс24. Отправьте /start, чтобы связать снова.
pairing-deactivated = Ваш аккаунт Битрикс24 деактивирован, поэтому я не могу работать с порталом от вашего имени.
tg-command-start = Связать чат с Битрикс24
tg-command-help = Что я умею
tg-command-deals = Ваши сделки
tg-command-contact = Найти или создать контакт
tg-command-cancel = Прервать текущую форму
tg-command-lang = Язык: /lang en или /lang ru
tg-command-unlink = Отвязать чат от Битрикс24
demo-telegram-intro = Демо-портал теперь доступен через вашего бота в Telegram. Откройте ссылку на телефоне, чтобы общаться от имени сотрудника (каждая ссылка срабатывает один раз, в течение суток). Остановить — Ctrl-C.

## Задачи: списки, карточка и изменения

tasks-list-today = На сегодня: { $tasks }
tasks-list-tomorrow = На завтра: { $tasks }
tasks-list-week = На этой неделе: { $tasks }
tasks-list-overdue = Просрочено: { $tasks }
tasks-list-open = Ваши открытые задачи: { $tasks }
tasks-none-today = На сегодня задач нет.
tasks-none-tomorrow = На завтра задач нет.
tasks-none-week = На этой неделе задач нет.
tasks-none-overdue = Просроченных задач нет. Отлично!
tasks-none-open = Открытых задач у вас нет.
task-line = #{ $id } { $title }
task-due = срок: { $when }
task-no-deadline = без срока
task-card-header = Задача #{ $id }: { $title }
card-status = Статус
card-priority = Приоритет
card-deadline = Срок
task-checklist = Чек-лист:
task-comments = Последние комментарии:
task-comment-line = { $author }: { $text }
checklist-open = ☐ { $item }
checklist-done = ☑ { $item }
task-status-new = Новая
task-status-pending = Ждёт выполнения
task-status-in-progress = Выполняется
task-status-awaiting-control = Ждёт контроля
task-status-completed = Завершена
task-status-deferred = Отложена
task-status-declined = Отклонена
task-priority-low = Низкий
task-priority-normal = Обычный
task-priority-high = Высокий приоритет
task-not-found = Задачи #{ $id } нет, или она вам недоступна.
task-completed = Задача «{ $title }» завершена.
task-awaiting-control = Задача «{ $title }» выполнена и отправлена постановщику на контроль.
task-reopened = Задача «{ $title }» снова открыта.
task-already-open = Задача «{ $title }» и так открыта.
task-delegated = Задача «{ $title }» передана: { $name }.
task-commented = Комментарий к задаче «{ $title }» добавлен.
checklist-added = «{ $item }» — в чек-листе задачи «{ $title }».
checklist-ticked = Пункт «{ $item }» отмечен.
checklist-already-ticked = Пункт «{ $item }» уже был отмечен.
checklist-no-item = В задаче «{ $title }» нет пункта { $number }: { $count ->
    [0] чек-лист пуст.
    [one] в чек-листе { $count } пункт.
    [few] в чек-листе { $count } пункта.
   *[many] в чек-листе { $count } пунктов.
}
colleague-none = Не нашёл коллегу по имени «{ $name }».
colleague-several = Под «{ $name }» подходят несколько коллег: { $names }. Напишите имя и фамилию.
task-need-id = Какая задача? Напишите её номер, например /done 456 или /reopen 456.
task-delegate-usage = Напишите номер задачи и коллегу, например /delegate 456 Анна.
task-comment-usage = Напишите номер задачи и комментарий, например /comment 456 ждём ответа клиента.
checklist-add-usage = Напишите номер задачи и пункт, например /check 456 Отправить счёт.
checklist-tick-usage = Напишите номер задачи и номер пункта из её карточки, например /tick 456 2.

## Форма задачи: название, срок, ответственный, подтверждение

task-form-title = Что нужно сделать? Напишите название задачи.
task-form-deadline = Какой срок? Например, «завтра в 15:00» или «в пятницу». Пропустите, если срока нет.
task-form-deadline-invalid = Не понял, какой это день или время.
task-form-responsible = Кто будет делать? Напишите имя коллеги или пропустите — тогда ответственным будете вы.
task-form-no-colleague = Коллегу с таким именем я не нашёл.
task-form-pick-responsible = С таким именем несколько коллег. Кого выбрать?
task-form-responsible-you = вы
task-form-confirm = Вот новая задача. Создать?
task-created = Задача «{ $title }» создана (#{ $id }).

## Календарь: ваши события, свободное время коллеги, форма события

events-count = { $count ->
    [one] { $count } событие
    [few] { $count } события
   *[many] { $count } событий
}
events-list-today = Сегодня: { $events }
events-list-tomorrow = Завтра: { $events }
events-list-week = До конца недели: { $events }
events-none-today = Сегодня в календаре ничего нет.
events-none-tomorrow = Завтра в календаре ничего нет.
events-none-week = До конца недели в календаре больше ничего нет.
event-line = { $when } { $title }
event-all-day = { $day }, весь день
time-range = { $from }–{ $to }
colleague-free = { $name }: свободное время { $when }.
colleague-busy = { $name }: занято { $when }:
colleague-free-usage = Напишите коллегу и время, например /free Анна завтра 15:00.
event-form-title = Что за событие? Напишите название.
event-form-start = Когда начало? Например, «завтра в 15:00» или «в пятницу в 10».
event-form-end = Когда конец? Например, «16:30». Пропустите — будет один час.
event-form-end-before-start = Конец должен быть позже начала.
event-form-attendees = Кто ещё участвует? Напишите имя коллеги или пропустите, если только вы.
event-form-attendees-more = Участвуют: { $names }. Кто-то ещё? Напишите имя или пропустите.
event-form-pick-attendee = С таким именем несколько коллег. Кого выбрать?
event-form-confirm = Вот новое событие. Добавить в ваш календарь?
event-only-you = только вы
event-created = «{ $title }» — в вашем календаре, { $when }.
card-start = Начало
card-end = Конец
card-attendees = Участники
help-calendar =
    /events — события на сегодня; /events tomorrow или /events week
    /event new Демо завтра 10:00 — новое событие (форма: название, начало, конец, участники)
    /free Анна завтра 15:00 — свободен ли коллега в течение часа с этого времени
    Или просто напишите: «что у меня завтра», «свободна ли Анна завтра в 15».
menu-events = события на сегодня
menu-event = новое событие
menu-free = свободен ли коллега в это время

## Лиды: ваши лиды, карточка, статусы, форма лида

leads-none = Лидов у вас нет.
leads-mine = { $count ->
    [one] У вас { $count } лид
    [few] У вас { $count } лида
   *[many] У вас { $count } лидов
}
lead-line = #{ $id } { $title }
lead-card-header = Лид #{ $id }: { $title }
lead-not-found = Лида #{ $id } нет, или он вам недоступен.
lead-moved = Лид «{ $title }» переведён в статус «{ $status }».
lead-already-at-status = Лид «{ $title }» и так в статусе «{ $status }».
lead-status-unknown = Статуса «{ $status }» нет. Есть такие статусы: { $statuses }.
lead-status-which = В какой статус перевести лид #{ $id }? { $statuses }.
lead-status-usage = Напишите номер лида и новый статус, например /lead 5 JUNK.
lead-created = Лид «{ $title }» создан (#{ $id }).
lead-form-title = Что за лид? Напишите название, например «Заявка с сайта».
lead-form-name = Как зовут контактное лицо? Напишите имя или пропустите.
lead-form-phone = Его телефон? Пропустите, если номера нет.
lead-form-confirm = Вот новый лид. Создать?
help-leads =
    /leads — ваши лиды
    /lead 5 — открыть лид 5
    /lead new Заявка с сайта — новый лид (форма: название, контактное лицо, телефон)
    /lead 5 junk — перевести лид в статус по коду или по названию в портале
    Или просто напишите: «мои лиды», «новый лид Заявка с сайта от Ивана Петрова», «переведи лид 5 в JUNK».
menu-leads = ваши лиды
menu-lead = лид: открыть, создать или сменить статус

## Компании: поиск, карточка со сделками и контактами, форма компании

companies-found = { $count ->
    [0] Компаний по запросу «{ $query }» нет.
    [one] Нашлась { $count } компания
    [few] Нашлось { $count } компании
   *[many] Нашлось { $count } компаний
}
company-line = #{ $id } { $title }
company-card-header = Компания #{ $id }: { $title }
company-not-found = Компании #{ $id } нет, или она вам недоступна.
company-deals = { $count ->
    [0] Ваших сделок нет.
    [one] { $count } сделка:
    [few] { $count } сделки:
   *[many] { $count } сделок:
}
company-contacts = { $count ->
    [0] Ваших контактов нет.
    [one] { $count } контакт:
    [few] { $count } контакта:
   *[many] { $count } контактов:
}
company-created = Компания «{ $title }» создана (#{ $id }).
company-search-need-query = Какая компания? Напишите часть названия, например /company Ромашка.
company-form-title = Как называется компания?
company-form-confirm = Вот новая компания. Создать?
help-companies =
    /company Ромашка — найти компании по части названия
    /company 3 — открыть компанию 3 с её сделками и контактами
    /company new Ромашка — новая компания
    Или просто напишите: «найди компанию Ромашка», «новая компания Ромашка».
menu-company = найти, открыть или создать компанию

## Telegram: shared contact cards
button-create-contact = Создать контакт

## Telegram: inline search
inline-link-title = Сначала свяжите аккаунт Bitrix24
inline-failed-title = Поиск не удался

## Коллеги: поиск по имени, e-mail или телефону, карточка, сотрудники отдела

colleagues-none = Коллег по запросу «{ $query }» я не нашёл.
colleagues-found = { $count ->
    [one] По запросу «{ $query }» нашёлся { $count } коллега
    [few] По запросу «{ $query }» нашлись { $count } коллеги
   *[many] По запросу «{ $query }» нашлось { $count } коллег
}
colleague-not-found = Коллеги #{ $id } нет.
colleague-search-need-query = Кого найти? Напишите имя, e-mail или телефон, например /who Мария.
card-position = Должность
card-department = Отдел
button-department-people = Сотрудники: { $department }
department-people = { $count ->
    [0] В отделе «{ $department }» никого нет.
    [one] В отделе «{ $department }» { $count } сотрудник
    [few] В отделе «{ $department }» { $count } сотрудника
   *[many] В отделе «{ $department }» { $count } сотрудников
}
help-colleagues =
    /who Мария — найти коллег по имени в любом падеже («Марии», «Соколову»)
    /who m.ivanova@example.com или /who +7 900 100-00-02 — найти коллегу по e-mail или телефону
    В карточке — должность, отдел и телефоны; кнопка под ней покажет сотрудников отдела.
    Или просто напишите: «кто такая Мария», «найди сотрудника Соколова».
menu-who = найти коллегу по имени, e-mail или телефону

## Сообщения: коллеге или в групповой чат, уведомления

message-signed = { $sender }: { $text }
message-sent = Сообщение отправлено: { $name }.
message-sent-chat = Сообщение отправлено в { $chat }.
notification-sent = Уведомление отправлено: { $name }.
message-send-usage = Напишите кому и что, например /msg Марии: КП отправлено, или /msg chat1 КП отправлено.
message-notify-usage = Напишите кому и что, например /notify Марии: отчёт сегодня.
help-messages =
    /msg Марии: КП отправлено — сообщение коллеге, имя в любом падеже
    /msg chat1 КП отправлено — сообщение в групповой чат, по номеру из его ссылки
    /msg #Отдел продаж: КП отправлено — сообщение в групповой чат, где вы участник, по его названию
    /notify Марии: отчёт сегодня — уведомление коллеге
    Сообщения подписаны вашим именем. Или просто напишите: «напиши Марии: перезвони», «уведоми Марию: отчёт сегодня».
menu-msg = сообщение коллеге или в групповой чат
menu-notify = уведомление коллеге
