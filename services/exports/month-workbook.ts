// The month's Excel workbook, written as a stream: each row is committed as it is written and
// each sheet before the next, and the detail lines are read from their async iterables one at a
// time, so a company of thousands costs little more memory than a company of ten. The same
// function writes one person's export (a report holding that member alone). How rows reach the
// file (and why not through exceljs's rows) is in sheet-writer.ts.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { PassThrough, type Writable } from 'node:stream';
import type { Language, LanguagePair } from '../../domain/messages';
import { currencyDecimals } from '../../domain/money';
import type { DayCode, MemberDay, MemberMonth, MonthReport } from '../../domain/month-report';
import { bilingual, LABELS, sheetName, type LabelKey } from './labels';
import {
  CELL_BORDER, createCellConverter, createStyles, displayWidth, font, Sheet, solidFill,
  type Kind, type Raw, type Style, type Value, type Workbook,
} from './sheet-writer';

type Column<T> = [label: LabelKey, kind: Kind, value: (row: T) => Raw, width?: number];

/** The workbook's sheets, in order; `rows` counts the data rows written to each. */
export const MONTH_SHEETS = ['summary', 'grid', 'punches', 'violations', 'adjustments', 'advances', 'leave', 'payroll'] as const;
export type MonthSheet = (typeof MONTH_SHEETS)[number];

/** Codes counted at the end of each grid row (the calendar's H, R, F and O are everyone's). */
export const COUNTED_CODES: readonly DayCode[] = ['P', 'L', 'E', 'A', 'N', 'M', 'B', 'S', 'V', 'C', 'W'];
const LEGEND_CODES: readonly DayCode[] = ['P', 'L', 'E', 'A', 'N', 'M', 'B', 'S', 'V', 'C', 'H', 'R', 'W', 'F', 'O', 'X'];

/** Fill (null: none) and text colour per day code, as ARGB. */
export const DAY_COLOURS: Record<DayCode, { fill: string | null; font: string }> = {
  P: { fill: 'FFD8EFD3', font: 'FF1E5B20' }, // present: green
  L: { fill: 'FFFFE8A3', font: 'FF7A5200' }, // late, early: amber
  E: { fill: 'FFFFE8A3', font: 'FF7A5200' },
  A: { fill: 'FFF8C4C4', font: 'FF8B1A1A' }, // absence, no-show: red
  N: { fill: 'FFF4A6A6', font: 'FF7A0F0F' },
  M: { fill: 'FFFFD0A8', font: 'FF8A4100' }, // missing clock-out, break not ended: orange
  B: { fill: 'FFFFE0C4', font: 'FF8A4100' },
  S: { fill: 'FFC9DDF2', font: 'FF1F3F66' }, // leave: blues
  V: { fill: 'FFDCE8F6', font: 'FF1F3F66' },
  C: { fill: 'FFB4CDEB', font: 'FF1F3F66' },
  H: { fill: 'FFD9D9D9', font: 'FF404040' }, // holiday, rest: greys
  R: { fill: 'FFEDEDED', font: 'FF595959' },
  W: { fill: 'FFE2D5F0', font: 'FF4B2A6E' }, // worked on a day off: purple
  F: { fill: null, font: 'FFB0B0B0' }, // not yet due: blank
  O: { fill: 'FFFFFFFF', font: 'FF7F7F7F' }, // open today: white
  X: { fill: 'FFF2F2F2', font: 'FF8C8C8C' }, // not tracked (attendance paused): pale grey
};

