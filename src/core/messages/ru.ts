import { plural } from "../format.ts";
import type { Messages } from "./en.ts";

/**
 * The bot's fixed wording in Russian. Quotation marks are «ёлочки»; a language's name is in
 * the prepositional case, as it reads after «на» («на французском»).
 */
export const ru: Messages = {
  summaryShortTitle: "Коротко",
  summaryLongTitle: "Подробно",
  quoteTitle: (speaker: string) => `Цитата — ${speaker}`,
  quotesTitle: "Цитаты из статьи",
  translationLabel: "Перевод наш, не из статьи",
  where: (paragraph: number, section: string) => `Раздел статьи «${section}», абзац ${paragraph}`,
  unsureMatch: (query: string, name: string) => `«${query}»: вероятно, вы ищете: ${name}.`,
  unquotedTitle: (name: string) => `Нет цитат: ${name}`,
  unquoted: (name: string, office: string) =>
    `${name} (${office}) упоминается в статье, но статья не приводит ни одной цитаты.`,
  quotedAre: "В статье цитируются:",
  unknownTitle: "В статье нет человека с таким именем",
  nobodyFromTitle: (country: string) => `Нет цитат: ${country}`,
  nobodyFrom: (country: string) => `Статья не цитирует никого из этой страны (${country}).`,
  unknown: (query: string) => `Мы не нашли никого по запросу «${query}».`,
  ambiguousTitle: "Уточните запрос",
  ambiguous: (query: string) => `Запросу «${query}» соответствуют несколько человек:`,
  emptyTitle: "Чью цитату показать?",
  empty: "Укажите имя, например /quote Лукашенко. В статье цитируются:",
  cardButton: "Картинка",
  membersTitle: (count: number, acronym: string) => `Государства — члены ${acronym} (${count})`,
  outcomeTitle: "Итоги саммита",
  outcomeReading: "Оценка статьи",
  contextTitle: "Контекст",
  happeningsTitle: "Что произошло",
  sourceTitle: "Источник",
  sourceLine: (title: string | null, lang: string, published: string) =>
    title === null
      ? `Источник: статья на ${lang} языке, ${published}`
      : `Источник: «${title}», статья на ${lang} языке, ${published}`,
  languageName: { fr: "французском", en: "английском", ru: "русском" },
  publisherUnknown: "Издание: не указано в имеющемся у нас тексте",
  publisher: (name: string) => `Издание: ${name}`,
  quotesCount: (n: number) =>
    `${n} ${plural("ru", n, { one: "цитата приведена", few: "цитаты приведены", other: "цитат приведено" })} дословно`,
  helpTitle: "Summit Brief — справка",
  helpIntro: (acronym: string, city: string, date: string) =>
    `Новостной бот о саммите ${acronym} (${city}, ${date}). Цитаты приводятся дословно; переводы — наши.`,
  digestTitle: (headline: string) => `Сводка дня — ${headline}`,
  digestQuote: "Цитата",
  digestMore: "Подробнее: /summary, /quote, /members, /outcome, /source",
  helpManagers: (what: string) => `${what}: только для тех, кто управляет каналом или группой`,
  unknownStoryTitle: "Неизвестный сюжет",
  unknownStory: (id: string) => `Сюжета с идентификатором «${id}» нет. Доступные сюжеты:`,
  storiesTitle: "Сюжеты",
  storiesHow:
    "Чтобы выбрать сюжет, используйте параметр story, например /summary story:идентификатор.",
  unknownLengthTitle: "Неизвестный объём",
  unknownLength: (value: string) =>
    `«${value}» — непонятный объём: /summary коротко (по умолчанию) или /summary подробно.`,
  invalidCommandTitle: "Неизвестная команда",
  invalidCommand: (name: string) => `У этого бота нет команды «${name}».`,
  translationMarks: { open: "«", close: "»" },
  fallbackNote: (languages: string) =>
    `Часть этого ответа ещё не переведена на русский язык и приводится на ${languages}.`,
  dates: {
    months: [
      "январь",
      "февраль",
      "март",
      "апрель",
      "май",
      "июнь",
      "июль",
      "август",
      "сентябрь",
      "октябрь",
      "ноябрь",
      "декабрь",
    ],
    // In a day-month-year date the month is in the genitive: «23 ноября 2022 г.».
    monthsOfDay: [
      "января",
      "февраля",
      "марта",
      "апреля",
      "мая",
      "июня",
      "июля",
      "августа",
      "сентября",
      "октября",
      "ноября",
      "декабря",
    ],
    weekdays: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    full: (weekday: string, day: number, month: string, year: number) =>
      `${weekday}, ${day} ${month} ${year} г.`,
    day: (day: number, month: string, year: number) => `${day} ${month} ${year} г.`,
    month: (month: string, year: number) => `${month} ${year} г.`,
  },
  /** Scheduled digests: `/digest` replies, status, pause reasons. */
  digest: {
    subscribedTitle: "Подписка на сводку дня сохранена",
    subscribed: (schedule: string, language: string) =>
      `Этот канал будет получать сводку дня ${schedule}, язык: ${language}.`,
    resumedToo: "Подписка была приостановлена; теперь она возобновлена.",
    unsubscribedTitle: "Подписка отменена",
    unsubscribed:
      "Этот канал больше не будет получать сводку дня. Чтобы подписаться снова: /digest subscribe.",
    notSubscribedTitle: "Здесь нет подписки",
    notSubscribed:
      "Этот канал не подписан на сводку дня. Чтобы подписаться: /digest subscribe 08:00 Europe/Moscow ru",
    statusTitle: "Сводка дня в этом канале",
    previewTitle: "Предпросмотр",
    previewNote: (when: string) =>
      `Предпросмотр следующей сводки дня (${when}); его видите только вы.`,
    previewUnsubscribed: "Предпросмотр: этот канал не подписан; так выглядела бы сводка дня.",
    fieldSchedule: "Расписание",
    fieldLanguage: "Язык",
    fieldNext: "Следующая отправка",
    fieldLast: "Последняя отправка",
    fieldPaused: "Приостановлено",
    fieldInterrupted: "Прерванная отправка",
    fieldUncertain: "Неподтверждённая отправка",
    fieldFailed: "Последняя ошибка",
    fieldSource: "Кем задано",
    fieldImage: "Картинка",
    imageOn: "карточка с цитатой дня, вместе со сводкой",
    imageOff: "нет, только текст",
    previewImage: (setting: string) => `Картинка: ${setting}.`,
    sourceOperator: "оператор бота (конфигурация)",
    sourceCommand: "администратор (команда)",
    daily: (time: string, tz: string) => `ежедневно в ${time} (${tz})`,
    cron: (expression: string, tz: string) => `по расписанию cron «${expression}» (${tz})`,
    nextAt: (when: string) => when,
    none: "пока нет",
    noNext: "—",
    pausedBecause: (reason: string, since: string) =>
      `Причина, названная платформой: «${reason}» (с ${since}). Отправка возобновится, когда бот снова появится здесь, или после новой команды /digest subscribe.`,
    interrupted: (slot: string) =>
      `Отправка, запланированная на ${slot}, была прервана (бот остановился): мы не знаем, ушла ли она, и не повторяем её, чтобы не было дубля.`,
    uncertain: (slot: string) =>
      `Платформа не подтвердила отправку, запланированную на ${slot} (ответ не пришёл вовремя): возможно, сводка дошла, и мы не повторяем её, чтобы не было дубля.`,
    failed: (slot: string, reason: string) => `${slot}: ${reason}`,
    languageName: { fr: "французский", en: "английский", ru: "русский" },
    badInputTitle: "Не удалось разобрать команду",
    badTime: (value: string) =>
      `«${value}» — неверное время. Укажите ЧЧ:ММ от 00:00 до 23:59, например 08:00.`,
    badTimezone: (value: string, suggestion?: string) =>
      `«${value}» — неизвестный часовой пояс IANA.${suggestion ? ` Возможно, вы имели в виду ${suggestion}?` : ""} Примеры: Europe/Moscow, Asia/Almaty, UTC.`,
    badCron: (value: string, detail: string) =>
      `«${value}» — неверное выражение cron (${detail}). Пример: «0 8 * * 1-5» (8:00, с понедельника по пятницу).`,
    tooOften: (value: string, minutes: number) =>
      `С расписанием «${value}» сводка приходила бы слишком часто: не чаще одного раза в ${minutes} ${plural("ru", minutes, { one: "минуту", few: "минуты", other: "минут" })}.`,
    timeAndCron: "Укажите либо время, либо выражение cron, но не то и другое сразу.",
    badLocale: (value: string) => `Языка «${value}» нет среди доступных: fr, en, ru.`,
    badImage: (value: string) =>
      `«${value}» — неверная настройка картинки: image:on (карточка с цитатой дня, по умолчанию) или image:off (только текст).`,
    unknownWord: (value: string) =>
      `Непонятно, что означает «${value}». Ожидается время (08:00), часовой пояс (Europe/Moscow), язык (fr, en, ru), image:on или image:off либо выражение cron в кавычках.`,
    usageTitle: "/digest — сводка дня",
    usage: [
      "/digest subscribe [ЧЧ:ММ] [часовой пояс] [fr|en|ru] — подписать этот канал (по умолчанию в 08:00)",
      '/digest subscribe "0 8 * * 1-5" Europe/Moscow — с выражением cron',
      "/digest subscribe image:off — без карточки с цитатой дня (по умолчанию она есть)",
      "/digest unsubscribe — отписаться",
      "/digest status — расписание, следующая и последняя отправка",
      "/digest preview — посмотреть следующую сводку",
    ],
    unknownSubcommand: (value: string) => `У /digest нет подкоманды «${value}».`,
    cannotPostTitle: "Не могу публиковать здесь",
    cannotPost: (missing: readonly string[]) =>
      `В этом канале мне не хватает прав: ${missing.map((p) => `«${p}»`).join(", ")}. Попросите администратора выдать их и повторите команду.`,
    notHereTitle: "Не здесь",
    notHere:
      "/digest работает в канале сервера или в чате, куда бот публикует сводки, но не здесь.",
    unavailable:
      "Здесь сводка дня по расписанию не отправляется; /digest preview покажет, как она выглядит.",
  },
  /** Discord's own wording: page buttons, permissions, errors. */
  discord: {
    previous: "◀ Назад",
    next: "Вперёд ▶",
    page: (n: number, total: number) => `Страница ${n}/${total}`,
    internalError: "Извините, произошла внутренняя ошибка. Попробуйте ещё раз чуть позже.",
    staleButton: "Эта кнопка больше не работает. Запустите команду заново, например /summary.",
    more: "Далее:",
    refusedTitle: "Действие недоступно",
    notAllowed:
      "Менять подписку этого канала на сводку дня могут только участники с правом «Управлять каналами».",
    permissions: {
      ViewChannel: "Просматривать каналы",
      SendMessages: "Отправлять сообщения",
      SendMessagesInThreads: "Отправлять сообщения в ветках",
      EmbedLinks: "Встраивать ссылки",
    },
  },
  /** Telegram's own wording: greeting, admin rules, private previews. */
  telegram: {
    greetingTitle: "Здравствуйте!",
    greeting: (username: string) =>
      `Выберите команду ниже или наберите @${username} и имя в любом чате, чтобы поделиться там цитатой.`,
    internalError:
      "Извините, из-за внутренней ошибки мы не можем ответить. Попробуйте ещё раз чуть позже.",
    staleButton: "Эта кнопка больше не действует.",
    adminsOnlyTitle: "Только для администраторов",
    adminsOnly:
      "Менять подписку группы на сводку дня могут только её администраторы. /digest status и /digest preview доступны всем.",
    previewSentTitle: "Предпросмотр отправлен",
    previewSent: "Я отправил вам предпросмотр в личные сообщения.",
    previewPrivateTitle: "Личный предпросмотр",
    previewCannotReach: (username: string) =>
      `Предпросмотр виден только вам, в личных сообщениях, но я не могу вам написать: сначала откройте чат со мной, t.me/${username} (кнопка «Старт»), а затем снова выполните здесь /digest preview.`,
    previewAnonymous: (username: string) =>
      `Предпросмотр виден только вам, в личных сообщениях, а анонимному администратору я написать не могу. Отключите анонимность на время команды или отправьте мне /digest preview в личном чате (t.me/${username}), чтобы увидеть, как выглядит сводка дня.`,
  },
  /** The console (`npm start` without tokens). */
  console: {
    intro:
      "Консоль Summit Brief. Введите /summary, /quote Лукашенко, /members, /help; /lang fr или /lang en — сменить язык; /exit — выход.\nЧтобы подключить Discord и Telegram, задайте DISCORD_TOKEN и/или TELEGRAM_BOT_TOKEN (см. .env.example).",
    langUsage: "Используйте /lang fr, /lang en или /lang ru.",
  },
  /** Words drawn into the images (map legend, quote card). */
  images: {
    legendMembers: (acronym: string) => `Государства — члены ${acronym}`,
    legendBlocked: (country: string) => `${country} — блокировка итогового документа саммита`,
    legendVenue: (acronym: string, city: string, date: string) =>
      `Саммит ${acronym}: ${city}, ${date}`,
    borders:
      "Международно признанные границы: Крым показан в составе Украины (исправлено на подложке Natural Earth, где он отнесён к России).",
    brand: "Summit Brief",
  },
};
