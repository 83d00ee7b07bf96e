// The bilingual message catalogue. Every user-facing text is rendered in two languages at once,
// first language block then second, so nobody depends on a language setting to read it.

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguagePair = readonly [Language, Language];
export const DEFAULT_LANGUAGE_PAIR: LanguagePair = ['zh', 'en'];

type Params = Record<string, string | number>;
type Entry = Record<Language, string>;

const catalogue = {
  'start.askIin': {
    zh: '👋 欢迎使用考勤机器人。\n请发送您的12位个人身份号码（IIN）进行注册。',
    en: '👋 Welcome to the attendance bot.\nPlease send your 12-digit IIN to register.',
  },
  'start.menu': {
    zh: '👤 {name}\n已注册，IIN：{maskedIin}\n打卡通知：{notifyState}',
    en: '👤 {name}\nRegistered, IIN: {maskedIin}\nPunch notifications: {notifyState}',
  },
  'state.on': { zh: '开启', en: 'on' },
  'state.off': { zh: '关闭', en: 'off' },
  'iin.refused.format': {
    zh: '❌ IIN 必须是12位数字。请重新发送。',
    en: '❌ An IIN is exactly 12 digits. Please send it again.',
  },
  'iin.refused.century': {
    zh: '❌ IIN 无效：第7位数字必须是1到6。',
    en: '❌ Invalid IIN: the 7th digit must be 1 to 6.',
  },
  'iin.refused.birth-date': {
    zh: '❌ IIN 无效：前6位不是有效的出生日期。',
    en: '❌ Invalid IIN: the first 6 digits are not a valid birth date.',
  },
  'iin.refused.check-digit': {
    zh: '❌ IIN 无效：校验位不正确，请检查是否输错。',
    en: '❌ Invalid IIN: the check digit is wrong. Please check for a typo.',
  },
  'iin.refused.notInDirectory': {
    zh: '❌ 员工名录中没有此 IIN。请联系人事部门。',
    en: '❌ This IIN is not in the employee directory. Please contact HR.',
  },
  'iin.refused.alreadyBound': {
    zh: '⛔ 此 IIN 已绑定到另一个 Telegram 账号。如有疑问请联系管理员。',
    en: '⛔ This IIN is already bound to another Telegram account. Contact an admin if this is wrong.',
  },
  'iin.refused.alreadyRegistered': {
    zh: 'ℹ️ 您已注册（IIN：{maskedIin}）。如需更换，请先发送 /unregister。',
    en: 'ℹ️ You are already registered (IIN: {maskedIin}). Send /unregister first to change it.',
  },
  'register.done': {
    zh: '✅ 注册成功：{name}\n终端每次记录您的打卡时，您都会立即收到消息。',
    en: '✅ Registered: {name}\nYou will get a message the moment a terminal records your punch.',
  },
  'notify.enabled': { zh: '🔔 打卡通知已开启。', en: '🔔 Punch notifications are on.' },
  'notify.disabled': { zh: '🔕 打卡通知已关闭。', en: '🔕 Punch notifications are off.' },
  'notify.usage': { zh: '用法：/notify on 或 /notify off', en: 'Usage: /notify on or /notify off' },
  'unregister.confirm': {
    zh: '确定要取消注册吗？您将不再收到打卡通知。',
    en: 'Unregister? You will stop receiving punch notifications.',
  },
  'unregister.done': {
    zh: '👋 已取消注册。发送 /start 可重新注册。',
    en: '👋 Unregistered. Send /start to register again.',
  },
  'unregister.cancelled': { zh: '已取消。', en: 'Cancelled.' },
  'notRegistered': {
    zh: 'ℹ️ 您尚未注册。请发送您的12位 IIN。',
    en: 'ℹ️ You are not registered yet. Please send your 12-digit IIN.',
  },
  'month.header': { zh: '📅 {month} 考勤（{zone}）', en: '📅 Attendance for {month} ({zone})' },
  'month.legend': { zh: '每天：首次 – 末次打卡 ×次数', en: 'Each day: first – last punch ×count' },
  'month.none': { zh: '本月还没有打卡记录。', en: 'No punches recorded this month yet.' },
  'month.total': { zh: '共 {days} 天，{count} 次打卡', en: '{days} days, {count} punches in total' },
  'punch.recorded': {
    zh: '🕘 打卡已记录：{kind}\n👤 {name}\n🕒 时间：{time}（{zone}）\n📍 终端：{terminal}',
    en: '🕘 Punch recorded: {kind}\n👤 {name}\n🕒 Time: {time} ({zone})\n📍 Terminal: {terminal}',
  },
  'punch.kind.check-in': { zh: '上班', en: 'check in' },
  'punch.kind.check-out': { zh: '下班', en: 'check out' },
  'punch.kind.break-out': { zh: '休息开始', en: 'break out' },
  'punch.kind.break-in': { zh: '休息结束', en: 'break in' },
  'punch.kind.overtime-in': { zh: '加班开始', en: 'overtime in' },
  'punch.kind.overtime-out': { zh: '加班结束', en: 'overtime out' },
  'punch.kind.unknown': { zh: '打卡', en: 'punch' },
  'terminal.unknown': { zh: '未知', en: 'unknown' },
  'group.privateOnly': {
    zh: 'ℹ️ 请在与我的私聊中注册和管理通知。',
    en: 'ℹ️ Please register and manage notifications in a private chat with me.',
  },
  'unknownInput': {
    zh: '🤔 没看懂。可用命令：/start /notify /month /unregister',
    en: '🤔 I did not understand that. Commands: /start /notify /month /unregister',
  },
  'error.generic': {
    zh: '⚠️ 出了点问题，请稍后再试。',
    en: '⚠️ Something went wrong. Please try again in a moment.',
  },
  'group.welcome': {
    zh: '👋 大家好！我是考勤机器人。群管理员请按“设置”或发送 /setup 开始使用。',
    en: '👋 Hello! I am the attendance bot. A group admin can press Setup or send /setup to start.',
  },
  'setup.done': {
    zh: '✅ 本群已开通考勤（试用至 {trialEnds}）。工作时间 {shiftStart}–{shiftEnd}（{zone}）。\n用下面的按钮打卡，或发送 /in /out /lunch /break /smoke /back。',
    en: '✅ Attendance is on for this group (trial until {trialEnds}). Hours {shiftStart}–{shiftEnd} ({zone}).\nClock in with the buttons below, or send /in /out /lunch /break /smoke /back.',
  },
  'setup.already': { zh: 'ℹ️ 本群已经开通考勤。', en: 'ℹ️ Attendance is already set up in this group.' },
  'setup.notAdmin': { zh: '⛔ 只有群管理员可以设置考勤。', en: '⛔ Only a group admin can set up attendance.' },
  'clock.keyboard': { zh: '🕘 打卡', en: '🕘 Clock in' },
  'clock.notSetUp': {
    zh: 'ℹ️ 本群尚未开通考勤。请管理员发送 /setup。',
    en: 'ℹ️ Attendance is not set up here yet. An admin can send /setup.',
  },
  'clock.groupOnly': { zh: 'ℹ️ 请在公司的群里打卡。', en: 'ℹ️ Please clock in inside your company group.' },
  'clock.suspended': {
    zh: '⛔ 本群的考勤服务已暂停，暂时无法打卡。请联系管理员。',
    en: '⛔ Attendance is suspended for this group; clock-ins are not accepted. Please contact an admin.',
  },
  'clock.expired': {
    zh: '⛔ 本群的考勤试用/订阅已到期，暂时无法打卡。请联系管理员。',
    en: '⛔ This group\'s attendance trial or subscription has expired; clock-ins are not accepted.',
  },
  'clock.done.in': { zh: '✅ {name} 上班 {time}', en: '✅ {name} started the day at {time}' },
  'clock.done.out': { zh: '✅ {name} 下班 {time}', en: '✅ {name} ended the day at {time}' },
  'clock.done.lunch': { zh: '🍜 {name} 吃饭 {time}', en: '🍜 {name} went to lunch at {time}' },
  'clock.done.break': { zh: '☕ {name} 休息 {time}', en: '☕ {name} took a short break at {time}' },
  'clock.done.smoke': { zh: '🚬 {name} 抽烟 {time}', en: '🚬 {name} took a smoke break at {time}' },
  'clock.done.back': { zh: '💺 {name} 回座 {time}', en: '💺 {name} is back at {time}' },
  'clock.refused.already-started': { zh: '⚠️ 您今天已经上班打卡了。', en: '⚠️ You have already started the day.' },
  'clock.refused.not-started': { zh: '⚠️ 您今天还没有上班打卡。', en: '⚠️ You have not started the day yet.' },
  'clock.refused.already-on-break': { zh: '⚠️ 您正在休息中，请先回座。', en: '⚠️ You are already on a break; clock back first.' },
  'clock.refused.not-on-break': { zh: '⚠️ 您现在没有在休息。', en: '⚠️ You are not on a break.' },
  'clock.refused.already-ended': { zh: '⚠️ 您今天已经下班打卡了。', en: '⚠️ You have already ended the day.' },
  'clock.refused.end-while-on-break': { zh: '⚠️ 请先回座再下班。', en: '⚠️ Clock back from your break before ending the day.' },
  'join.done': { zh: '👋 {name} 已加入考勤。', en: '👋 {name} joined attendance.' },
  'violation.late': {
    zh: '⏰ {name} 迟到 {minutes} 分钟。罚款：{amount}',
    en: '⏰ {name} was {minutes} min late. Penalty: {amount}',
  },
  'violation.absence': {
    zh: '🚫 {name} 迟到 {minutes} 分钟，记为缺勤。罚款：{amount}',
    en: '🚫 {name} arrived {minutes} min late, counted as absent. Penalty: {amount}',
  },
  'violation.early-leave': {
    zh: '🏃 {name} 早退 {minutes} 分钟。罚款：{amount}',
    en: '🏃 {name} left {minutes} min early. Penalty: {amount}',
  },
  'violation.break-overrun': {
    zh: '⌛ {name} 休息超时 {minutes} 分钟。罚款：{amount}',
    en: '⌛ {name} overran the break by {minutes} min. Penalty: {amount}',
  },
  'violation.free': { zh: '本月免罚额度内', en: 'within this month\'s free allowance' },
  'break.overrun': {
    zh: '⌛ {name}，您的休息时间（{allowance} 分钟）已到，请回座。超时将按规则罚款。',
    en: '⌛ {name}, your break allowance ({allowance} min) is up; please clock back. Overrun is penalised by the rules.',
  },
  'button.setup': { zh: '⚙️ 设置', en: 'Setup' },
  'button.join': { zh: '🙋 加入', en: 'Join' },
  'button.clock.in': { zh: '上班', en: 'Start' },
  'button.clock.out': { zh: '下班', en: 'End' },
  'button.clock.lunch': { zh: '吃饭', en: 'Lunch' },
  'button.clock.break': { zh: '休息', en: 'Break' },
  'button.clock.smoke': { zh: '抽烟', en: 'Smoke' },
  'button.clock.back': { zh: '回座', en: 'Back' },
  'button.notifyOn': { zh: '🔔 开启通知', en: 'Notifications on' },
  'button.notifyOff': { zh: '🔕 关闭通知', en: 'Notifications off' },
  'button.month': { zh: '📅 本月考勤', en: 'This month' },
  'button.unregister': { zh: '🚪 取消注册', en: 'Unregister' },
  'button.confirm': { zh: '✅ 确定', en: 'Yes' },
  'button.cancel': { zh: '✖️ 取消', en: 'Cancel' },
  'button.stale': { zh: '此按钮已过期。', en: 'This button is out of date.' },
  'command.start': { zh: '注册或打开菜单', en: 'Register or open the menu' },
  'command.notify': { zh: '开启/关闭打卡通知', en: 'Turn punch notifications on/off' },
  'command.month': { zh: '本月考勤', en: 'My attendance this month' },
  'command.unregister': { zh: '取消注册', en: 'Unregister' },
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
  return pair
    .map((language) => {
      const own: Params = { ...params };
      for (const [name, valueKey] of Object.entries(localized)) own[name] = translate(valueKey, language);
      return translate(key, language, own);
    })
    .join('\n');
}

/** Shows only the last four digits of an IIN. */
export function maskIin(iin: string): string {
  return `••••••••${iin.slice(-4)}`;
}

/** Raw catalogue entries, for the completeness test. */
export function catalogueEntry(key: MessageKey): Readonly<Entry> {
  return catalogue[key];
}
