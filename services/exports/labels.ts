// Every text the month's workbook shows, in the four languages a company may pick from. The
// workbook shows two at once (the company's pair), so nobody depends on a language setting.
// The Chinese follows the vocabulary of DingTalk's monthly summary (月度汇总), and each
// language names violations and leave the way the bot's messages do (domain/messages.ts).
import type { Language, LanguagePair } from '../../domain/messages';

const table = {
  // Sheet names: each language at most 15 characters, so any pair fits Excel's 31 (see sheetName).
  'sheet.summary': { zh: '月度汇总', en: 'Summary', ru: 'Сводка', kk: 'Жиынтық' },
  'sheet.grid': { zh: '每日考勤', en: 'Daily grid', ru: 'Табель', kk: 'Күндік кесте' },
  'sheet.punches': { zh: '打卡记录', en: 'Clock-ins', ru: 'Отметки', kk: 'Белгілер' },
  'sheet.violations': { zh: '违规记录', en: 'Violations', ru: 'Нарушения', kk: 'Бұзушылықтар' },
  'sheet.adjustments': { zh: '奖惩', en: 'Fines & bonuses', ru: 'Штрафы, премии', kk: 'Айыппұл, сыйақы' },
  'sheet.advances': { zh: '预支', en: 'Advances', ru: 'Авансы', kk: 'Аванстар' },
  'sheet.leave': { zh: '请假', en: 'Leave', ru: 'Отпуска', kk: 'Демалыстар' },
  'sheet.payroll': { zh: '工资', en: 'Payroll', ru: 'Зарплата', kk: 'Жалақы' },

  'title.report': { zh: '月度考勤汇总', en: 'Monthly attendance summary', ru: 'Сводка учёта рабочего времени за месяц', kk: 'Жұмыс уақытын есепке алудың айлық жиынтығы' },
  'title.month': { zh: '月份', en: 'Month', ru: 'Месяц', kk: 'Ай' },
  'title.generatedAt': { zh: '生成时间', en: 'Generated at', ru: 'Сформировано', kk: 'Жасалған уақыты' },
  'title.timeZone': { zh: '时区', en: 'Time zone', ru: 'Часовой пояс', kk: 'Уақыт белдеуі' },
  'title.currency': { zh: '金额单位', en: 'Amounts in', ru: 'Суммы в валюте', kk: 'Сомалар валютасы' },
  total: { zh: '合计', en: 'Total', ru: 'Итого', kk: 'Барлығы' },
  legend: { zh: '图例', en: 'Legend', ru: 'Условные обозначения', kk: 'Шартты белгілер' },
  yes: { zh: '是', en: 'Yes', ru: 'Да', kk: 'Иә' },
  no: { zh: '否', en: 'No', ru: 'Нет', kk: 'Жоқ' },
  'note.payroll': {
    zh: '应得工资 = 基本工资 × 计薪天数 ÷ 月工作日，四舍五入（远离零）到最小货币单位；实发工资 = 应得工资 − 罚款 + 奖金 − 预支。罚款 = 重算后的违规罚款 + 管理员罚款。',
    en: "Earned = base salary × payment days ÷ working days, rounded half away from zero to the currency's minor unit; net pay = earned − penalties + bonuses − advances. Penalties = violations as repriced + admins' penalties.",
    ru: 'Начислено = оклад × оплачиваемые дни ÷ рабочие дни месяца, с округлением половины от нуля до минимальной денежной единицы; к выплате = начислено − штрафы + премии − авансы. Штрафы = нарушения после пересчёта + штрафы администратора.',
    kk: 'Есептелген жалақы = негізгі жалақы × төленетін күндер ÷ айдағы жұмыс күндері, жартысы нөлден алыс жаққа ең кіші ақша бірлігіне дейін дөңгелектенеді; төленетін сома = есептелген жалақы − айыппұлдар + сыйақылар − аванстар. Айыппұлдар = қайта есептелген бұзушылықтар + әкімші айыппұлдары.',
  },

  'col.memberId': { zh: '成员编号', en: 'Member ID', ru: 'ID сотрудника', kk: 'Қызметкер ID' },
  'col.name': { zh: '姓名', en: 'Name', ru: 'Сотрудник', kk: 'Қызметкер' },
  'col.username': { zh: 'Telegram 用户名', en: 'Telegram username', ru: 'Имя в Telegram', kk: 'Telegram аты' },
  'col.employeeCode': { zh: '工号', en: 'Employee code', ru: 'Табельный номер', kk: 'Табель нөмірі' },
  'col.joinedOn': { zh: '入职日期', en: 'Joined', ru: 'Дата приёма', kk: 'Қабылданған күні' },
  'col.active': { zh: '在职', en: 'Active', ru: 'Работает', kk: 'Жұмыс істейді' },
  'col.daysDue': { zh: '应出勤天数', en: 'Days due', ru: 'Дней по графику', kk: 'Кесте бойынша күндер' },
  'col.daysWorked': { zh: '实际出勤天数', en: 'Days worked', ru: 'Отработано дней', kk: 'Жұмыс істеген күндер' },
  'col.hoursWorked': { zh: '工作时长', en: 'Hours worked', ru: 'Отработано часов', kk: 'Жұмыс сағаттары' },
  'col.lateCount': { zh: '迟到次数', en: 'Late (times)', ru: 'Опоздания (раз)', kk: 'Кешігу (рет)' },
  'col.lateMinutes': { zh: '迟到时长（分钟）', en: 'Late (minutes)', ru: 'Опоздания (мин)', kk: 'Кешігу (мин)' },
  'col.earlyCount': { zh: '早退次数', en: 'Early leave (times)', ru: 'Ранние уходы (раз)', kk: 'Ерте кету (рет)' },
  'col.earlyMinutes': { zh: '早退时长（分钟）', en: 'Early leave (minutes)', ru: 'Ранние уходы (мин)', kk: 'Ерте кету (мин)' },
  'col.missingClockOuts': { zh: '下班缺卡次数', en: 'Missing clock-outs', ru: 'Нет отметки ухода', kk: 'Кету белгісі жоқ' },
  'col.absences': { zh: '缺勤次数（迟到过久）', en: 'Absences (very late)', ru: 'Отсутствия (сильное опоздание)', kk: 'Келмеу (тым кеш келу)' },
  'col.noShows': { zh: '旷工天数', en: 'No-shows', ru: 'Неявки', kk: 'Жұмысқа келмеу' },
  'col.breakOverruns': { zh: '休息超时次数', en: 'Break overruns', ru: 'Превышения перерыва', kk: 'Үзілістен асу' },
  'col.unendedBreaks': { zh: '休息未结束次数', en: 'Breaks not ended', ru: 'Незавершённые перерывы', kk: 'Аяқталмаған үзілістер' },
  'col.sickDays': { zh: '病假（天）', en: 'Sick leave (days)', ru: 'Больничный (дн.)', kk: 'Ауру демалысы (күн)' },
  'col.personalDays': { zh: '事假（天）', en: 'Personal leave (days)', ru: 'За свой счёт (дн.)', kk: 'Жеке демалыс (күн)' },
  'col.compDays': { zh: '调休（天）', en: 'Comp leave (days)', ru: 'Отгулы (дн.)', kk: 'Өтемақы демалысы (күн)' },
  'col.compEarned': { zh: '获得调休（天）', en: 'Comp days earned', ru: 'Заработано отгулов', kk: 'Алынған өтемақы күндері' },
  'col.compSpent': { zh: '已用调休（天）', en: 'Comp days used', ru: 'Использовано отгулов', kk: 'Пайдаланылған өтемақы күндері' },
  'col.chargedPenalties': { zh: '已扣罚款（撤销后）', en: 'Penalties charged, net of voids', ru: 'Начислено штрафов (без отменённых)', kk: 'Салынған айыппұлдар (жойылғансыз)' },
  'col.voidedPenalties': { zh: '已撤销罚款', en: 'Penalties voided', ru: 'Отменено штрафов', kk: 'Жойылған айыппұлдар' },
  'col.repricedPenalties': { zh: '重算后罚款', en: 'Penalties repriced', ru: 'Штрафы после пересчёта', kk: 'Қайта есептелген айыппұлдар' },
  'col.repricingDifference': { zh: '重算差额', en: 'Repricing difference', ru: 'Разница пересчёта', kk: 'Қайта есептеу айырмасы' },
  'col.adjustmentPenalties': { zh: '管理员罚款', en: 'Admin penalties', ru: 'Штрафы администратора', kk: 'Әкімші айыппұлдары' },
  'col.bonuses': { zh: '奖金', en: 'Bonuses', ru: 'Премии', kk: 'Сыйақылар' },
  'col.advances': { zh: '预支工资', en: 'Advances', ru: 'Авансы', kk: 'Аванстар' },
  'col.netPay': { zh: '实发工资', en: 'Net pay', ru: 'К выплате', kk: 'Төленетін сома' },
  'col.day': { zh: '日期', en: 'Date', ru: 'Дата', kk: 'Күні' },
  'col.time': { zh: '打卡时间', en: 'Time', ru: 'Время', kk: 'Уақыты' },
  'col.at': { zh: '时间', en: 'Time', ru: 'Время', kk: 'Уақыты' },
  'col.replacedTime': { zh: '原打卡时间', en: 'Replaced time', ru: 'Заменённое время', kk: 'Ауыстырылған уақыт' },
  'col.punchKind': { zh: '打卡类型', en: 'Kind', ru: 'Тип отметки', kk: 'Белгі түрі' },
  'col.breakType': { zh: '休息类型', en: 'Break type', ru: 'Вид перерыва', kk: 'Үзіліс түрі' },
  'col.source': { zh: '来源', en: 'Source', ru: 'Источник', kk: 'Көзі' },
  'col.place': { zh: '地点或原因', en: 'Place or reason', ru: 'Место или причина', kk: 'Орны немесе себебі' },
  'col.violationKind': { zh: '违规类型', en: 'Violation', ru: 'Нарушение', kk: 'Бұзушылық' },
  'col.minutes': { zh: '分钟', en: 'Minutes', ru: 'Минут', kk: 'Минут' },
  'col.charged': { zh: '扣款金额', en: 'Charged', ru: 'Начислено', kk: 'Салынды' },
  'col.free': { zh: '免罚', en: 'Free', ru: 'Без штрафа', kk: 'Айыппұлсыз' },
  'col.byClose': { zh: '日结时记录', en: 'By day close', ru: 'При закрытии дня', kk: 'Күн жабылғанда' },
  'col.voidCause': { zh: '撤销原因', en: 'Voided by', ru: 'Причина отмены', kk: 'Жою себебі' },
  'col.voidedAt': { zh: '撤销时间', en: 'Voided at', ru: 'Время отмены', kk: 'Жойылған уақыты' },
  'col.adjustmentKind': { zh: '类型', en: 'Kind', ru: 'Тип', kk: 'Түрі' },
  'col.amount': { zh: '金额', en: 'Amount', ru: 'Сумма', kk: 'Сомасы' },
  'col.reason': { zh: '原因', en: 'Reason', ru: 'Причина', kk: 'Себебі' },
  'col.issuedBy': { zh: '操作人', en: 'Issued by', ru: 'Кем назначено', kk: 'Кім тағайындады' },
  'col.requestedAt': { zh: '申请时间', en: 'Requested at', ru: 'Время запроса', kk: 'Сұралған уақыты' },
  'col.status': { zh: '状态', en: 'Status', ru: 'Статус', kk: 'Күйі' },
  'col.decidedAt': { zh: '审批时间', en: 'Decided at', ru: 'Время решения', kk: 'Шешім уақыты' },
  'col.leaveType': { zh: '假期类型', en: 'Leave type', ru: 'Вид отпуска', kk: 'Демалыс түрі' },
  'col.from': { zh: '开始日期', en: 'From', ru: 'С', kk: 'Басталуы' },
  'col.to': { zh: '结束日期', en: 'To', ru: 'По', kk: 'Аяқталуы' },
  'col.days': { zh: '天数', en: 'Days', ru: 'Дней', kk: 'Күн саны' },
  'col.paid': { zh: '带薪', en: 'Paid', ru: 'Оплачиваемый', kk: 'Ақылы' },
  'col.baseSalary': { zh: '基本工资', en: 'Base salary', ru: 'Оклад', kk: 'Негізгі жалақы' },
  'col.workingDays': { zh: '月工作日', en: 'Working days', ru: 'Рабочих дней в месяце', kk: 'Айдағы жұмыс күндері' },
  'col.unpaidDays': { zh: '不计薪天数', en: 'Unpaid days', ru: 'Неоплачиваемых дней', kk: 'Төленбейтін күндер' },
  'col.paymentDays': { zh: '计薪天数', en: 'Payment days', ru: 'Оплачиваемых дней', kk: 'Төленетін күндер' },
  'col.earned': { zh: '应得工资', en: 'Earned', ru: 'Заработано', kk: 'Есептелген жалақы' },
  'col.penalties': { zh: '罚款合计', en: 'Penalties', ru: 'Штрафы', kk: 'Айыппұлдар' },

  // Day codes of the daily grid: a short name (count columns) and what it means (the legend).
  'code.P': { zh: '出勤', en: 'Present', ru: 'Явка', kk: 'Келді' },
  'code.L': { zh: '迟到', en: 'Late', ru: 'Опоздание', kk: 'Кешігу' },
  'code.E': { zh: '早退', en: 'Early leave', ru: 'Ранний уход', kk: 'Ерте кету' },
  'code.A': { zh: '缺勤', en: 'Absence', ru: 'Отсутствие', kk: 'Келмеу' },
  'code.N': { zh: '旷工', en: 'No-show', ru: 'Неявка', kk: 'Жұмысқа келмеу' },
  'code.M': { zh: '缺卡', en: 'Missing clock-out', ru: 'Нет ухода', kk: 'Кету белгісі жоқ' },
  'code.B': { zh: '休息未结束', en: 'Break not ended', ru: 'Перерыв не завершён', kk: 'Үзіліс аяқталмаған' },
  'code.S': { zh: '病假', en: 'Sick leave', ru: 'Больничный', kk: 'Ауру демалысы' },
  'code.V': { zh: '事假', en: 'Personal leave', ru: 'За свой счёт', kk: 'Жеке демалыс' },
  'code.C': { zh: '调休', en: 'Comp leave', ru: 'Отгул', kk: 'Өтемақы демалысы' },
  'code.H': { zh: '节假日', en: 'Holiday', ru: 'Праздник', kk: 'Мереке' },
  'code.R': { zh: '休息日', en: 'Rest day', ru: 'Выходной', kk: 'Демалыс күні' },
  'code.W': { zh: '休息日加班', en: 'Worked on a day off', ru: 'Работа в выходной', kk: 'Демалыста жұмыс' },
  'code.F': { zh: '未到期', en: 'Not yet due', ru: 'Ещё не наступил', kk: 'Әлі келмеген' },
  'code.O': { zh: '未结算', en: 'Open', ru: 'Не закрыт', kk: 'Жабылмаған' },
  'code.X': { zh: '未考勤', en: 'Not tracked', ru: 'Не учитывался', kk: 'Есепке алынбады' },
  'codeHelp.P': { zh: '按时上下班', en: 'came and left on time', ru: 'пришёл и ушёл вовремя', kk: 'уақытында келіп-кетті' },
  'codeHelp.L': { zh: '超过宽限时间后上班', en: 'started after the grace period', ru: 'пришёл позже льготного времени', kk: 'жеңілдік уақытынан кеш келді' },
  'codeHelp.E': { zh: '下班时间前离开', en: 'left before the end of the shift', ru: 'ушёл до конца смены', kk: 'ауысым аяқталмай кетті' },
  'codeHelp.A': { zh: '迟到超过缺勤阈值', en: 'arrived past the absence threshold', ru: 'пришёл позже порога отсутствия', kk: 'келмеу шегінен кеш келді' },
  'codeHelp.N': { zh: '工作日未到岗且未请假', en: 'did not come on a workday, without leave', ru: 'не пришёл в рабочий день без отпуска', kk: 'жұмыс күні демалыссыз келмеді' },
  'codeHelp.M': { zh: '上班后未打下班卡', en: 'clocked in but never clocked out', ru: 'отметил приход, но не уход', kk: 'келгенін белгіледі, кеткенін белгілемеді' },
  'codeHelp.B': { zh: '开始休息后未回座', en: 'started a break and never came back', ru: 'ушёл на перерыв и не отметил возврат', kk: 'үзіліске шығып, оралғанын белгілемеді' },
  'codeHelp.S': { zh: '已批准的病假', en: 'approved sick leave', ru: 'одобренный больничный', kk: 'бекітілген ауру демалысы' },
  'codeHelp.V': { zh: '已批准的事假', en: 'approved personal leave', ru: 'одобренный отпуск за свой счёт', kk: 'бекітілген жеке демалыс' },
  'codeHelp.C': { zh: '使用一天调休', en: 'a comp day taken', ru: 'использован отгул', kk: 'өтемақы күні пайдаланылды' },
  'codeHelp.H': { zh: '公司节假日', en: 'company holiday', ru: 'праздник компании', kk: 'компанияның мереке күні' },
  'codeHelp.R': { zh: '非工作日', en: 'not a workday', ru: 'нерабочий день', kk: 'жұмыс күні емес' },
  'codeHelp.W': { zh: '在休息日或节假日上班，满一天获得一天调休', en: 'worked on a rest day or holiday; a full day earns a comp day', ru: 'работал в выходной или праздник; полный день даёт отгул', kk: 'демалыс не мереке күні жұмыс істеді; толық күн бір өтемақы күнін береді' },
  'codeHelp.F': { zh: '尚未到来，或在入职之前', en: 'in the future, or before the member joined', ru: 'ещё не наступил или до приёма на работу', kk: 'әлі келмеген немесе жұмысқа қабылданғанға дейін' },
  'codeHelp.O': { zh: '今天，尚未日结', en: 'today, not closed yet', ru: 'сегодня, день ещё не закрыт', kk: 'бүгін, күн әлі жабылмаған' },
  'codeHelp.X': { zh: '考勤暂停期间（机器人被移出群或订阅停止），无法打卡，不计缺勤', en: 'attendance was paused (the bot out of the group, or the subscription stopped): nobody could clock in, not counted as absent', ru: 'учёт был приостановлен (бот удалён из группы или подписка остановлена): отметиться было нельзя, отсутствием не считается', kk: 'есеп тоқтатылған (бот топтан шығарылған немесе жазылым тоқтаған): белгі қою мүмкін болмады, келмеу саналмайды' },

  'weekday.1': { zh: '一', en: 'Mo', ru: 'Пн', kk: 'Дс' },
  'weekday.2': { zh: '二', en: 'Tu', ru: 'Вт', kk: 'Сс' },
  'weekday.3': { zh: '三', en: 'We', ru: 'Ср', kk: 'Ср' },
  'weekday.4': { zh: '四', en: 'Th', ru: 'Чт', kk: 'Бс' },
  'weekday.5': { zh: '五', en: 'Fr', ru: 'Пт', kk: 'Жм' },
  'weekday.6': { zh: '六', en: 'Sa', ru: 'Сб', kk: 'Сб' },
  'weekday.7': { zh: '日', en: 'Su', ru: 'Вс', kk: 'Жс' },

  'punchKind.start': { zh: '上班', en: 'Start', ru: 'Приход', kk: 'Келу' },
  'punchKind.end': { zh: '下班', en: 'End', ru: 'Уход', kk: 'Кету' },
  'punchKind.break-out': { zh: '开始休息', en: 'Break', ru: 'Перерыв', kk: 'Үзіліс' },
  'punchKind.back': { zh: '回座', en: 'Back', ru: 'Возврат', kk: 'Оралу' },
  'breakType.lunch': { zh: '吃饭', en: 'Lunch', ru: 'Обед', kk: 'Түскі ас' },
  'breakType.short': { zh: '短休息', en: 'Short break', ru: 'Короткий перерыв', kk: 'Қысқа үзіліс' },
  'breakType.smoke': { zh: '抽烟', en: 'Smoke', ru: 'Перекур', kk: 'Темекі' },
  'source.group': { zh: '群内打卡', en: 'Group chat', ru: 'Группа', kk: 'Топ' },
  'source.biotime': { zh: '考勤机', en: 'Terminal', ru: 'Терминал', kk: 'Терминал' },
  'source.correction': { zh: '补卡', en: 'Correction', ru: 'Исправление', kk: 'Түзету' },
  'violation.late': { zh: '迟到', en: 'Late arrival', ru: 'Опоздание', kk: 'Кешігу' },
  'violation.early-leave': { zh: '早退', en: 'Early leave', ru: 'Ранний уход', kk: 'Ерте кету' },
  'violation.absence': { zh: '缺勤（迟到过久）', en: 'Absence (very late)', ru: 'Отсутствие (сильное опоздание)', kk: 'Келмеу (тым кеш келу)' },
  'violation.no-show': { zh: '旷工', en: 'No-show', ru: 'Неявка', kk: 'Жұмысқа келмеу' },
  'violation.break-overrun': { zh: '休息超时', en: 'Break overrun', ru: 'Превышение перерыва', kk: 'Үзілістен асу' },
  'violation.missing-clock-out': { zh: '下班缺卡', en: 'Missing clock-out', ru: 'Нет отметки ухода', kk: 'Кету белгісі жоқ' },
  'violation.unended-break': { zh: '休息未结束', en: 'Break not ended', ru: 'Перерыв не завершён', kk: 'Үзіліс аяқталмаған' },
  'voidCause.leave': { zh: '请假', en: 'Leave', ru: 'Отпуск', kk: 'Демалыс' },
  'voidCause.correction': { zh: '补卡', en: 'Correction', ru: 'Исправление', kk: 'Түзету' },
  'adjustment.penalty': { zh: '罚款', en: 'Penalty', ru: 'Штраф', kk: 'Айыппұл' },
  'adjustment.bonus': { zh: '奖金', en: 'Bonus', ru: 'Премия', kk: 'Сыйақы' },
  'status.pending': { zh: '待审批', en: 'Pending', ru: 'На рассмотрении', kk: 'Қаралуда' },
  'status.approved': { zh: '已批准', en: 'Approved', ru: 'Одобрено', kk: 'Бекітілді' },
  'status.rejected': { zh: '已拒绝', en: 'Rejected', ru: 'Отклонено', kk: 'Қабылданбады' },
  'status.expired': { zh: '已过期', en: 'Expired', ru: 'Истекло', kk: 'Мерзімі өтті' },
  'status.withdrawn': { zh: '已撤回', en: 'Withdrawn', ru: 'Отозвано', kk: 'Кері қайтарылды' },
  'leaveType.sick': { zh: '病假', en: 'Sick leave', ru: 'Больничный', kk: 'Ауру демалысы' },
  'leaveType.personal': { zh: '事假', en: 'Personal leave', ru: 'Отпуск за свой счёт', kk: 'Жеке демалыс' },
  'leaveType.comp': { zh: '调休', en: 'Comp leave', ru: 'Отгул', kk: 'Өтемақы демалысы' },
} as const satisfies Record<string, Record<Language, string>>;