/** Writes the month's workbook to `output`; resolves once it is complete, with the data rows per sheet. */
export async function writeMonthWorkbook(report: MonthReport, output: Writable): Promise<{ rows: Record<string, number> }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Telegram Attendance';
  workbook.created = new Date(report.generatedAt);
  const context = createContext(report);
  const { say } = context;
  const yesNo = (flag: boolean) => say(flag ? 'yes' : 'no');
  const optional = <T>(value: T | null, show: (value: T) => string) => (value === null ? null : show(value));
  const rows = {} as Record<MonthSheet, number>;

  rows.summary = await writeMemberTable(workbook, context, 'sheet.summary', report.members, summaryColumns, {
    titles: [
      `${report.company.name} — ${say('title.report')}`,
      `${say('title.month')}: ${report.month}`,
      `${say('title.generatedAt')}: ${DateTime.fromISO(report.generatedAt, { zone: report.company.timeZone }).toFormat('yyyy-MM-dd HH:mm')}`,
      `${say('title.timeZone')}: ${report.company.timeZone}`,
      `${say('title.currency')}: ${report.company.currency.toUpperCase()}`,
    ],
    totalled: (kind, column) => column > 0 && kind !== 'text',
  });
  rows.grid = await writeGrid(workbook, context, report);
  rows.punches = await writeLines(workbook, context, 'sheet.punches', report.punches(), [
    ['col.memberId', 'integer', (p) => p.memberId, 8], ['col.name', 'text', (p) => p.name, 20], ['col.day', 'date', (p) => p.day, 11],
    ['col.time', 'dateTime', (p) => p.at, 16], ['col.replacedTime', 'dateTime', (p) => p.replacesAt, 16],
    ['col.punchKind', 'text', (p) => say(`punchKind.${p.kind}`), 14], ['col.breakType', 'text', (p) => optional(p.breakType, (t) => say(`breakType.${t}`)), 14],
    ['col.source', 'text', (p) => say(`source.${p.source}`), 16], ['col.place', 'text', (p) => p.place, 32],
  ]);
  rows.violations = await writeLines(workbook, context, 'sheet.violations', report.violations(), [
    ['col.memberId', 'integer', (v) => v.memberId, 8], ['col.name', 'text', (v) => v.name, 20], ['col.day', 'date', (v) => v.day, 11],
    ['col.violationKind', 'text', (v) => say(`violation.${v.kind}`), 22], ['col.breakType', 'text', (v) => optional(v.breakType, (t) => say(`breakType.${t}`)), 14],
    ['col.minutes', 'integer', (v) => v.minutes, 8], ['col.charged', 'money', (v) => v.amount, 12], ['col.free', 'text', (v) => yesNo(v.free), 9],
    ['col.byClose', 'text', (v) => yesNo(v.byClose), 11], ['col.voidCause', 'text', (v) => optional(v.voided, (x) => say(`voidCause.${x.cause}`)), 14],
    ['col.voidedAt', 'dateTime', (v) => v.voided?.at ?? null, 16],
  ]);
  rows.adjustments = await writeLines(workbook, context, 'sheet.adjustments', report.adjustments(), [
    ['col.memberId', 'integer', (a) => a.memberId, 8], ['col.name', 'text', (a) => a.name, 20], ['col.at', 'dateTime', (a) => a.at, 16],
    ['col.adjustmentKind', 'text', (a) => say(`adjustment.${a.kind}`), 12], ['col.amount', 'money', (a) => a.amount, 13],
    ['col.reason', 'text', (a) => a.reason, 40], ['col.issuedBy', 'text', (a) => a.issuedBy, 18],
  ]);
  rows.advances = await writeLines(workbook, context, 'sheet.advances', report.advances(), [
    ['col.memberId', 'integer', (a) => a.memberId, 8], ['col.name', 'text', (a) => a.name, 20], ['col.requestedAt', 'dateTime', (a) => a.requestedAt, 16],
    ['col.amount', 'money', (a) => a.amount, 13], ['col.status', 'text', (a) => say(`status.${a.status}`), 14],
    ['col.decidedAt', 'dateTime', (a) => a.decidedAt, 16], ['col.reason', 'text', (a) => a.reason, 40],
  ]);
  rows.leave = await writeLines(workbook, context, 'sheet.leave', report.leave(), [
    ['col.memberId', 'integer', (l) => l.memberId, 8], ['col.name', 'text', (l) => l.name, 20], ['col.leaveType', 'text', (l) => say(`leaveType.${l.type}`), 16],
    ['col.from', 'date', (l) => l.from, 11], ['col.to', 'date', (l) => l.to, 11], ['col.days', 'number', (l) => l.days, 7],
    ['col.status', 'text', (l) => say(`status.${l.status}`), 14], ['col.paid', 'text', (l) => yesNo(l.paid), 9], ['col.reason', 'text', (l) => l.reason, 40],
  ]);
  rows.payroll = await writeMemberTable(workbook, context, 'sheet.payroll', report.members, payrollColumns, {
    totalled: (kind) => kind === 'money',
    notes: context.pair.map((language) => LABELS['note.payroll'][language]),
  });

  await workbook.commit();
  return { rows };
}

