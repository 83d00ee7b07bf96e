// The bilingual message catalogue. Every user-facing text is rendered in two languages at once,
// first language block then second, so nobody depends on a language setting to read it.
// A company chooses its pair; Chinese + English is the default.

import { maskedIin } from './iin';

export const LANGUAGES = ['zh', 'en', 'ru', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguagePair = readonly [Language, Language];
export const DEFAULT_LANGUAGE_PAIR: LanguagePair = ['zh', 'en'];
export const LANGUAGE_PAIRS: Record<string, LanguagePair> = {
  'zh-en': ['zh', 'en'],
  'ru-en': ['ru', 'en'],
  'ru-kk': ['ru', 'kk'],
};

type Params = Record<string, string | number>;
type Entry = Record<Language, string>;

const catalogue = {
  'start.askIin': {
    zh: '👋 欢迎使用考勤机器人。\n请发送您的12位个人身份号码（IIN）进行注册。',
    en: '👋 Welcome to the attendance bot.\nPlease send your 12-digit IIN to register.',
    ru: '👋 Добро пожаловать в бот учёта рабочего времени.\nОтправьте свой 12-значный ИИН для регистрации.',
    kk: '👋 Жұмыс уақытын есепке алу ботына қош келдіңіз.\nТіркелу үшін 12 таңбалы ЖСН-іңізді жіберіңіз.',
  },
  'start.menu': {
    zh: '👤 {name}\n已注册，IIN：{maskedIin}\n打卡通知：{notifyState}',
    en: '👤 {name}\nRegistered, IIN: {maskedIin}\nPunch notifications: {notifyState}',
    ru: '👤 {name}\nЗарегистрирован, ИИН: {maskedIin}\nУведомления об отметках: {notifyState}',
    kk: '👤 {name}\nТіркелген, ЖСН: {maskedIin}\nБелгі туралы хабарламалар: {notifyState}',
  },
  'greeting.hello': {
    zh: '👋 您好，{name}！',
    en: '👋 Hello, {name}!',
    ru: '👋 Здравствуйте, {name}!',
    kk: '👋 Сәлеметсіз бе, {name}!',
  },
  'greeting.companies': {
    zh: '您所在的考勤公司：',
    en: 'Your companies in attendance:',
    ru: 'Ваши компании в учёте времени:',
    kk: 'Уақыт есебіндегі компанияларыңыз:',
  },
  'greeting.company': {
    zh: '🏢 {company}',
    en: '🏢 {company}',
    ru: '🏢 {company}',
    kk: '🏢 {company}',
  },
  'greeting.company.admin': {
    zh: '🏢 {company}（管理员）：待您审批的申请：{count}',
    en: '🏢 {company} (admin): requests waiting for your decision: {count}',
    ru: '🏢 {company} (администратор): заявок ждут вашего решения: {count}',
    kk: '🏢 {company} (әкімші): шешіміңізді күтетін өтініштер: {count}',
  },
  'greeting.commands': {
    zh: '在这里您可以：\n/month — 查看本月考勤\n/advance <金额> [原因] — 申请预支工资\n/leave <sick|personal|comp> <开始日期> [结束日期] [原因] — 申请病假、事假或调休\n/fix <日期> <start|end|lunch|break|smoke|back> <HH:MM> [原因] — 更正忘打或打错的卡\n申请会发给公司管理员，结果会在这里通知您。',
    en: 'Here you can:\n/month — see your attendance this month\n/advance <amount> [reason] — ask for a salary advance\n/leave <sick|personal|comp> <from> [to] [reason] — ask for sick, personal or comp leave\n/fix <date> <start|end|lunch|break|smoke|back> <HH:MM> [reason] — correct a clock-in you forgot or got wrong\nRequests go to the company admins; their answer comes here.',
    ru: 'Здесь можно:\n/month — посещаемость за этот месяц\n/advance <сумма> [причина] — попросить аванс\n/leave <sick|personal|comp> <с> [по] [причина] — попросить больничный, отпуск за свой счёт или отгул\n/fix <дата> <start|end|lunch|break|smoke|back> <ЧЧ:ММ> [причина] — исправить забытую или неверную отметку\nЗаявки уходят администраторам компании; ответ придёт сюда.',
    kk: 'Мұнда:\n/month — осы айдағы қатысуыңыз\n/advance <сома> [себеп] — аванс сұрау\n/leave <sick|personal|comp> <басы> [соңы] [себеп] — ауру, жеке демалыс немесе демалыс күнін сұрау\n/fix <күн> <start|end|lunch|break|smoke|back> <СС:ММ> [себеп] — ұмытылған не қате белгіні түзету\nӨтініштер компания әкімшілеріне жіберіледі; жауабы осында келеді.',
  },
  'greeting.iinOffer': {
    zh: '🔔 想在考勤终端（BioTime）每次记录您的打卡时收到消息吗？发送您的12位 IIN 即可注册（可选）。',
    en: '🔔 Want a message whenever a BioTime terminal records your punch? Send your 12-digit IIN to register (optional).',
    ru: '🔔 Хотите получать сообщение, когда терминал BioTime фиксирует вашу отметку? Отправьте свой 12-значный ИИН для регистрации (по желанию).',
    kk: '🔔 BioTime терминалы белгіңізді жазған сайын хабарлама алғыңыз келе ме? Тіркелу үшін 12 таңбалы ЖСН-іңізді жіберіңіз (міндетті емес).',
  },
  'state.on': {
    zh: '开启',
    en: 'on',
    ru: 'вкл.',
    kk: 'қосулы',
  },
  'state.off': {
    zh: '关闭',
    en: 'off',
    ru: 'выкл.',
    kk: 'өшірулі',
  },
  'iin.refused.format': {
    zh: '❌ IIN 必须是12位数字。请重新发送。',
    en: '❌ An IIN is exactly 12 digits. Please send it again.',
    ru: '❌ ИИН состоит ровно из 12 цифр. Отправьте его ещё раз.',
    kk: '❌ ЖСН дәл 12 цифрдан тұрады. Қайта жіберіңіз.',
  },
  'iin.refused.century': {
    zh: '❌ IIN 无效：第7位数字必须是1到6。',
    en: '❌ Invalid IIN: the 7th digit must be 1 to 6.',
    ru: '❌ Неверный ИИН: 7-я цифра должна быть от 1 до 6.',
    kk: '❌ ЖСН қате: 7-цифр 1-ден 6-ға дейін болуы керек.',
  },
  'iin.refused.birth-date': {
    zh: '❌ IIN 无效：前6位不是有效的出生日期。',
    en: '❌ Invalid IIN: the first 6 digits are not a valid birth date.',
    ru: '❌ Неверный ИИН: первые 6 цифр не являются датой рождения.',
    kk: '❌ ЖСН қате: алғашқы 6 цифр туған күн емес.',
  },
  'iin.refused.check-digit': {
    zh: '❌ IIN 无效：校验位不正确，请检查是否输错。',
    en: '❌ Invalid IIN: the check digit is wrong. Please check for a typo.',
    ru: '❌ Неверный ИИН: не сходится контрольная цифра. Проверьте, нет ли опечатки.',
    kk: '❌ ЖСН қате: бақылау цифры сәйкес келмейді. Қатені тексеріңіз.',
  },
  'iin.refused.notInDirectory': {
    zh: '❌ 员工名录中没有此 IIN。请联系人事部门。',
    en: '❌ This IIN is not in the employee directory. Please contact HR.',
    ru: '❌ Этого ИИН нет в списке сотрудников. Обратитесь в отдел кадров.',
    kk: '❌ Бұл ЖСН қызметкерлер тізімінде жоқ. Кадр бөліміне хабарласыңыз.',
  },
  'iin.refused.tooManyAttempts': {
    zh: '⏳ IIN 尝试次数过多。请在 {minutes} 分钟后再试，或联系人事部门。',
    en: '⏳ Too many IIN attempts. Please try again in {minutes} min, or contact HR.',
    ru: '⏳ Слишком много попыток ввода ИИН. Повторите через {minutes} мин. или обратитесь в отдел кадров.',
    kk: '⏳ ЖСН енгізу әрекеттері тым көп. {minutes} минуттан кейін қайталаңыз немесе кадр бөліміне хабарласыңыз.',
  },
  'iin.refused.alreadyBound': {
    zh: '⛔ 此 IIN 已绑定到另一个 Telegram 账号。如有疑问请联系管理员。',
    en: '⛔ This IIN is already bound to another Telegram account. Contact an admin if this is wrong.',
    ru: '⛔ Этот ИИН уже привязан к другому аккаунту Telegram. Если это ошибка, обратитесь к администратору.',
    kk: '⛔ Бұл ЖСН басқа Telegram аккаунтына байланған. Қате болса, әкімшіге хабарласыңыз.',
  },
  'iin.refused.alreadyRegistered': {
    zh: 'ℹ️ 您已注册（IIN：{maskedIin}）。如需更换，请先发送 /unregister。',
    en: 'ℹ️ You are already registered (IIN: {maskedIin}). Send /unregister first to change it.',
    ru: 'ℹ️ Вы уже зарегистрированы (ИИН: {maskedIin}). Чтобы сменить, сначала отправьте /unregister.',
    kk: 'ℹ️ Сіз тіркелгенсіз (ЖСН: {maskedIin}). Өзгерту үшін алдымен /unregister жіберіңіз.',
  },
  'register.done': {
    zh: '✅ 注册成功：{name}\n终端每次记录您的打卡时，您都会立即收到消息。',
    en: '✅ Registered: {name}\nYou will get a message the moment a terminal records your punch.',
    ru: '✅ Регистрация выполнена: {name}\nВы получите сообщение, как только терминал зафиксирует вашу отметку.',
    kk: '✅ Тіркелді: {name}\nТерминал белгіңізді жазған сәтте хабарлама аласыз.',
  },
  'notify.enabled': {
    zh: '🔔 打卡通知已开启。',
    en: '🔔 Punch notifications are on.',
    ru: '🔔 Уведомления об отметках включены.',
    kk: '🔔 Белгі туралы хабарламалар қосылды.',
  },
  'notify.disabled': {
    zh: '🔕 打卡通知已关闭。',
    en: '🔕 Punch notifications are off.',
    ru: '🔕 Уведомления об отметках выключены.',
    kk: '🔕 Белгі туралы хабарламалар өшірілді.',
  },
  'notify.usage': {
    zh: '用法：/notify on 或 /notify off',
    en: 'Usage: /notify on or /notify off',
    ru: 'Использование: /notify on или /notify off',
    kk: 'Қолданылуы: /notify on немесе /notify off',
  },
  'unregister.confirm': {
    zh: '确定要取消注册吗？您将不再收到打卡通知。',
    en: 'Unregister? You will stop receiving punch notifications.',
    ru: 'Отменить регистрацию? Уведомления об отметках перестанут приходить.',
    kk: 'Тіркеуден шығасыз ба? Белгі туралы хабарламалар келмейді.',
  },
  'unregister.done': {
    zh: '👋 已取消注册。发送 /start 可重新注册。',
    en: '👋 Unregistered. Send /start to register again.',
    ru: '👋 Регистрация отменена. Отправьте /start, чтобы зарегистрироваться снова.',
    kk: '👋 Тіркеуден шықтыңыз. Қайта тіркелу үшін /start жіберіңіз.',
  },
  'unregister.cancelled': {
    zh: '已取消。',
    en: 'Cancelled.',
    ru: 'Отменено.',
    kk: 'Болдырылмады.',
  },
  'notRegistered': {
    zh: 'ℹ️ 您尚未注册。请发送您的12位 IIN。',
    en: 'ℹ️ You are not registered yet. Please send your 12-digit IIN.',
    ru: 'ℹ️ Вы ещё не зарегистрированы. Отправьте свой 12-значный ИИН.',
    kk: 'ℹ️ Сіз әлі тіркелмегенсіз. 12 таңбалы ЖСН-іңізді жіберіңіз.',
  },
  'month.header': {
    zh: '📅 {month} 考勤（{zone}）',
    en: '📅 Attendance for {month} ({zone})',
    ru: '📅 Посещаемость за {month} ({zone})',
    kk: '📅 {month} айындағы қатысу ({zone})',
  },
  'month.company': {
    zh: '🏢 {company}',
    en: '🏢 {company}',
    ru: '🏢 {company}',
    kk: '🏢 {company}',
  },
  'month.legend': {
    zh: '每天：首次 – 末次打卡 ×次数',
    en: 'Each day: first – last punch ×count',
    ru: 'Каждый день: первая – последняя отметка ×количество',
    kk: 'Әр күн: алғашқы – соңғы белгі ×саны',
  },
  'month.none': {
    zh: '本月还没有打卡记录。',
    en: 'No punches recorded this month yet.',
    ru: 'В этом месяце отметок пока нет.',
    kk: 'Осы айда әлі белгі жоқ.',
  },
  'month.total': {
    zh: '共 {days} 天，{count} 次打卡',
    en: '{days} days, {count} punches in total',
    ru: 'Дней: {days}, отметок всего: {count}',
    kk: 'Күн: {days}, барлық белгі: {count}',
  },
  'punch.recorded': {
    zh: '🕘 打卡已记录：{kind}\n👤 {name}\n🕒 时间：{time}（{zone}）\n📍 终端：{terminal}',
    en: '🕘 Punch recorded: {kind}\n👤 {name}\n🕒 Time: {time} ({zone})\n📍 Terminal: {terminal}',
    ru: '🕘 Отметка зафиксирована: {kind}\n👤 {name}\n🕒 Время: {time} ({zone})\n📍 Терминал: {terminal}',
    kk: '🕘 Белгі жазылды: {kind}\n👤 {name}\n🕒 Уақыты: {time} ({zone})\n📍 Терминал: {terminal}',
  },
  'punch.kind.check-in': {
    zh: '上班',
    en: 'check in',
    ru: 'приход',
    kk: 'келу',
  },
  'punch.kind.check-out': {
    zh: '下班',
    en: 'check out',
    ru: 'уход',
    kk: 'кету',
  },
  'punch.kind.break-out': {
    zh: '休息开始',
    en: 'break out',
    ru: 'начало перерыва',
    kk: 'үзіліс басы',
  },
  'punch.kind.break-in': {
    zh: '休息结束',
    en: 'break in',
    ru: 'конец перерыва',
    kk: 'үзіліс соңы',
  },
  'punch.kind.overtime-in': {
    zh: '加班开始',
    en: 'overtime in',
    ru: 'начало сверхурочных',
    kk: 'қосымша жұмыс басы',
  },
  'punch.kind.overtime-out': {
    zh: '加班结束',
    en: 'overtime out',
    ru: 'конец сверхурочных',
    kk: 'қосымша жұмыс соңы',
  },
  'punch.kind.unknown': {
    zh: '打卡',
    en: 'punch',
    ru: 'отметка',
    kk: 'белгі',
  },
  'terminal.unknown': {
    zh: '未知',
    en: 'unknown',
    ru: 'неизвестен',
    kk: 'белгісіз',
  },
  'group.privateOnly': {
    zh: 'ℹ️ 请在与我的私聊中注册和管理通知。',
    en: 'ℹ️ Please register and manage notifications in a private chat with me.',
    ru: 'ℹ️ Регистрация и уведомления — в личном чате со мной.',
    kk: 'ℹ️ Тіркелу мен хабарламалар — менімен жеке чатта.',
  },
  'unknownInput': {
    zh: '🤔 没看懂。可用命令：/start /notify /month /unregister',
    en: '🤔 I did not understand that. Commands: /start /notify /month /unregister',
    ru: '🤔 Не понял. Команды: /start /notify /month /unregister',
    kk: '🤔 Түсінбедім. Командалар: /start /notify /month /unregister',
  },
  'error.generic': {
    zh: '⚠️ 出了点问题，请稍后再试。',
    en: '⚠️ Something went wrong. Please try again in a moment.',
    ru: '⚠️ Что-то пошло не так. Попробуйте ещё раз через минуту.',
    kk: '⚠️ Бірдеңе дұрыс болмады. Біраздан соң қайталап көріңіз.',
  },
  'group.welcome': {
    zh: '👋 大家好！我是考勤机器人。群管理员请按“设置”或发送 /setup 开始使用。',
    en: '👋 Hello! I am the attendance bot. A group admin can press Setup or send /setup to start.',
    ru: '👋 Здравствуйте! Я бот учёта рабочего времени. Администратор группы может нажать «Настроить» или отправить /setup.',
    kk: '👋 Сәлеметсіздер ме! Мен жұмыс уақытын есепке алу ботымын. Топ әкімшісі «Баптау» батырмасын басып немесе /setup жіберіп бастай алады.',
  },
  'setup.done': {
    zh: '✅ 本群已开通考勤（试用至 {trialEnds}）。工作时间 {shiftStart}–{shiftEnd}（{zone}）。\n用下面的按钮打卡，或发送 /in /out /lunch /break /smoke /back。',
    en: '✅ Attendance is on for this group (trial until {trialEnds}). Hours {shiftStart}–{shiftEnd} ({zone}).\nClock in with the buttons below, or send /in /out /lunch /break /smoke /back.',
    ru: '✅ Учёт времени в этой группе включён (пробный период до {trialEnds}). Часы работы {shiftStart}–{shiftEnd} ({zone}).\nОтмечайтесь кнопками ниже или командами /in /out /lunch /break /smoke /back.',
    kk: '✅ Бұл топта уақыт есебі қосылды (сынақ мерзімі {trialEnds} дейін). Жұмыс уақыты {shiftStart}–{shiftEnd} ({zone}).\nТөмендегі батырмалармен немесе /in /out /lunch /break /smoke /back командаларымен белгі қойыңыз.',
  },
  'penalties.header': {
    zh: '罚款规则：',
    en: 'Penalties:',
    ru: 'Штрафы:',
    kk: 'Айыппұлдар:',
  },
  'penalties.line': {
    zh: '• {kind}：{price}',
    en: '• {kind}: {price}',
    ru: '• {kind}: {price}',
    kk: '• {kind}: {price}',
  },
  'penalties.kind.late': {
    zh: '迟到',
    en: 'Late arrival',
    ru: 'Опоздание',
    kk: 'Кешігу',
  },
  'penalties.kind.early-leave': {
    zh: '早退',
    en: 'Early leave',
    ru: 'Ранний уход',
    kk: 'Ерте кету',
  },
  'penalties.kind.absence': {
    zh: '缺勤（迟到过久）',
    en: 'Absence (arriving too late)',
    ru: 'Отсутствие (слишком позднее прибытие)',
    kk: 'Келмеу (тым кеш келу)',
  },
  'penalties.kind.no-show': {
    zh: '未到岗',
    en: 'No-show',
    ru: 'Неявка',
    kk: 'Жұмысқа келмеу',
  },
  'penalties.kind.break-overrun': {
    zh: '休息超时',
    en: 'Break overrun',
    ru: 'Превышение перерыва',
    kk: 'Үзілістен асып кету',
  },
  'penalties.kind.missing-clock-out': {
    zh: '未打下班卡',
    en: 'Missing clock-out',
    ru: 'Нет отметки об уходе',
    kk: 'Кету белгісі жоқ',
  },
  'penalties.fixed': {
    zh: '每次 {amount}',
    en: '{amount} each time',
    ru: '{amount} за каждый случай',
    kk: 'әр жолы {amount}',
  },
  'penalties.perMinute': {
    zh: '每分钟 {amount}',
    en: '{amount} per minute',
    ru: '{amount} за минуту',
    kk: 'минутына {amount}',
  },
  'penalties.tier': {
    zh: '；{from} 分钟起：{price}',
    en: '; from {from} min: {price}',
    ru: '; от {from} мин: {price}',
    kk: '; {from} минуттан бастап: {price}',
  },
  'penalties.freePerMonth': {
    zh: '；每月前 {count} 次免罚',
    en: '; the first {count} each month free',
    ru: '; первые {count} в месяц — без штрафа',
    kk: '; айына алғашқы {count} рет — айыппұлсыз',
  },
  'penalties.others': {
    zh: '其他违规仍会记录并通知本人，但不罚款。',
    en: 'Other violations are still recorded and the person is told, without a penalty.',
    ru: 'Остальные нарушения тоже фиксируются и сотруднику сообщается, но без штрафа.',
    kk: 'Басқа бұзушылықтар да тіркеліп, қызметкерге хабарланады, бірақ айыппұлсыз.',
  },
  'penalties.none': {
    zh: '未设置罚款：迟到、早退、缺勤和休息超时仍会被记录并通知本人（已打开机器人私聊的发私信，否则在本群中提及），不含罚款金额。',
    en: 'No penalties are set: late arrivals, early leaving, absences and break overruns are still recorded and the person is told (privately if they opened the bot, otherwise here in the group with a mention), with no amount.',
    ru: 'Штрафы не заданы: опоздания, ранние уходы, отсутствия и превышения перерывов всё равно фиксируются, и сотруднику сообщается (лично, если он открыл бота, иначе здесь в группе с упоминанием), без суммы.',
    kk: 'Айыппұлдар орнатылмаған: кешігу, ерте кету, келмеу және үзілістен асып кету бәрібір тіркеледі, қызметкерге хабарланады (ботты ашса — жеке, әйтпесе осы топта атап), сомасыз.',
  },
  'setup.already': {
    zh: 'ℹ️ 本群已经开通考勤。',
    en: 'ℹ️ Attendance is already set up in this group.',
    ru: 'ℹ️ Учёт времени в этой группе уже настроен.',
    kk: 'ℹ️ Бұл топта уақыт есебі бапталған.',
  },
  'setup.notAdmin': {
    zh: '⛔ 只有群管理员可以设置考勤。',
    en: '⛔ Only a group admin can set up attendance.',
    ru: '⛔ Настраивать учёт может только администратор группы.',
    kk: '⛔ Уақыт есебін тек топ әкімшісі баптай алады.',
  },
  'clock.keyboard': {
    zh: '🕘 打卡',
    en: '🕘 Clock in',
    ru: '🕘 Отметиться',
    kk: '🕘 Белгі қою',
  },
  'clock.notSetUp': {
    zh: 'ℹ️ 本群尚未开通考勤。请管理员发送 /setup。',
    en: 'ℹ️ Attendance is not set up here yet. An admin can send /setup.',
    ru: 'ℹ️ Учёт времени здесь ещё не настроен. Администратор может отправить /setup.',
    kk: 'ℹ️ Мұнда уақыт есебі әлі бапталмаған. Әкімші /setup жібере алады.',
  },
  'clock.groupOnly': {
    zh: 'ℹ️ 请在公司的群里打卡。',
    en: 'ℹ️ Please clock in inside your company group.',
    ru: 'ℹ️ Отмечайтесь в группе своей компании.',
    kk: 'ℹ️ Белгіні компанияңыздың тобында қойыңыз.',
  },
  'clock.suspended': {
    zh: '⛔ 本群的考勤服务已暂停，暂时无法打卡。请联系管理员。',
    en: '⛔ Attendance is suspended for this group; clock-ins are not accepted. Please contact an admin.',
    ru: '⛔ Учёт времени для этой группы приостановлен; отметки не принимаются. Обратитесь к администратору.',
    kk: '⛔ Бұл топтың уақыт есебі тоқтатылған; белгілер қабылданбайды. Әкімшіге хабарласыңыз.',
  },
  'clock.expired': {
    zh: '⛔ 本群的考勤试用/订阅已到期，暂时无法打卡。请联系管理员。',
    en: '⛔ This group\'s attendance trial or subscription has expired; clock-ins are not accepted.',
    ru: '⛔ Пробный период или подписка этой группы истекли; отметки не принимаются.',
    kk: '⛔ Бұл топтың сынақ мерзімі немесе жазылымы аяқталды; белгілер қабылданбайды.',
  },
  'clock.done.in': {
    zh: '✅ {name} 上班 {time}',
    en: '✅ {name} started the day at {time}',
    ru: '✅ {name} начал(а) день в {time}',
    kk: '✅ {name} жұмыс күнін {time} бастады',
  },
  'clock.done.out': {
    zh: '✅ {name} 下班 {time}',
    en: '✅ {name} ended the day at {time}',
    ru: '✅ {name} закончил(а) день в {time}',
    kk: '✅ {name} жұмыс күнін {time} аяқтады',
  },
  'clock.done.lunch': {
    zh: '🍜 {name} 吃饭 {time}',
    en: '🍜 {name} went to lunch at {time}',
    ru: '🍜 {name} ушёл(ушла) на обед в {time}',
    kk: '🍜 {name} {time} түскі асқа кетті',
  },
  'clock.done.break': {
    zh: '☕ {name} 休息 {time}',
    en: '☕ {name} took a short break at {time}',
    ru: '☕ {name} на коротком перерыве с {time}',
    kk: '☕ {name} {time} қысқа үзіліске шықты',
  },
  'clock.done.smoke': {
    zh: '🚬 {name} 抽烟 {time}',
    en: '🚬 {name} took a smoke break at {time}',
    ru: '🚬 {name} на перекуре с {time}',
    kk: '🚬 {name} {time} темекі үзілісіне шықты',
  },
  'clock.done.back': {
    zh: '💺 {name} 回座 {time}',
    en: '💺 {name} is back at {time}',
    ru: '💺 {name} вернулся(лась) в {time}',
    kk: '💺 {name} {time} оралды',
  },
  'clock.refused.already-started': {
    zh: '⚠️ 您今天已经上班打卡了。',
    en: '⚠️ You have already started the day.',
    ru: '⚠️ Вы уже начали рабочий день.',
    kk: '⚠️ Сіз жұмыс күнін бастап қойғансыз.',
  },
  'clock.refused.not-started': {
    zh: '⚠️ 您今天还没有上班打卡。',
    en: '⚠️ You have not started the day yet.',
    ru: '⚠️ Вы ещё не начали рабочий день.',
    kk: '⚠️ Сіз жұмыс күнін әлі бастамадыңыз.',
  },
  'clock.refused.already-on-break': {
    zh: '⚠️ 您正在休息中，请先回座。',
    en: '⚠️ You are already on a break; clock back first.',
    ru: '⚠️ Вы уже на перерыве; сначала отметьте возвращение.',
    kk: '⚠️ Сіз үзілістесіз; алдымен оралғаныңызды белгілеңіз.',
  },
  'clock.refused.not-on-break': {
    zh: '⚠️ 您现在没有在休息。',
    en: '⚠️ You are not on a break.',
    ru: '⚠️ Вы сейчас не на перерыве.',
    kk: '⚠️ Сіз қазір үзілісте емессіз.',
  },
  'clock.refused.already-ended': {
    zh: '⚠️ 您今天已经下班打卡了。',
    en: '⚠️ You have already ended the day.',
    ru: '⚠️ Вы уже закончили рабочий день.',
    kk: '⚠️ Сіз жұмыс күнін аяқтап қойғансыз.',
  },
  'clock.refused.end-while-on-break': {
    zh: '⚠️ 请先回座再下班。',
    en: '⚠️ Clock back from your break before ending the day.',
    ru: '⚠️ Сначала отметьте возвращение с перерыва, потом уход.',
    kk: '⚠️ Алдымен үзілістен оралғаныңызды белгілеңіз, содан кейін кетіңіз.',
  },
  'join.done': {
    zh: '👋 {name} 已加入考勤。',
    en: '👋 {name} joined attendance.',
    ru: '👋 {name} подключен(а) к учёту времени.',
    kk: '👋 {name} уақыт есебіне қосылды.',
  },
  'violation.late': {
    zh: '⏰ {name} 迟到 {minutes} 分钟。罚款：{amount}',
    en: '⏰ {name} was {minutes} min late. Penalty: {amount}',
    ru: '⏰ {name}: опоздание на {minutes} мин. Штраф: {amount}',
    kk: '⏰ {name}: {minutes} мин кешікті. Айыппұл: {amount}',
  },
  'violation.late.noPenalty': {
    zh: '⏰ {name} 迟到 {minutes} 分钟。',
    en: '⏰ {name} was {minutes} min late.',
    ru: '⏰ {name}: опоздание на {minutes} мин.',
    kk: '⏰ {name}: {minutes} мин кешікті.',
  },
  'violation.absence': {
    zh: '🚫 {name} 迟到 {minutes} 分钟，记为缺勤。罚款：{amount}',
    en: '🚫 {name} arrived {minutes} min late, counted as absent. Penalty: {amount}',
    ru: '🚫 {name}: опоздание на {minutes} мин, засчитано как отсутствие. Штраф: {amount}',
    kk: '🚫 {name}: {minutes} мин кешікті, келмеді деп есептелді. Айыппұл: {amount}',
  },
  'violation.absence.noPenalty': {
    zh: '🚫 {name} 迟到 {minutes} 分钟，记为缺勤。',
    en: '🚫 {name} arrived {minutes} min late, counted as absent.',
    ru: '🚫 {name}: опоздание на {minutes} мин, засчитано как отсутствие.',
    kk: '🚫 {name}: {minutes} мин кешікті, келмеді деп есептелді.',
  },
  'violation.early-leave': {
    zh: '🏃 {name} 早退 {minutes} 分钟。罚款：{amount}',
    en: '🏃 {name} left {minutes} min early. Penalty: {amount}',
    ru: '🏃 {name}: ранний уход на {minutes} мин. Штраф: {amount}',
    kk: '🏃 {name}: {minutes} мин ерте кетті. Айыппұл: {amount}',
  },
  'violation.early-leave.noPenalty': {
    zh: '🏃 {name} 早退 {minutes} 分钟。',
    en: '🏃 {name} left {minutes} min early.',
    ru: '🏃 {name}: ранний уход на {minutes} мин.',
    kk: '🏃 {name}: {minutes} мин ерте кетті.',
  },
  'violation.break-overrun': {
    zh: '⌛ {name} 休息超时 {minutes} 分钟。罚款：{amount}',
    en: '⌛ {name} overran the break by {minutes} min. Penalty: {amount}',
    ru: '⌛ {name}: перерыв превышен на {minutes} мин. Штраф: {amount}',
    kk: '⌛ {name}: үзіліс {minutes} мин асып кетті. Айыппұл: {amount}',
  },
  'violation.break-overrun.noPenalty': {
    zh: '⌛ {name} 休息超时 {minutes} 分钟。',
    en: '⌛ {name} overran the break by {minutes} min.',
    ru: '⌛ {name}: перерыв превышен на {minutes} мин.',
    kk: '⌛ {name}: үзіліс {minutes} мин асып кетті.',
  },
  'violation.free': {
    zh: '本月免罚额度内',
    en: 'within this month\'s free allowance',
    ru: 'в пределах бесплатного лимита месяца',
    kk: 'айлық тегін лимит шегінде',
  },
  'break.overrun': {
    zh: '⌛ {name}，您的休息时间（{allowance} 分钟）已到，请回座。超时将按规则罚款。',
    en: '⌛ {name}, your break allowance ({allowance} min) is up; please clock back. Overrun is penalised by the rules.',
    ru: '⌛ {name}, время перерыва ({allowance} мин) истекло; отметьте возвращение. Превышение штрафуется по правилам.',
    kk: '⌛ {name}, үзіліс уақыты ({allowance} мин) бітті; оралғаныңызды белгілеңіз. Асып кету ережеге сай айыппұл салынады.',
  },
  'break.overrun.noPenalty': {
    zh: '⌛ {name}，您的休息时间（{allowance} 分钟）已到，请回座。超时会被记录。',
    en: '⌛ {name}, your break allowance ({allowance} min) is up; please clock back. The overrun is recorded.',
    ru: '⌛ {name}, время перерыва ({allowance} мин) истекло; отметьте возвращение. Превышение записывается.',
    kk: '⌛ {name}, үзіліс уақыты ({allowance} мин) бітті; оралғаныңызды белгілеңіз. Асып кету тіркеледі.',
  },
  'button.setup': {
    zh: '⚙️ 设置',
    en: 'Setup',
    ru: 'Настроить',
    kk: 'Баптау',
  },
  'button.join': {
    zh: '🙋 加入',
    en: 'Join',
    ru: 'Подключиться',
    kk: 'Қосылу',
  },
  'button.clock.in': {
    zh: '上班',
    en: 'Start',
    ru: 'Приход',
    kk: 'Келу',
  },
  'button.clock.out': {
    zh: '下班',
    en: 'End',
    ru: 'Уход',
    kk: 'Кету',
  },
  'button.clock.lunch': {
    zh: '吃饭',
    en: 'Lunch',
    ru: 'Обед',
    kk: 'Түскі ас',
  },
  'button.clock.break': {
    zh: '休息',
    en: 'Break',
    ru: 'Перерыв',
    kk: 'Үзіліс',
  },
  'button.clock.smoke': {
    zh: '抽烟',
    en: 'Smoke',
    ru: 'Перекур',
    kk: 'Темекі',
  },
  'button.clock.back': {
    zh: '回座',
    en: 'Back',
    ru: 'Вернулся',
    kk: 'Оралдым',
  },
  'button.notifyOn': {
    zh: '🔔 开启通知',
    en: 'Notifications on',
    ru: 'Включить уведомления',
    kk: 'Хабарламаларды қосу',
  },
  'button.notifyOff': {
    zh: '🔕 关闭通知',
    en: 'Notifications off',
    ru: 'Выключить уведомления',
    kk: 'Хабарламаларды өшіру',
  },
  'button.month': {
    zh: '📅 本月考勤',
    en: 'This month',
    ru: 'Этот месяц',
    kk: 'Осы ай',
  },
  'button.unregister': {
    zh: '🚪 取消注册',
    en: 'Unregister',
    ru: 'Отменить регистрацию',
    kk: 'Тіркеуден шығу',
  },
  'button.confirm': {
    zh: '✅ 确定',
    en: 'Yes',
    ru: 'Да',
    kk: 'Иә',
  },
  'button.cancel': {
    zh: '✖️ 取消',
    en: 'Cancel',
    ru: 'Отмена',
    kk: 'Бас тарту',
  },
  'button.stale': {
    zh: '此按钮已过期。',
    en: 'This button is out of date.',
    ru: 'Эта кнопка устарела.',
    kk: 'Бұл батырма ескірген.',
  },
  'command.start': {
    zh: '注册或打开菜单',
    en: 'Register or open the menu',
    ru: 'Регистрация или меню',
    kk: 'Тіркелу немесе мәзір',
  },
  'command.notify': {
    zh: '开启/关闭打卡通知',
    en: 'Turn punch notifications on/off',
    ru: 'Вкл./выкл. уведомления об отметках',
    kk: 'Белгі хабарламаларын қосу/өшіру',
  },
  'command.month': {
    zh: '本月考勤',
    en: 'My attendance this month',
    ru: 'Моя посещаемость за месяц',
    kk: 'Осы айғы қатысуым',
  },
  'command.unregister': {
    zh: '取消注册',
    en: 'Unregister',
    ru: 'Отменить регистрацию',
    kk: 'Тіркеуден шығу',
  },
  'reminder.beforeStart': {
    zh: '⏰ 距离上班还有 {minutes} 分钟（{time}）。',
    en: '⏰ The shift starts in {minutes} min ({time}).',
    ru: '⏰ Смена начинается через {minutes} мин ({time}).',
    kk: '⏰ Ауысым {minutes} минуттан кейін басталады ({time}).',
  },
  'reminder.beforeEnd': {
    zh: '⏰ 距离下班还有 {minutes} 分钟（{time}）。',
    en: '⏰ The shift ends in {minutes} min ({time}).',
    ru: '⏰ Смена заканчивается через {minutes} мин ({time}).',
    kk: '⏰ Ауысым {minutes} минуттан кейін аяқталады ({time}).',
  },
  'reminder.stillClockedIn': {
    zh: '🔔 {name}，下班时间 {time} 已过，您仍处于上班状态。如已离开请发送 /out。',
    en: '🔔 {name}, the shift ended at {time} and you are still clocked in. Send /out if you have left.',
    ru: '🔔 {name}, смена закончилась в {time}, а вы всё ещё отмечены на работе. Если ушли, отправьте /out.',
    kk: '🔔 {name}, ауысым {time} аяқталды, ал сіз әлі жұмыста деп белгіленгенсіз. Кетсеңіз, /out жіберіңіз.',
  },
  'language.set': {
    zh: '✅ 本群的语言已设置为：{pair}。',
    en: '✅ This group\'s languages are now: {pair}.',
    ru: '✅ Языки этой группы: {pair}.',
    kk: '✅ Бұл топтың тілдері: {pair}.',
  },
  'language.usage': {
    zh: '用法：/language zh-en、/language ru-en 或 /language ru-kk',
    en: 'Usage: /language zh-en, /language ru-en or /language ru-kk',
    ru: 'Использование: /language zh-en, /language ru-en или /language ru-kk',
    kk: 'Қолданылуы: /language zh-en, /language ru-en немесе /language ru-kk',
  },
  'admin.only': {
    zh: '⛔ 只有群管理员可以这样做。',
    en: '⛔ Only a group admin can do this.',
    ru: '⛔ Это может сделать только администратор группы.',
    kk: '⛔ Мұны тек топ әкімшісі жасай алады.',
  },
  'adjustment.usage': {
    zh: '用法：回复成员的消息并发送 /penalty <金额> <原因>（或 /bonus），或写明成员：/penalty @用户名 <金额> <原因>',
    en: 'Usage: reply to a member\'s message with /penalty <amount> <reason> (or /bonus), or name them: /penalty @username <amount> <reason>',
    ru: 'Использование: ответьте на сообщение сотрудника командой /penalty <сумма> <причина> (или /bonus), либо укажите его: /penalty @username <сумма> <причина>',
    kk: 'Қолданылуы: қызметкердің хабарламасына /penalty <сома> <себеп> (немесе /bonus) деп жауап беріңіз, не атын жазыңыз: /penalty @username <сома> <себеп>',
  },
  'adjustment.badAmount': {
    zh: '❌ 金额必须是正数，最多 {decimals} 位小数，且小于 {max}。',
    en: '❌ The amount must be a positive number with at most {decimals} decimals, below {max}.',
    ru: '❌ Сумма должна быть положительным числом, не более {decimals} знаков после запятой, меньше {max}.',
    kk: '❌ Сома оң сан болуы керек, үтірден кейін {decimals} таңбадан аспай, {max}-нан кем.',
  },
  'adjustment.noReason': {
    zh: '❌ 请写明原因：/penalty <金额> <原因>',
    en: '❌ Please give a reason: /penalty <amount> <reason>',
    ru: '❌ Укажите причину: /penalty <сумма> <причина>',
    kk: '❌ Себебін жазыңыз: /penalty <сома> <себеп>',
  },
  'adjustment.noMember': {
    zh: '❌ 我还不认识这位成员；成员按“加入”或打卡后即可。',
    en: '❌ I do not know that member yet; they join by pressing Join or by clocking in.',
    ru: '❌ Я пока не знаю этого сотрудника; он подключается кнопкой «Подключиться» или первой отметкой.',
    kk: '❌ Бұл қызметкерді әлі білмеймін; ол «Қосылу» батырмасымен немесе алғашқы белгімен қосылады.',
  },
  'adjustment.recorded': {
    zh: '✅ 已为 {name} 记录{kind}：{amount}',
    en: '✅ {kind} of {amount} recorded for {name}',
    ru: '✅ {kind} {amount} записан(а) для {name}',
    kk: '✅ {name} үшін {kind} {amount} жазылды',
  },
  'adjustment.kind.penalty': {
    zh: '罚款',
    en: 'Penalty',
    ru: 'Штраф',
    kk: 'Айыппұл',
  },
  'adjustment.kind.bonus': {
    zh: '奖金',
    en: 'Bonus',
    ru: 'Премия',
    kk: 'Сыйақы',
  },
  'adjustment.notice.penalty': {
    zh: '💸 {name}，您被罚款 {amount}。\n原因：{reason}',
    en: '💸 {name}, a penalty of {amount} was issued to you.\nReason: {reason}',
    ru: '💸 {name}, вам назначен штраф {amount}.\nПричина: {reason}',
    kk: '💸 {name}, сізге {amount} айыппұл салынды.\nСебебі: {reason}',
  },
  'adjustment.notice.bonus': {
    zh: '🎁 {name}，您获得奖金 {amount}。\n原因：{reason}',
    en: '🎁 {name}, you received a bonus of {amount}.\nReason: {reason}',
    ru: '🎁 {name}, вам начислена премия {amount}.\nПричина: {reason}',
    kk: '🎁 {name}, сізге {amount} сыйақы берілді.\nСебебі: {reason}',
  },
  'advance.usage': {
    zh: '用法：/advance <金额> [原因]',
    en: 'Usage: /advance <amount> [reason]',
    ru: 'Использование: /advance <сумма> [причина]',
    kk: 'Қолданылуы: /advance <сома> [себеп]',
  },
  'advance.noCompany': {
    zh: 'ℹ️ 您还不是任何公司群的成员。',
    en: 'ℹ️ You are not a member of a company group yet.',
    ru: 'ℹ️ Вы пока не состоите ни в одной группе компании.',
    kk: 'ℹ️ Сіз әлі ешбір компания тобының мүшесі емессіз.',
  },
  'advance.manyCompanies': {
    zh: 'ℹ️ 您属于多家公司：请在对应公司的群里发送 /{command}。',
    en: 'ℹ️ You belong to several companies: send /{command} in that company\'s group.',
    ru: 'ℹ️ Вы состоите в нескольких компаниях: отправьте /{command} в группе нужной компании.',
    kk: 'ℹ️ Сіз бірнеше компаниядасыз: /{command} командасын қажетті компания тобында жіберіңіз.',
  },
  'advance.answeredPrivately': {
    zh: '📩 我已在私聊中回复您。',
    en: '📩 I answered you in a private chat.',
    ru: '📩 Я ответил вам в личном чате.',
    kk: '📩 Сізге жеке чатта жауап бердім.',
  },
  'advance.openPrivateChat': {
    zh: 'ℹ️ 请先打开与我的私聊（按“开始”），然后再发送 /{command}。',
    en: 'ℹ️ Open a private chat with me first (press Start), then send /{command} again.',
    ru: 'ℹ️ Сначала откройте личный чат со мной (нажмите «Старт»), затем снова отправьте /{command}.',
    kk: 'ℹ️ Алдымен менімен жеке чатты ашыңыз («Бастау» батырмасы), содан кейін /{command} қайта жіберіңіз.',
  },
  'advance.overLimit': {
    zh: '❌ 超出每月预支额度：已用或待批 {used}，额度 {limit}，本次申请 {amount}。',
    en: '❌ Over your monthly advance limit: {used} of {limit} already used or pending; this request is {amount}.',
    ru: '❌ Превышен месячный лимит аванса: {used} из {limit} уже выдано или ожидает; запрошено {amount}.',
    kk: '❌ Айлық аванс лимиті асып кетті: {limit} ішінен {used} берілген не күтуде; сұралғаны {amount}.',
  },
  'advance.submitted': {
    zh: '📨 {amount} 的预支申请已发送给管理员，结果会在这里通知您。',
    en: '📨 Your advance request for {amount} went to the admins. You will hear back here.',
    ru: '📨 Запрос аванса на {amount} отправлен администраторам. Ответ придёт сюда.',
    kk: '📨 {amount} аванс сұранысы әкімшілерге жіберілді. Жауабы осында келеді.',
  },
  'advance.adminRequest': {
    zh: '💰 预支申请\n{name}：{amount}\n原因：{reason}\n本月已用：{used} / {limit}',
    en: '💰 Advance request\n{name}: {amount}\nReason: {reason}\nThis month: {used} of {limit}',
    ru: '💰 Запрос аванса\n{name}: {amount}\nПричина: {reason}\nВ этом месяце: {used} из {limit}',
    kk: '💰 Аванс сұранысы\n{name}: {amount}\nСебебі: {reason}\nОсы айда: {limit} ішінен {used}',
  },
  'advance.approved': {
    zh: '✅ 您的 {amount} 预支已批准。',
    en: '✅ Your advance of {amount} was approved.',
    ru: '✅ Ваш аванс {amount} одобрен.',
    kk: '✅ {amount} авансыңыз мақұлданды.',
  },
  'advance.rejected': {
    zh: '❌ 您的 {amount} 预支被拒绝。',
    en: '❌ Your advance of {amount} was rejected.',
    ru: '❌ Ваш аванс {amount} отклонён.',
    kk: '❌ {amount} авансыңыз қабылданбады.',
  },
  'advance.expired': {
    zh: '⌛ 您的 {amount} 预支申请已过期，未被处理。',
    en: '⌛ Your advance request for {amount} expired without a decision.',
    ru: '⌛ Запрос аванса на {amount} истёк без решения.',
    kk: '⌛ {amount} аванс сұранысының мерзімі шешімсіз өтті.',
  },
  'advance.decided': {
    zh: '💰 {name}：{amount}\n{outcome}（{admin}）',
    en: '💰 {name}: {amount}\n{outcome} ({admin})',
    ru: '💰 {name}: {amount}\n{outcome} ({admin})',
    kk: '💰 {name}: {amount}\n{outcome} ({admin})',
  },
  'advance.outcome.approved': {
    zh: '✅ 已批准',
    en: '✅ Approved',
    ru: '✅ Одобрено',
    kk: '✅ Мақұлданды',
  },
  'advance.outcome.rejected': {
    zh: '❌ 已拒绝',
    en: '❌ Rejected',
    ru: '❌ Отклонено',
    kk: '❌ Қабылданбады',
  },
  'advance.outcome.expired': {
    zh: '⌛ 已过期',
    en: '⌛ Expired',
    ru: '⌛ Истёк',
    kk: '⌛ Мерзімі өтті',
  },
  'advance.refused.notAdmin': {
    zh: '⛔ 只有本公司的管理员可以审批。',
    en: '⛔ Only an admin of this company can decide.',
    ru: '⛔ Решение может принять только администратор этой компании.',
    kk: '⛔ Шешімді тек осы компанияның әкімшісі қабылдай алады.',
  },
  'advance.refused.decided': {
    zh: 'ℹ️ 此申请已处理。',
    en: 'ℹ️ This request is already decided.',
    ru: 'ℹ️ По этому запросу уже принято решение.',
    kk: 'ℹ️ Бұл сұраныс бойынша шешім қабылданған.',
  },
  'button.approve': {
    zh: '✅ 批准',
    en: 'Approve',
    ru: 'Одобрить',
    kk: 'Мақұлдау',
  },
  'button.reject': {
    zh: '❌ 拒绝',
    en: 'Reject',
    ru: 'Отклонить',
    kk: 'Қабылдамау',
  },
  'advance.refused.overLimit': {
    zh: '❌ 批准将超出该成员本月的预支额度。',
    en: '❌ Approving would exceed the member\'s monthly advance limit.',
    ru: '❌ Одобрение превысит месячный лимит аванса сотрудника.',
    kk: '❌ Мақұлдау қызметкердің айлық аванс лимитінен асады.',
  },
  'command.advance': {
    zh: '申请预支工资',
    en: 'Request a salary advance',
    ru: 'Запросить аванс',
    kk: 'Аванс сұрау',
  },
  'request.replyToReject': {
    zh: '↩️ 如需说明拒绝原因，请回复此消息并写明原因。',
    en: '↩️ To reject with a reason, reply to this message with the reason.',
    ru: '↩️ Чтобы отклонить с причиной, ответьте на это сообщение, указав причину.',
    kk: '↩️ Себебін көрсетіп қабылдамау үшін осы хабарламаға себебін жазып жауап беріңіз.',
  },
  'request.replyUnmatched': {
    zh: 'ℹ️ 此回复未关联任何申请。如需拒绝申请并说明原因，请回复该申请的消息。',
    en: 'ℹ️ This reply is not linked to a request. To reject a request with a reason, reply to the request\'s own message.',
    ru: 'ℹ️ Этот ответ не связан ни с одной заявкой. Чтобы отклонить заявку с причиной, ответьте на сообщение самой заявки.',
    kk: 'ℹ️ Бұл жауап ешбір өтінішке байланысты емес. Өтінішті себебімен қабылдамау үшін өтініштің өз хабарламасына жауап беріңіз.',
  },
  'request.notFound': {
    zh: 'ℹ️ 找不到此申请。',
    en: 'ℹ️ This request does not exist.',
    ru: 'ℹ️ Такого запроса нет.',
    kk: 'ℹ️ Мұндай сұраныс жоқ.',
  },
  'request.reasonLine': {
    zh: '原因：{reason}',
    en: 'Reason: {reason}',
    ru: 'Причина: {reason}',
    kk: 'Себебі: {reason}',
  },
  'request.voided': {
    zh: '↩️ 已撤销罚款：{count} 笔（{amount}）。',
    en: '↩️ Penalties voided: {count} ({amount}).',
    ru: '↩️ Отменено штрафов: {count} ({amount}).',
    kk: '↩️ Жойылған айыппұлдар: {count} ({amount}).',
  },
  'request.added': {
    zh: '⚠️ 更正后新产生的罚款：{count} 笔（{amount}）。',
    en: '⚠️ New penalties after the correction: {count} ({amount}).',
    ru: '⚠️ Новые штрафы после исправления: {count} ({amount}).',
    kk: '⚠️ Түзетуден кейінгі жаңа айыппұлдар: {count} ({amount}).',
  },
  'leave.usage': {
    zh: '用法：/leave <sick|personal|comp> <开始日期> [结束日期] [原因]\n日期格式：2026-12-01、01.12.2026、01.12、today、tomorrow\n示例：/leave sick today 发烧\n可用调休天数：{balance}',
    en: 'Usage: /leave <sick|personal|comp> <from> [to] [reason]\nDates: 2026-12-01, 01.12.2026, 01.12, today, tomorrow\nExample: /leave sick today fever\nComp days available: {balance}',
    ru: 'Использование: /leave <sick|personal|comp> <с> [по] [причина]\nДаты: 2026-12-01, 01.12.2026, 01.12, today, tomorrow\nПример: /leave sick today температура\nДоступно дней отгула: {balance}',
    kk: 'Қолданылуы: /leave <sick|personal|comp> <басы> [соңы] [себеп]\nКүндер: 2026-12-01, 01.12.2026, 01.12, today, tomorrow\nМысал: /leave sick today қызу\nҚолжетімді демалыс күндері: {balance}',
  },
  'leave.badType': {
    zh: '❌ 假期类型只能是 sick（病假）、personal（事假）或 comp（调休）。',
    en: '❌ The kind of leave is sick, personal or comp.',
    ru: '❌ Вид отпуска: sick (больничный), personal (за свой счёт) или comp (отгул).',
    kk: '❌ Демалыс түрі: sick (ауру), personal (жеке) немесе comp (өтемақы күні).',
  },
  'leave.badDate': {
    zh: '❌ 无法识别日期“{text}”。请写成 2026-12-01、01.12.2026、01.12、today 或 tomorrow。',
    en: '❌ "{text}" is not a date I can read. Write it as 2026-12-01, 01.12.2026, 01.12, today or tomorrow.',
    ru: '❌ Не могу прочитать дату «{text}». Пишите так: 2026-12-01, 01.12.2026, 01.12, today или tomorrow.',
    kk: '❌ «{text}» күнін оқи алмаймын. Былай жазыңыз: 2026-12-01, 01.12.2026, 01.12, today немесе tomorrow.',
  },
  'leave.badOrder': {
    zh: '❌ 结束日期早于开始日期。',
    en: '❌ The end date is before the start date.',
    ru: '❌ Дата окончания раньше даты начала.',
    kk: '❌ Аяқталу күні басталу күнінен ерте.',
  },
  'leave.tooLong': {
    zh: '❌ 单次请假最多 {max} 天。',
    en: '❌ One request covers at most {max} days.',
    ru: '❌ Один запрос — не более {max} дней.',
    kk: '❌ Бір сұраныс ең көбі {max} күн.',
  },
  'leave.tooFarBack': {
    zh: '❌ 只能申请最近 {max} 天内的假期。',
    en: '❌ Leave can start at most {max} days in the past.',
    ru: '❌ Отпуск может начинаться не раньше чем {max} дней назад.',
    kk: '❌ Демалыс ең көбі {max} күн бұрын басталуы мүмкін.',
  },
  'leave.tooFarAhead': {
    zh: '❌ 只能申请未来 {max} 天内的假期。',
    en: '❌ Leave can end at most {max} days ahead.',
    ru: '❌ Отпуск может заканчиваться не позже чем через {max} дней.',
    kk: '❌ Демалыс ең көбі {max} күннен кейін аяқталуы мүмкін.',
  },
  'leave.noWorkdays': {
    zh: '❌ {from} 至 {to} 没有工作日，无需请假。',
    en: '❌ There are no workdays from {from} to {to}: no leave is needed.',
    ru: '❌ С {from} по {to} нет рабочих дней: отпуск не нужен.',
    kk: '❌ {from} – {to} аралығында жұмыс күні жоқ: демалыс қажет емес.',
  },
  'leave.overlap': {
    zh: '❌ 与已申请或已批准的假期（{from} 至 {to}）重叠。',
    en: '❌ This overlaps leave already requested or approved ({from} to {to}).',
    ru: '❌ Пересекается с уже запрошенным или одобренным отпуском ({from} – {to}).',
    kk: '❌ Бұрын сұралған не мақұлданған демалыспен ({from} – {to}) қабаттасады.',
  },
  'leave.noBalance': {
    zh: '❌ 调休天数不足：现有 {balance} 天，本次需要 {days} 天。在非工作日完整工作一天可获得一天调休。',
    en: '❌ Not enough comp days: you have {balance}, this leave needs {days}. A full day worked on a day off earns one.',
    ru: '❌ Недостаточно дней отгула: есть {balance}, нужно {days}. Полный день работы в выходной даёт один день.',
    kk: '❌ Өтемақы күндері жеткіліксіз: бар {balance}, қажет {days}. Демалыс күні толық жұмыс бір күн береді.',
  },
  'leave.submitted': {
    zh: '📨 {type}申请（{from} 至 {to}，{days} 个工作日）已发送给管理员，结果会在这里通知您。',
    en: '📨 Your {type} request ({from} to {to}, workdays: {days}) went to the admins. You will hear back here.',
    ru: '📨 Запрос: {type} ({from} – {to}, рабочих дней: {days}) отправлен администраторам. Ответ придёт сюда.',
    kk: '📨 Сұраныс: {type} ({from} – {to}, жұмыс күні: {days}) әкімшілерге жіберілді. Жауабы осында келеді.',
  },
  'leave.adminRequest': {
    zh: '🌴 请假申请\n{name}：{type}\n{from} 至 {to}（{days} 个工作日）\n原因：{reason}',
    en: '🌴 Leave request\n{name}: {type}\n{from} to {to} (workdays: {days})\nReason: {reason}',
    ru: '🌴 Запрос отпуска\n{name}: {type}\n{from} – {to} (рабочих дней: {days})\nПричина: {reason}',
    kk: '🌴 Демалыс сұранысы\n{name}: {type}\n{from} – {to} (жұмыс күні: {days})\nСебебі: {reason}',
  },
  'leave.approved': {
    zh: '✅ 您的{type}（{from} 至 {to}）已批准。',
    en: '✅ Your {type} from {from} to {to} was approved.',
    ru: '✅ Ваш запрос «{type}» с {from} по {to} одобрен.',
    kk: '✅ {from} – {to} аралығындағы «{type}» сұранысыңыз мақұлданды.',
  },
  'leave.rejected': {
    zh: '❌ 您的{type}（{from} 至 {to}）被拒绝。',
    en: '❌ Your {type} from {from} to {to} was rejected.',
    ru: '❌ Ваш запрос «{type}» с {from} по {to} отклонён.',
    kk: '❌ {from} – {to} аралығындағы «{type}» сұранысыңыз қабылданбады.',
  },
  'leave.expired': {
    zh: '⌛ 您的{type}申请（{from} 至 {to}）已过期，未被处理。',
    en: '⌛ Your {type} request from {from} to {to} expired without a decision.',
    ru: '⌛ Запрос «{type}» с {from} по {to} истёк без решения.',
    kk: '⌛ {from} – {to} аралығындағы «{type}» сұранысының мерзімі шешімсіз өтті.',
  },
  'leave.compBalance': {
    zh: '调休余额：{balance} 天（不含本次）',
    en: 'Comp days available: {balance} (besides this request)',
    ru: 'Доступно дней отгула: {balance} (без учёта этого запроса)',
    kk: 'Қолжетімді өтемақы күндері: {balance} (бұл сұраныссыз)',
  },
  'comp.earned': {
    zh: '🎁 {name}，您在非工作日完整工作了一天，获得一天调休（可用：{balance} 天）。用 /leave comp 申请。',
    en: '🎁 {name}, a full day worked on a day off earned you one comp day (available: {balance}). Ask for it with /leave comp.',
    ru: '🎁 {name}, за полный день работы в выходной вам начислен день отгула (доступно: {balance}). Запросить: /leave comp.',
    kk: '🎁 {name}, демалыс күні толық жұмыс үшін сізге бір өтемақы күні берілді (қолжетімді: {balance}). Сұрау: /leave comp.',
  },
  'leave.decided': {
    zh: '🌴 {name}：{type} {from} 至 {to}\n{outcome}（{admin}）',
    en: '🌴 {name}: {type} {from} to {to}\n{outcome} ({admin})',
    ru: '🌴 {name}: {type} {from} – {to}\n{outcome} ({admin})',
    kk: '🌴 {name}: {type} {from} – {to}\n{outcome} ({admin})',
  },
  'leave.type.sick': {
    zh: '病假',
    en: 'sick leave',
    ru: 'больничный',
    kk: 'ауру демалысы',
  },
  'leave.type.personal': {
    zh: '事假',
    en: 'personal leave',
    ru: 'отпуск за свой счёт',
    kk: 'жеке демалыс',
  },
  'leave.type.comp': {
    zh: '调休',
    en: 'comp leave',
    ru: 'отгул',
    kk: 'өтемақы демалысы',
  },
  'fix.usage': {
    zh: '用法：/fix <日期> <start|end|lunch|break|smoke|back> <HH:MM> [原因]\n示例：/fix today start 09:00 忘记打卡',
    en: 'Usage: /fix <date> <start|end|lunch|break|smoke|back> <HH:MM> [reason]\nExample: /fix today start 09:00 forgot to clock in',
    ru: 'Использование: /fix <дата> <start|end|lunch|break|smoke|back> <ЧЧ:ММ> [причина]\nПример: /fix today start 09:00 забыл отметиться',
    kk: 'Қолданылуы: /fix <күн> <start|end|lunch|break|smoke|back> <СС:ММ> [себеп]\nМысал: /fix today start 09:00 белгілеуді ұмыттым',
  },
  'fix.badAction': {
    zh: '❌ 请写明要更正的打卡：start、end、lunch、break、smoke 或 back。',
    en: '❌ Say which clock-in to correct: start, end, lunch, break, smoke or back.',
    ru: '❌ Укажите, какую отметку исправить: start, end, lunch, break, smoke или back.',
    kk: '❌ Қай белгіні түзету керектігін жазыңыз: start, end, lunch, break, smoke немесе back.',
  },
  'fix.badTime': {
    zh: '❌ 时间格式为 HH:MM，例如 09:05。',
    en: '❌ Write the time as HH:MM, for example 09:05.',
    ru: '❌ Время пишется как ЧЧ:ММ, например 09:05.',
    kk: '❌ Уақытты СС:ММ түрінде жазыңыз, мысалы 09:05.',
  },
  'fix.future': {
    zh: '❌ 不能更正尚未到来的时间。',
    en: '❌ That time has not come yet.',
    ru: '❌ Это время ещё не наступило.',
    kk: '❌ Бұл уақыт әлі келген жоқ.',
  },
  'fix.tooFarBack': {
    zh: '❌ 只能更正最近 {max} 天内的打卡。',
    en: '❌ Only the last {max} days can be corrected.',
    ru: '❌ Исправить можно только последние {max} дней.',
    kk: '❌ Тек соңғы {max} күнді түзетуге болады.',
  },
  'fix.duplicate': {
    zh: 'ℹ️ 这一天的这项更正已在等待审批。',
    en: 'ℹ️ A correction of this clock-in on that day is already waiting for a decision.',
    ru: 'ℹ️ Исправление этой отметки за этот день уже ждёт решения.',
    kk: 'ℹ️ Осы күнгі бұл белгіні түзету шешімді күтуде.',
  },
  'fix.submitted': {
    zh: '📨 更正申请（{date} {action} {time}）已发送给管理员，结果会在这里通知您。',
    en: '📨 Your correction ({date} {action} {time}) went to the admins. You will hear back here.',
    ru: '📨 Запрос на исправление ({date} {action} {time}) отправлен администраторам. Ответ придёт сюда.',
    kk: '📨 Түзету сұранысы ({date} {action} {time}) әкімшілерге жіберілді. Жауабы осында келеді.',
  },
  'fix.adminRequest': {
    zh: '🕘 打卡更正申请\n{name}：{date} {action} {time}\n已记录：{recorded}\n原因：{reason}',
    en: '🕘 Clock-in correction\n{name}: {date} {action} {time}\nRecorded: {recorded}\nReason: {reason}',
    ru: '🕘 Исправление отметки\n{name}: {date} {action} {time}\nЗаписано: {recorded}\nПричина: {reason}',
    kk: '🕘 Белгіні түзету\n{name}: {date} {action} {time}\nЖазылғаны: {recorded}\nСебебі: {reason}',
  },
  'fix.approved': {
    zh: '✅ 您的更正已批准：{date} {action} {time}。',
    en: '✅ Your correction was approved: {date} {action} {time}.',
    ru: '✅ Исправление одобрено: {date} {action} {time}.',
    kk: '✅ Түзету мақұлданды: {date} {action} {time}.',
  },
  'fix.rejected': {
    zh: '❌ 您的更正被拒绝：{date} {action} {time}。',
    en: '❌ Your correction was rejected: {date} {action} {time}.',
    ru: '❌ Исправление отклонено: {date} {action} {time}.',
    kk: '❌ Түзету қабылданбады: {date} {action} {time}.',
  },
  'fix.expired': {
    zh: '⌛ 您的更正申请（{date} {action} {time}）已过期，未被处理。',
    en: '⌛ Your correction ({date} {action} {time}) expired without a decision.',
    ru: '⌛ Запрос на исправление ({date} {action} {time}) истёк без решения.',
    kk: '⌛ Түзету сұранысының ({date} {action} {time}) мерзімі шешімсіз өтті.',
  },
  'fix.decided': {
    zh: '🕘 {name}：{date} {action} {time}\n{outcome}（{admin}）',
    en: '🕘 {name}: {date} {action} {time}\n{outcome} ({admin})',
    ru: '🕘 {name}: {date} {action} {time}\n{outcome} ({admin})',
    kk: '🕘 {name}: {date} {action} {time}\n{outcome} ({admin})',
  },
  'command.leave': {
    zh: '申请请假',
    en: 'Request leave',
    ru: 'Запросить отпуск',
    kk: 'Демалыс сұрау',
  },
  'command.fix': {
    zh: '申请更正打卡',
    en: 'Correct a clock-in',
    ru: 'Исправить отметку',
    kk: 'Белгіні түзету',
  },
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof catalogue;
export const MESSAGE_KEYS = Object.keys(catalogue) as MessageKey[];

/** One language's text, with {placeholders} filled in. */
export function translate(key: MessageKey, language: Language, params: Params = {}): string {
  const template: string = catalogue[key][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Both languages of the pair: the first language's block, then the second's. */
export function render(key: MessageKey, params: Params = {}, pair: LanguagePair = DEFAULT_LANGUAGE_PAIR): string {
  const [first, second] = pair;
  return `${translate(key, first, params)}\n${translate(key, second, params)}`;
}

/** A short label with both languages on one line, for buttons: "开启通知 · Notifications on". */
export function label(key: MessageKey, pair: LanguagePair = DEFAULT_LANGUAGE_PAIR): string {
  return `${translate(key, pair[0])} · ${translate(key, pair[1])}`;
}

/**
 * Params whose values are themselves translatable get one value per language.
 * `renderWith` fills each language block with its own translation of those params.
 */
export function renderWith(
  key: MessageKey,
  params: Params,
  localized: Record<string, MessageKey>,
  pair: LanguagePair = DEFAULT_LANGUAGE_PAIR,
): string {
  return renderParts([{ key, params, localized }], pair);
}

export interface MessagePart {
  key: MessageKey;
  params?: Params;
  localized?: Record<string, MessageKey>;
}

/** Several messages as one text: each language's block holds every part, in order. */
export function renderParts(parts: MessagePart[], pair: LanguagePair = DEFAULT_LANGUAGE_PAIR): string {
  return pair
    .map((language) =>
      parts
        .map(({ key, params = {}, localized = {} }) => {
          const own: Params = { ...params };
          for (const [name, valueKey] of Object.entries(localized)) own[name] = translate(valueKey, language);
          return translate(key, language, own);
        })
        .join('\n'),
    )
    .join('\n');
}

/** Shows only the last four digits of an IIN. */
export function maskIin(iin: string): string {
  return maskedIin(iin);
}

/** Raw catalogue entries, for the completeness test. */
export function catalogueEntry(key: MessageKey): Readonly<Entry> {
  return catalogue[key];
}
