// HR downloads the month's workbook: the sample company of four (every day code, a correction, a
// voided violation, leave of each type, penalties, bonuses, advances) is written to a file, read
// back with exceljs as Excel would see it, and opened by LibreOffice. No database is needed.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { LANGUAGES, type LanguagePair } from '../../domain/messages';
import { DAY_CODES, type MemberMonth, type MonthReport } from '../../domain/month-report';
import { sampleMonthReport } from '../support/sample-month';
import { bilingual, sheetName, type LabelKey } from '../../services/exports/labels';
import { COUNTED_CODES, DAY_COLOURS, MONTH_SHEETS, writeMonthWorkbook } from '../../services/exports/month-workbook';

const SHEET_NAMES = ['月度汇总 · Summary', '每日考勤 · Daily grid', '打卡记录 · Clock-ins', '违规记录 · Violations',
  '奖惩 · Fines & bonuses', '预支 · Advances', '请假 · Leave', '工资 · Payroll'];
const HEADER_ROW = { summary: 6, grid: 2, punches: 1, violations: 1, adjustments: 1, advances: 1, leave: 1, payroll: 1 };
const PAIR: LanguagePair = ['zh', 'en'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'month-workbook-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exportMonth(report: MonthReport, name: string) {
  const file = path.join(dir, name);
  const output = createWriteStream(file);
  const { rows } = await writeMonthWorkbook(report, output);
  await finished(output);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return { file, rows, workbook };
}

async function collect<T>(lines: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

const sheet = (workbook: ExcelJS.Workbook, which: (typeof MONTH_SHEETS)[number]) => workbook.worksheets[MONTH_SHEETS.indexOf(which)]!;

/** The column whose header is this label, 1-based. */
function columnOf(worksheet: ExcelJS.Worksheet, headerRow: number, label: LabelKey): number {
  const header = worksheet.getRow(headerRow).values as unknown[];
  const index = header.indexOf(bilingual(label, PAIR));
  if (index < 1) throw new Error(`no column "${bilingual(label, PAIR)}" in ${worksheet.name}`);
  return index;
}

/** A formula cell's cached result, or a plain cell's value; dates (durations) back to Excel serials. */
function shown(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  const plain = value && typeof value === 'object' && 'formula' in value ? value.result : value;
  return plain instanceof Date ? plain.getTime() / 86_400_000 + 25_569 : plain;
}

/** Rows below the header whose first cell is a member id. */
function dataRows(worksheet: ExcelJS.Worksheet, headerRow: number): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = headerRow + 1; typeof worksheet.getRow(r).getCell(1).value === 'number'; r++) rows.push(worksheet.getRow(r));
  return rows;
}

