// `npm run bench:workbook -- [--sizes 500,1000,2500,5000]`
// The month's workbook for a synthetic company of N members: 22 workdays, four clock-ins a day,
// ~8% of days late, ~3% early, ~2% no-shows, ~1% missing clock-outs, ~3% leave, a few penalties,
// bonuses and advances per ten members; the detail lines come lazily from generators, as they
// would from the database. Each size runs in its own child process, so the peak RSS (maxRSS at the
// end of the child) is that size's alone. Prints one JSON document; the target is 5,000 members
// in at most 10 s and 300 MB.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type {
  AdjustmentLine, AdvanceLine, DayCode, LeaveLine, MemberDay, MemberMonth, MonthReport, PunchLine, ViolationLine,
} from '../domain/month-report';
import { writeMonthWorkbook } from '../services/exports/month-workbook';

const TARGET = { members: 5000, maxMs: 10_000, maxPeakRssMb: 300 };
const MONTH = '2026-03'; // 22 weekdays, no holidays in this synthetic company
const DATES = Array.from({ length: 31 }, (_, i) => `${MONTH}-${String(i + 1).padStart(2, '0')}`);
const WEEKEND = new Set(DATES.filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())));
const OFFSET = '+05:00';

/** A repeatable pseudo-random number in [0, 1) for one member, day and purpose. */
function chance(member: number, day: number, purpose: number): number {
  let h = Math.imul(member ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(day + 1, 0xc2b2ae35) ^ Math.imul(purpose + 7, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 4_294_967_296;
}

function codesOf(member: number, d: number): DayCode[] {
  const date = DATES[d]!;
  if (WEEKEND.has(date)) return chance(member, d, 9) < 0.02 ? ['W'] : ['R'];
  const r = chance(member, d, 1);
  const codes: DayCode[] = r < 0.02 ? ['N'] : r < 0.05 ? [(['S', 'V', 'C'] as const)[Math.floor(chance(member, d, 3) * 3)]!]
    : r < 0.13 ? ['L'] : r < 0.16 ? ['E'] : ['P'];
  if (!['N', 'S', 'V', 'C'].includes(codes[0]!) && chance(member, d, 2) < 0.01) codes.push('M');
  return codes;
}

const nameOf = (id: number) => (id % 3 === 0 ? `员工 ${id}` : id % 3 === 1 ? `Member ${id}` : `Сотрудник ${id}`);
const MIDNIGHTS = DATES.map((date) => Date.parse(`${date}T00:00:00${OFFSET}`));
const instants = new Map<number, string>();
/** The instant `minutes` after midnight of day index `d` in the company's zone, as the database would give it. */
function at(d: number, minutes: number): string {
  let iso = instants.get(d * 1440 + minutes);
  if (!iso) instants.set(d * 1440 + minutes, (iso = new Date(MIDNIGHTS[d]! + minutes * 60_000).toISOString()));
  return iso;
}

function memberMonth(id: number): MemberMonth {
  const days: MemberDay[] = DATES.map((day, d) => {
    const codes = codesOf(id, d);
    const worked = !codes.some((c) => 'RNSVC'.includes(c));
    const late = codes.includes('L') ? 5 + Math.floor(chance(id, d, 4) * 40) : 0;
    const early = codes.includes('E') ? 10 + Math.floor(chance(id, d, 5) * 60) : 0;
    return {
      day, codes, workedMinutes: worked ? 480 - late - early : 0, lateMinutes: late, earlyMinutes: early,
      firstIn: worked ? at(d, 530 + late) : undefined, lastOut: worked && !codes.includes('M') ? at(d, 1080 - early) : undefined,
    };
  });
  const count = (code: DayCode) => days.filter((d) => d.codes.includes(code)).length;
  const penalties = count('L') * 200_000 + count('E') * 150_000 + count('N') * 1_000_000 + count('M') * 100_000;
  const bonuses = id % 10 === 3 ? 2_000_000 : 0;
  const advances = id % 10 === 7 ? 5_000_000 : 0;
  const unpaid = count('N') + count('V');
  const base = 30_000_000 + (id % 7) * 2_500_000;
  const earned = Math.round((base * (22 - unpaid)) / 22);
  return {
    memberId: id, name: nameOf(id), username: `user${id}`, employeeCode: String(id).padStart(5, '0'), joinedOn: '2025-01-15', active: true, days,
    totals: {
      daysDue: 22, daysWorked: days.filter((d) => d.firstIn).length, minutesWorked: days.reduce((s, d) => s + d.workedMinutes, 0),
      lateCount: count('L'), lateMinutes: days.reduce((s, d) => s + d.lateMinutes, 0), earlyCount: count('E'),
      earlyMinutes: days.reduce((s, d) => s + d.earlyMinutes, 0), missingClockOuts: count('M'), absences: 0, noShows: count('N'),
      breakOverruns: 0, unendedBreaks: 0, leaveDays: { sick: count('S'), personal: count('V'), comp: count('C') }, compEarned: count('W'), compSpent: count('C'),
    },
    money: { chargedPenalties: penalties, voidedPenalties: 0, repricedPenalties: penalties, repricingDifference: 0, adjustmentPenalties: 0, bonuses, advances },
    payroll: { baseSalary: base, workingDays: 22, unpaidDays: unpaid, paymentDays: 22 - unpaid, earned, penalties, bonuses, advances, net: earned - penalties + bonuses - advances },
  };
}

/** A synthetic company; its lines are generated member by member as they are read. */
function syntheticReport(size: number, counter: { punches: number }): MonthReport {
  const members = Array.from({ length: size }, (_, i) => memberMonth(1000 + i));
  // for-of rather than yield*: an async generator delegating to a sync one awaits twice per line.
  const everyDay = async function* <T>(lines: (member: MemberMonth, d: number, codes: DayCode[]) => Iterable<T>): AsyncGenerator<T> {
    for (const member of members) for (let d = 0; d < DATES.length; d++) for (const line of lines(member, d, member.days[d]!.codes)) yield line;
  };
  const everyMember = async function* <T>(lines: (member: MemberMonth) => Iterable<T>): AsyncGenerator<T> {
    for (const member of members) for (const line of lines(member)) yield line;
  };
  return {
    company: { name: 'Bench Trading LLP', timeZone: 'Asia/Almaty', currency: 'KZT', languagePair: ['zh', 'en'] },
    month: MONTH, dates: DATES, generatedAt: '2026-04-01T04:00:00Z', members,
    punches: () => everyDay(function* ({ memberId, name }, d, codes): Generator<PunchLine> {
      const day = DATES[d]!;
      const { firstIn } = members[memberId - 1000]!.days[d]!;
      if (!firstIn) return;
      // Object literals, not spreads of a shared base: V8 spreads such objects ~8× slower.
      const punch = (instant: string, kind: PunchLine['kind'], breakType: PunchLine['breakType'] = null): PunchLine =>
        ({ memberId, name, day, at: instant, kind, breakType, source: 'biotime', place: 'Entrance terminal', replacesAt: null });
      counter.punches += codes.includes('M') ? 3 : 4;
      yield punch(firstIn, 'start');
      yield punch(at(d, 780), 'break-out', 'lunch');
      yield punch(at(d, 825), 'back');
      if (!codes.includes('M')) yield punch(at(d, codes.includes('E') ? 1020 : 1082), 'end');
    }),
    violations: () => everyDay(function* ({ memberId, name }, d, codes): Generator<ViolationLine> {
      for (const code of codes) {
        const kind = VIOLATIONS[code];
        if (kind) yield { memberId, name, day: DATES[d]!, kind, breakType: null, minutes: code === 'L' ? 20 : 0, amount: 200_000, free: false, byClose: code === 'N' || code === 'M', voided: null };
      }
    }),
    leave: () => everyDay(function* ({ memberId, name }, d, codes): Generator<LeaveLine> {
      const type = LEAVE[codes[0]!];
      if (type) yield { memberId, name, type, from: DATES[d]!, to: DATES[d]!, days: 1, status: 'approved', paid: type !== 'personal', reason: null };
    }),
    adjustments: () => everyMember(function* ({ memberId, name }): Generator<AdjustmentLine> {
      if (memberId % 10 === 3) yield { memberId, name, at: at(20, 1000), kind: 'bonus', amount: 2_000_000, reason: 'quarter plan met', issuedBy: 'HR' };
      if (memberId % 10 === 5) yield { memberId, name, at: at(12, 700), kind: 'penalty', amount: 500_000, reason: 'uniform', issuedBy: 'HR' };
    }),
    advances: () => everyMember(function* ({ memberId, name }): Generator<AdvanceLine> {
      if (memberId % 10 === 7) yield { memberId, name, requestedAt: at(10, 660), amount: 5_000_000, status: 'approved', decidedAt: at(10, 700), reason: 'rent' };
    }),
  };
}

const VIOLATIONS: Partial<Record<DayCode, ViolationLine['kind']>> = { L: 'late', E: 'early-leave', N: 'no-show', M: 'missing-clock-out' };
const LEAVE: Partial<Record<DayCode, LeaveLine['type']>> = { S: 'sick', V: 'personal', C: 'comp' };

/** One size, in this process: writes the workbook and prints its measurements as one JSON line. */
async function measure(size: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-workbook-'));
  try {
    const counter = { punches: 0 };
    const report = syntheticReport(size, counter);
    const file = path.join(dir, 'month.xlsx');
    const started = performance.now();
    const output = createWriteStream(file);
    const { rows } = await writeMonthWorkbook(report, output);
    await finished(output);
    const ms = Math.round(performance.now() - started);
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(JSON.stringify({
      members: size, punches: counter.punches, ms, peakRssMb: round(process.resourceUsage().maxRSS / 1024),
      fileMb: round(statSync(file).size / 1024 / 1024), rowsPerSheet: rows,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '500,1000,2500,5000' }, child: { type: 'string' } } });
  if (values.child) return measure(Number(values.child));
  const sizes = values.sizes.split(',').map(Number);
  const results = sizes.map((size) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(size)], { encoding: 'utf8' })) as { members: number; ms: number; peakRssMb: number });
  const atTarget = results.find((r) => r.members === TARGET.members);
  console.log(JSON.stringify({
    benchmark: "the month's Excel workbook (exceljs streaming writer), synthetic company, one child process per size",
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    target: { ...TARGET, met: atTarget ? atTarget.ms <= TARGET.maxMs && atTarget.peakRssMb <= TARGET.maxPeakRssMb : null },
    results,
  }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