const summaryColumns: Column<MemberMonth>[] = [
  ['col.memberId', 'integer', (m) => m.memberId], ['col.name', 'text', (m) => m.name], ['col.employeeCode', 'text', (m) => m.employeeCode],
  ['col.daysDue', 'integer', (m) => m.totals.daysDue], ['col.daysWorked', 'integer', (m) => m.totals.daysWorked],
  ['col.hoursWorked', 'duration', (m) => m.totals.minutesWorked],
  ['col.lateCount', 'integer', (m) => m.totals.lateCount], ['col.lateMinutes', 'integer', (m) => m.totals.lateMinutes],
  ['col.earlyCount', 'integer', (m) => m.totals.earlyCount], ['col.earlyMinutes', 'integer', (m) => m.totals.earlyMinutes],
  ['col.missingClockOuts', 'integer', (m) => m.totals.missingClockOuts], ['col.absences', 'integer', (m) => m.totals.absences],
  ['col.noShows', 'integer', (m) => m.totals.noShows], ['col.breakOverruns', 'integer', (m) => m.totals.breakOverruns],
  ['col.unendedBreaks', 'integer', (m) => m.totals.unendedBreaks],
  ['col.sickDays', 'number', (m) => m.totals.leaveDays.sick], ['col.personalDays', 'number', (m) => m.totals.leaveDays.personal],
  ['col.compDays', 'number', (m) => m.totals.leaveDays.comp],
  ['col.compEarned', 'number', (m) => m.totals.compEarned], ['col.compSpent', 'number', (m) => m.totals.compSpent],
  ['col.chargedPenalties', 'money', (m) => m.money.chargedPenalties], ['col.voidedPenalties', 'money', (m) => m.money.voidedPenalties],
  ['col.repricedPenalties', 'money', (m) => m.money.repricedPenalties], ['col.repricingDifference', 'money', (m) => m.money.repricingDifference],
  ['col.adjustmentPenalties', 'money', (m) => m.money.adjustmentPenalties], ['col.bonuses', 'money', (m) => m.money.bonuses],
  ['col.advances', 'money', (m) => m.money.advances], ['col.netPay', 'money', (m) => m.payroll.net],
];

// Without a base salary the row shows no pay: earned and net stay empty.
const payrollColumns: Column<MemberMonth>[] = [
  ['col.memberId', 'integer', (m) => m.memberId], ['col.name', 'text', (m) => m.name], ['col.employeeCode', 'text', (m) => m.employeeCode],
  ['col.baseSalary', 'money', (m) => m.payroll.baseSalary], ['col.workingDays', 'number', (m) => m.payroll.workingDays],
  ['col.unpaidDays', 'number', (m) => m.payroll.unpaidDays], ['col.paymentDays', 'number', (m) => m.payroll.paymentDays],
  ['col.earned', 'money', (m) => (m.payroll.baseSalary === null ? null : m.payroll.earned)],
  ['col.penalties', 'money', (m) => m.payroll.penalties], ['col.bonuses', 'money', (m) => m.payroll.bonuses],
  ['col.advances', 'money', (m) => m.payroll.advances], ['col.netPay', 'money', (m) => m.payroll.net],
];