export type LabelKey = keyof typeof table;

/** The workbook's texts by key and language. */
export const LABELS: Record<LabelKey, Record<Language, string>> = table;

/** Both languages of the pair in one cell: "姓名 / Name"; one form when they read the same. */
export function bilingual(key: LabelKey, pair: LanguagePair, separator = ' / '): string {
  const [first, second] = [LABELS[key][pair[0]], LABELS[key][pair[1]]];
  return first === second ? first : `${first}${separator}${second}`;
}

const SHEET_NAME_LIMIT = 31;
const FORBIDDEN_IN_SHEET_NAMES = /[\\/?*[\]:]/g;

/**
 * A sheet's name in both languages, "月度汇总 · Summary": Excel refuses names over 31 characters
 * or with \ / ? * [ ] :, so those are replaced and an overlong pair keeps its first language.
 */
export function sheetName(key: LabelKey & `sheet.${string}`, pair: LanguagePair): string {
  const clean = (text: string) => text.replace(FORBIDDEN_IN_SHEET_NAMES, '-').replace(/^'|'$/g, '');
  const both = clean(bilingual(key, pair, ' · '));
  if (both.length <= SHEET_NAME_LIMIT) return both;
  return clean(LABELS[key][pair[0]]).slice(0, SHEET_NAME_LIMIT);
}