describe('The month workbook', () => {
  let report: MonthReport;
  let exported: Awaited<ReturnType<typeof exportMonth>>;
  beforeAll(async () => {
    report = sampleMonthReport();
    exported = await exportMonth(report, 'company.xlsx');
  });

  test('When HR exports the month, then its eight sheets come in order, each named in Chinese and English', () => {
    expect(exported.workbook.worksheets.map((w) => w.name)).toEqual(SHEET_NAMES);
  });

  test('When HR exports the month, then every column header reads in both languages of the company', () => {
    for (const which of MONTH_SHEETS) {
      const header = (sheet(exported.workbook, which).getRow(HEADER_ROW[which]).values as unknown[]).filter(Boolean) as string[];
      expect(header.length).toBeGreaterThan(5);
      for (const label of header) expect(label).toMatch(/[\u4e00-\u9fff].*(\/|\n).*[A-Za-z]/s);
    }
    expect(sheet(exported.workbook, 'summary').getCell('B6').value).toBe('姓名 / Name');
    expect(sheet(exported.workbook, 'grid').getCell('C2').value).toBe('日\nSu'); // 1 March 2026 is a Sunday
  });

  test('When HR exports the month, then each sheet has one row per member or per line, as the function reports', async () => {
    const expected = {
      summary: report.members.length,
      grid: report.members.length,
      punches: (await collect(report.punches())).length,
      violations: (await collect(report.violations())).length,
      adjustments: (await collect(report.adjustments())).length,
      advances: (await collect(report.advances())).length,
      leave: (await collect(report.leave())).length,
      payroll: report.members.length,
    };
    expect(exported.rows).toEqual(expected);
    for (const which of MONTH_SHEETS) expect([which, dataRows(sheet(exported.workbook, which), HEADER_ROW[which]).length]).toEqual([which, expected[which]]);
  });

  test('When HR reads the Summary, then each member has every total and the totals row is their sum', () => {
    const summary = sheet(exported.workbook, 'summary');
    const totalsRow = summary.getRow(HEADER_ROW.summary + report.members.length + 1);
    expect(totalsRow.getCell(2).value).toBe('合计 / Total');
    const checks: Array<[LabelKey, (m: MemberMonth) => number | null]> = [
      ['col.daysDue', (m) => m.totals.daysDue], ['col.daysWorked', (m) => m.totals.daysWorked],
      ['col.hoursWorked', (m) => m.totals.minutesWorked / 1440], ['col.lateCount', (m) => m.totals.lateCount],
      ['col.lateMinutes', (m) => m.totals.lateMinutes], ['col.earlyMinutes', (m) => m.totals.earlyMinutes],
      ['col.missingClockOuts', (m) => m.totals.missingClockOuts], ['col.absences', (m) => m.totals.absences],
      ['col.noShows', (m) => m.totals.noShows], ['col.unendedBreaks', (m) => m.totals.unendedBreaks],
      ['col.sickDays', (m) => m.totals.leaveDays.sick], ['col.personalDays', (m) => m.totals.leaveDays.personal],
      ['col.compDays', (m) => m.totals.leaveDays.comp], ['col.compEarned', (m) => m.totals.compEarned],
      ['col.chargedPenalties', (m) => m.money.chargedPenalties / 100], ['col.voidedPenalties', (m) => m.money.voidedPenalties / 100],
      ['col.adjustmentPenalties', (m) => m.money.adjustmentPenalties / 100], ['col.bonuses', (m) => m.money.bonuses / 100],
      ['col.advances', (m) => m.money.advances / 100], ['col.netPay', (m) => (m.payroll.net === null ? null : m.payroll.net / 100)],
    ];
    for (const [label, expected] of checks) {
      const column = columnOf(summary, HEADER_ROW.summary, label);
      const values = report.members.map(expected);
      // A duration reads back as a date, exact to the millisecond: close to the serial, not equal.
      report.members.forEach((_, i) => expect([label, shown(summary.getRow(HEADER_ROW.summary + 1 + i).getCell(column))])
        .toEqual([label, values[i] === null ? null : expect.closeTo(values[i]!, 6)]));
      const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
      expect([label, shown(totalsRow.getCell(column))]).toEqual([label, expect.closeTo(sum, 9)]);
      expect((totalsRow.getCell(column).value as ExcelJS.CellFormulaValue).formula).toMatch(/^SUM\([A-Z]+7:[A-Z]+10\)$/);
    }
    expect(summary.getCell(`F${HEADER_ROW.summary + 1}`).numFmt).toBe('[h]:mm');
  });

  test('When HR reads the Payroll, then money is in tenge (minor units ÷ 100), totals add up and the formula is stated', () => {
    const payroll = sheet(exported.workbook, 'payroll');
    const totalsRow = payroll.getRow(HEADER_ROW.payroll + report.members.length + 1);
    const money: Array<[LabelKey, (m: MemberMonth) => number | null]> = [
      ['col.baseSalary', (m) => m.payroll.baseSalary], ['col.earned', (m) => (m.payroll.baseSalary === null ? null : m.payroll.earned)],
      ['col.penalties', (m) => m.payroll.penalties], ['col.bonuses', (m) => m.payroll.bonuses],
      ['col.advances', (m) => m.payroll.advances], ['col.netPay', (m) => m.payroll.net],
    ];
    for (const [label, minor] of money) {
      const column = columnOf(payroll, HEADER_ROW.payroll, label);
      report.members.forEach((member, i) => {
        const cell = payroll.getRow(HEADER_ROW.payroll + 1 + i).getCell(column);
        const expected = minor(member);
        expect([label, member.name, cell.value]).toEqual([label, member.name, expected === null ? null : expected / 100]);
        if (expected !== null) expect(cell.numFmt).toBe('#,##0.00;[Red]-#,##0.00');
      });
      const total = report.members.reduce((s, m) => s + (minor(m) ?? 0), 0) / 100;
      expect([label, shown(totalsRow.getCell(column))]).toEqual([label, expect.closeTo(total, 9)]);
    }
    const days = columnOf(payroll, HEADER_ROW.payroll, 'col.paymentDays');
    report.members.forEach((m, i) => expect(payroll.getRow(2 + i).getCell(days).value).toBe(m.payroll.paymentDays));
    const notes = payroll.getColumn(2).values.filter((v): v is string => typeof v === 'string' && v.includes('×'));
    expect(notes).toEqual([expect.stringContaining('四舍五入'), expect.stringContaining('rounded half away from zero')]);
  });

  test('When HR reads the clock-ins, then times are wall-clock times in Almaty and a correction shows the time it replaced', async () => {
    const punches = sheet(exported.workbook, 'punches');
    const lines = await collect(report.punches());
    const wall = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Almaty' }).toFormat('yyyy-MM-dd HH:mm');
    const asText = (value: unknown) => (value as Date).toISOString().slice(0, 16).replace('T', ' ');
    lines.forEach((line, i) => {
      const row = punches.getRow(2 + i);
      expect([row.getCell(1).value, asText(row.getCell(4).value)]).toEqual([line.memberId, wall(line.at)]);
    });
    expect(punches.getCell('D2').numFmt).toBe('yyyy-mm-dd hh:mm');
    const correction = lines.findIndex((l) => l.source === 'correction');
    const row = punches.getRow(2 + correction);
    expect(row.getCell(8).value).toBe('补卡 / Correction');
    expect([asText(row.getCell(4).value), asText(row.getCell(5).value)]).toEqual(['2026-03-06 08:58', '2026-03-06 09:41']);
  });

  test('When HR reads the violations, then the charged amount, free and close flags and a void with its cause and time show', async () => {
    const violations = sheet(exported.workbook, 'violations');
    const lines = await collect(report.violations());
    lines.forEach((line, i) => expect(violations.getRow(2 + i).getCell(7).value).toBe(line.amount / 100));
    const voided = lines.findIndex((l) => l.voided?.cause === 'correction');
    const row = violations.getRow(2 + voided).values as unknown[];
    expect(row.slice(4, 12)).toEqual(['迟到 / Late arrival', undefined, 41, 2000, '否 / No', '否 / No', '补卡 / Correction', new Date('2026-03-07T10:15:00Z')]);
    expect(violations.getColumn(8).values).toContain('是 / Yes');
  });

  test('When HR reads the daily grid, then each day shows its codes in the colour of the first, counted at the row end', () => {
    const grid = sheet(exported.workbook, 'grid');
    const seen = new Set<string>();
    report.members.forEach((member, i) => {
      const row = grid.getRow(3 + i);
      expect(row.getCell(2).value).toBe(member.name);
      member.days.forEach((day, d) => {
        const cell = row.getCell(3 + d);
        day.codes.forEach((code) => seen.add(code));
        const colour = DAY_COLOURS[day.codes[0]!].fill;
        expect([day.day, cell.value]).toEqual([day.day, day.codes.join(' ')]);
        expect([day.day, (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb]).toEqual([day.day, colour ?? undefined]);
      });
      COUNTED_CODES.forEach((code, c) => {
        const count = member.days.filter((d) => d.codes.includes(code)).length;
        expect([member.name, code, row.getCell(3 + report.dates.length + c).value]).toEqual([member.name, code, count]);
      });
    });
    expect([...seen].sort()).toEqual([...DAY_CODES].sort()); // the sample holds every code
    expect(grid.getCell('E3').value).toBe('L'); // Aida, 3 March
    expect(grid.getCell('N3').value).toBe('L M'); // Aida, 12 March: late and never clocked out
    const legend = grid.getColumn(2).values.filter((v): v is string => typeof v === 'string' && v.includes('：'));
    expect(legend).toHaveLength(DAY_CODES.length);
    expect(legend).toContain('迟到：超过宽限时间后上班 / Late: started after the grace period');
  });

  test('When HR opens any sheet, then the header is frozen and filtered and it prints landscape, one page wide, header on each page', () => {
    for (const which of MONTH_SHEETS) {
      const worksheet = sheet(exported.workbook, which);
      const headerRow = HEADER_ROW[which];
      expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow, xSplit: 2 });
      expect(String(worksheet.autoFilter)).toMatch(new RegExp(`^A${headerRow}:[A-Z]+\\d+$`));
      expect(worksheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` });
      expect(worksheet.getColumn(2).width).toBeGreaterThanOrEqual(10);
    }
  });

  test('When one member exports their own month, then the same workbook holds only their rows', async () => {
    const own = sampleMonthReport({ memberId: 102 });
    const { rows, workbook } = await exportMonth(own, 'own.xlsx');
    expect(rows).toMatchObject({ summary: 1, grid: 1, payroll: 1, punches: (await collect(own.punches())).length, advances: 1, leave: 1 });
    for (const which of MONTH_SHEETS) {
      const ids = dataRows(sheet(workbook, which), HEADER_ROW[which]).map((row) => row.getCell(1).value);
      expect(new Set(ids)).toEqual(new Set([102]));
    }
  });

  test('When a name or a place holds <, &, quotes or a control character, then it reads back as typed (the control character dropped)', async () => {
    const sample = sampleMonthReport({ memberId: 101 });
    const name = `Aida "A&B" <Lead> 'HR'`;
    const place = 'Gate <1> & "2"';
    const own: MonthReport = {
      ...sample,
      members: sample.members.map((m) => ({ ...m, name: `${name}\u0007` })),
      async *punches() {
        for await (const p of sample.punches()) yield { ...p, name, place };
      },
    };
    const { workbook } = await exportMonth(own, 'escaping.xlsx');
    expect(sheet(workbook, 'summary').getCell('B7').value).toBe(name);
    expect([sheet(workbook, 'punches').getCell('B2').value, sheet(workbook, 'punches').getCell('I2').value]).toEqual([name, place]);
  });

  test('When a company reads Russian and Kazakh, then sheets and headers are in those languages and every name fits Excel', async () => {
    const { workbook } = await exportMonth(sampleMonthReport({ memberId: 103, languagePair: ['ru', 'kk'] }), 'ru-kk.xlsx');
    expect(workbook.worksheets[0]!.name).toBe('Сводка · Жиынтық');
    expect(workbook.worksheets[0]!.getCell('B6').value).toBe('Сотрудник / Қызметкер');
    for (const first of LANGUAGES) {
      for (const second of LANGUAGES) {
        const names = MONTH_SHEETS.map((which) => sheetName(`sheet.${which}`, [first, second]));
        for (const name of names) expect(name).toMatch(/^[^\\/?*[\]:]{1,31}$/);
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });

  test('When LibreOffice opens the workbook, then it reads every sheet and the totals as written', () => {
    const found = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
    if (found.status !== 0) {
      throw new Error(process.env.CI === 'true'
        ? 'LibreOffice (soffice) is missing on this CI machine, so the workbook cannot be checked in a second reader. ' +
          'scripts/test.sh installs it (apt-get install -y libreoffice-calc-nogui) when run as root; install it in the CI image.'
        : 'LibreOffice (soffice) is not on PATH, so the workbook cannot be checked in a second reader. ' +
          'Install it with `sudo apt-get install -y libreoffice-calc-nogui` (npm test does this itself when run as root), then run the test again.');
    }
    const out = path.join(dir, 'csv');
    // Every sheet to its own CSV (the -1 at the end), numbers unformatted; a private profile so parallel runs do not clash.
    const converted = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', out, exported.file], { encoding: 'utf8', timeout: 120_000 });
    expect({ status: converted.status, stderr: converted.error ? String(converted.error) : '' }).toEqual({ status: 0, stderr: '' });
    const files = readdirSync(out).sort();
    expect(files).toEqual(SHEET_NAMES.map((name) => `company-${name}.csv`).sort());
    const summary = readFileSync(path.join(out, `company-${SHEET_NAMES[0]}.csv`), 'utf8').split('\n');
    expect(summary[0]).toContain('Aral Trade LLP');
    const total = summary.find((line) => line.includes('合计 / Total'))!.split(',');
    const net = report.members.reduce((s, m) => s + (m.payroll.net ?? 0), 0) / 100;
    expect(Number(total.at(-1))).toBeCloseTo(net, 2);
    const punches = readFileSync(path.join(out, `company-${SHEET_NAMES[2]}.csv`), 'utf8').trim().split('\n');
    expect(punches).toHaveLength(1 + exported.rows.punches!);
  });
});