interface Context {
  pair: LanguagePair;
  styles: ReturnType<typeof createStyles> & ReturnType<typeof createGridStyles>;
  decimals: number;
  /** A label in both languages, built once per workbook. */
  say(key: LabelKey): string;
  cell(kind: Kind, raw: Raw): Value;
  footer(sheet: string): string;
}

function createContext(report: MonthReport): Context {
  const pair = report.company.languagePair;
  const decimals = currencyDecimals(report.company.currency);
  const said = new Map<LabelKey, string>();
  const escape = (text: string) => text.replace(/&/g, '&&');
  return {
    pair,
    decimals,
    styles: { ...createStyles(decimals), ...createGridStyles() },
    say(key) {
      let text = said.get(key);
      if (text === undefined) said.set(key, (text = bilingual(key, pair)));
      return text;
    },
    cell: createCellConverter(decimals, report.company.timeZone),
    footer: (sheet) => `&L${escape(report.company.name)}&C${escape(sheet)} · ${report.month}&R&P / &N`,
  };
}

/**
 * One row per member, then a totals row: SUM formulas over the members, each carrying its value
 * as the cached result for readers that do not recalculate.
 */
async function writeMemberTable(
  workbook: Workbook, context: Context, key: SheetKey, members: MemberMonth[], columns: Column<MemberMonth>[],
  options: { titles?: string[]; notes?: string[]; totalled: (kind: Kind, column: number) => boolean },
): Promise<number> {
  const { styles: s } = context;
  const titles = options.titles ?? [];
  const raws = members.map((member) => columns.map(([, , value]) => value(member)));
  const sums = columns.map((_, i) => raws.reduce((sum, row) => sum + (typeof row[i] === 'number' ? row[i] : 0), 0));
  const widths = columns.map(([, kind], i) => 2 + raws.reduce((widest, row) => Math.max(widest, displayWidth(kind, row[i]!, context.decimals)),
    Math.max(kind === 'text' ? 10 : 6, displayWidth(kind, sums[i]!, context.decimals) * 1.1)));
  const sheet = openSheet(workbook, context, key, columns.map(([label], i) => [context.say(label), Math.min(widths[i]!, 40)]), titles.length + 1);
  titles.forEach((title, i) => sheet.put([title], [i ? s.subtitle : s.title]));
  sheet.header();
  const cellStyles = columns.map(([, kind]) => s[kind]);
  for (const raw of raws) await sheet.data(raw.map((value, i) => context.cell(columns[i]![1], value)), cellStyles);
  sheet.totals(context.say('total'), columns.map(([, kind], i) => (options.totalled(kind, i) ? context.cell(kind, sums[i]!) : null)), columns.map(([, kind]) => s.totals[kind]));
  if (options.notes) sheet.put([]);
  for (const note of options.notes ?? []) sheet.put([null, note], [s.text, s.note]);
  return sheet.finish();
}

async function writeGrid(workbook: Workbook, context: Context, report: MonthReport): Promise<number> {
  const { say, styles: s, pair } = context;
  const weekday = (date: string) => bilingual(`weekday.${(new Date(`${date}T00:00:00Z`).getUTCDay() || 7) as 1 | 2 | 3 | 4 | 5 | 6 | 7}`, pair, '\n');
  const sheet = openSheet(workbook, context, 'sheet.grid', [
    [say('col.memberId'), 8], [say('col.name'), 20],
    ...report.dates.map((date): [string, number] => [weekday(date), 4.6]),
    ...COUNTED_CODES.map((code): [string, number] => [say(`code.${code}`), 7]),
  ], 2);
  sheet.put([report.month, report.company.name, ...report.dates.map((date) => Number(date.slice(8, 10))), ...COUNTED_CODES],
    [s.header, s.header, ...report.dates.map(() => s.header), ...COUNTED_CODES.map((code) => s.grid[code])]);
  sheet.header();

  const counted = new Map(COUNTED_CODES.map((code, i) => [code, i]));
  for (const member of report.members) {
    const values: Value[] = [member.memberId, member.name];
    const styles: Style[] = [s.integer, s.text];
    const counts = COUNTED_CODES.map(() => 0);
    for (const day of daysByDate(member, report.dates)) {
      const codes = day?.codes ?? [];
      values.push(codes.length ? codes.join(' ') : null);
      styles.push(codes[0] ? s.grid[codes[0]] : s.gridEmpty);
      for (const code of codes) {
        const index = counted.get(code);
        if (index !== undefined) counts[index]! += 1;
      }
    }
    await sheet.data([...values, ...counts], [...styles, ...counts.map(() => s.integer)]);
  }

  sheet.put([]);
  sheet.put([null, say('legend')], [s.text, s.legendTitle]);
  const meaning = (code: DayCode, language: Language) =>
    `${LABELS[`code.${code}`][language]}${language === 'zh' ? '：' : ': '}${LABELS[`codeHelp.${code}`][language]}`;
  for (const code of LEGEND_CODES) sheet.put([code, `${meaning(code, pair[0])} / ${meaning(code, pair[1])}`], [s.grid[code], s.text]);
  return sheet.finish();
}

/** A sheet of detail lines: one row per line, read from the stream as it is written. */
async function writeLines<T>(workbook: Workbook, context: Context, key: SheetKey, lines: AsyncIterable<T>, columns: Column<T>[]): Promise<number> {
  const sheet = openSheet(workbook, context, key, columns.map(([label, , , width]) => [context.say(label), width ?? 12]), 1);
  sheet.header();
  const styles = columns.map(([, kind]) => context.styles[kind]);
  for await (const line of lines) await sheet.data(columns.map(([, kind, value]) => context.cell(kind, value(line))), styles);
  return sheet.finish();
}

type SheetKey = LabelKey & `sheet.${string}`;

/** A sheet named in the company's two languages, its member id and name frozen on the left. */
function openSheet(workbook: Workbook, context: Context, key: SheetKey, columns: Array<[label: string, width: number]>, headerRow: number): Sheet {
  const name = sheetName(key, context.pair);
  return new Sheet(workbook, { name, columns, headerRow, xSplit: 2, footer: context.footer(name), headerStyle: context.styles.header });
}

/** The member's days in the order of the month's dates; a date without an entry is empty. */
function daysByDate(member: MemberMonth, dates: string[]): Array<MemberDay | undefined> {
  if (member.days.length === dates.length && member.days.every((d, i) => d.day === dates[i])) return member.days;
  const byDate = new Map(member.days.map((d) => [d.day, d]));
  return dates.map((date) => byDate.get(date));
}

// The grid's looks, one shared object each like the rest (see createStyles): a day cell in its
// code's colours, bold but for the quiet codes (not yet due, rest day, holiday).
function createGridStyles() {
  const codeLook = ([code, colours]: [string, { fill: string | null; font: string }]): [string, Style] => [code, {
    font: font({ color: { argb: colours.font }, bold: !'FRH'.includes(code) }),
    alignment: { horizontal: 'center', vertical: 'middle' },
    border: CELL_BORDER,
    ...(colours.fill ? { fill: solidFill(colours.fill) } : {}),
  }];
  return {
    grid: Object.fromEntries(Object.entries(DAY_COLOURS).map(codeLook)) as Record<DayCode, Style>,
    gridEmpty: { border: CELL_BORDER } as Style,
    legendTitle: { font: font({ bold: true }) } as Style,
  };
}

/** The workbook in memory: a Telegram document upload needs its bytes (a 5,000-member month is ~17 MB). */
export async function monthWorkbookBytes(report: MonthReport): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeMonthWorkbook(report, sink);
  return Buffer.concat(chunks);
}
