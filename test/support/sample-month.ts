// The sample month: a company of four in Almaty for March 2026, made to show every part of the
// month's workbook. test/integration/month-workbook.test.ts reads it back from the workbook, and
// scripts/render-workbook-sample.ts renders it for the README's screenshots, so both show the
// same month. Amounts are in minor units (tiyn), as a MonthReport carries them.
import type { ViolationKind } from '../../domain/attendance-rules';
import type {
  AdjustmentLine, AdvanceLine, DayCode, LeaveLine, LeaveType, MemberDay, MemberMonth, MonthReport, PunchLine, ViolationLine,
} from '../../domain/month-report';

const MONTH = '2026-03';
const ZONE_OFFSET = '+05:00'; // Asia/Almaty
const TODAY = 27; // the report is made on 27 March: that day is open, the rest of the month is not yet due
const HOLIDAYS = new Set([9, 23, 24]); // Women's Day (moved from Sunday) and Nauryz
const PRICES: Partial<Record<ViolationKind, number>> = {
  late: 200_000, 'early-leave': 150_000, absence: 500_000, 'no-show': 1_000_000, 'missing-clock-out': 100_000, 'unended-break': 100_000,
};
const CODE_VIOLATION: Partial<Record<DayCode, ViolationKind>> = {
  L: 'late', E: 'early-leave', A: 'absence', N: 'no-show', M: 'missing-clock-out', B: 'unended-break',
};

interface SampleMember {
  memberId: number;
  name: string;
  username: string | null;
  employeeCode: string | null;
  joinedDay: number;
  baseSalary: number | null;
  /** Days that are not plain "present", by day of month. */
  days: Record<number, DayCode[]>;
}

const MEMBERS: SampleMember[] = [
  { memberId: 101, name: 'Aida Nurlanova', username: 'aida_n', employeeCode: '0007', joinedDay: 1, baseSalary: 35_000_000,
    days: { 3: ['L'], 12: ['L', 'M'], 14: ['W'], 18: ['C'] } },
  { memberId: 102, name: '王伟', username: 'wangwei', employeeCode: '0012', joinedDay: 1, baseSalary: 42_000_000,
    days: { 2: ['L'], 5: ['E'], 10: ['A'], 11: ['N'], 16: ['S'], 17: ['S'], 25: ['L', 'E'] } },
  { memberId: 103, name: 'Дмитрий Иванов', username: null, employeeCode: '0031', joinedDay: 1, baseSalary: 28_000_000,
    days: { 4: ['B'], 19: ['V'], 20: ['V'], 26: ['M'] } },
  { memberId: 104, name: 'Ержан Сейтқали', username: 'yerzhan', employeeCode: null, joinedDay: 11, baseSalary: null,
    days: { 13: ['L'], 21: ['W'], 25: ['X'] } }, // the 25th: the bot was out of the group all day
];

const dayOf = (n: number) => `${MONTH}-${String(n).padStart(2, '0')}`;
const at = (day: number, time: string) => new Date(`${dayOf(day)}T${time}:00${ZONE_OFFSET}`).toISOString();
const isWeekend = (n: number) => [0, 6].includes(new Date(`${dayOf(n)}T00:00:00Z`).getUTCDay());
const roundHalfAwayFromZero = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

function codesOf(member: SampleMember, n: number): DayCode[] {
  if (n < member.joinedDay || n > TODAY) return ['F'];
  const own = member.days[n];
  if (own) return own;
  if (HOLIDAYS.has(n)) return ['H'];
  if (isWeekend(n)) return ['R'];
  return n === TODAY ? ['O'] : ['P'];
}

/** The punches of one member's day, as the codes say they happened. */
function punchesOf(member: SampleMember, n: number): PunchLine[] {
  const codes = codesOf(member, n);
  const worked = codes.some((c) => ['P', 'L', 'E', 'A', 'M', 'B', 'W', 'O'].includes(c));
  if (!worked) return [];
  const base = { memberId: member.memberId, name: member.name, day: dayOf(n), breakType: null, source: 'group', place: 'Aral Trade staff', replacesAt: null } as const;
  const start = codes.includes('A') ? '11:40' : codes.includes('L') ? '09:23' : codes.includes('W') ? '10:02' : '08:54';
  const lines: PunchLine[] = [{ ...base, at: at(n, start), kind: 'start', source: codes.includes('W') ? 'biotime' : 'group', place: codes.includes('W') ? 'Entrance terminal' : base.place }];
  lines.push({ ...base, at: at(n, '13:01'), kind: 'break-out', breakType: 'lunch' });
  if (!codes.includes('B')) lines.push({ ...base, at: at(n, '13:47'), kind: 'back' });
  if (!codes.some((c) => c === 'M' || c === 'B' || c === 'O')) lines.push({ ...base, at: at(n, codes.includes('E') ? '17:12' : '18:04'), kind: 'end' });
  if (member.memberId === 101 && n === 6) {
    // Aida's start reached the group late; the admin approved her correction to when she came.
    lines[0] = { ...lines[0]!, at: at(n, '09:41') };
    lines.unshift({ ...base, at: at(n, '08:58'), kind: 'start', source: 'correction', place: 'came at 8:58, the terminal was offline', replacesAt: at(n, '09:41') });
  }
  return lines;
}

function violationsOf(member: SampleMember): ViolationLine[] {
  const lines: ViolationLine[] = [];
  let lateSeen = 0;
  for (let n = 1; n <= 31; n++) {
    const base = { memberId: member.memberId, name: member.name, day: dayOf(n), breakType: null, byClose: false, voided: null };
    if (member.memberId === 101 && n === 6) {
      lines.push({ ...base, kind: 'late', minutes: 41, amount: PRICES.late!, free: false, voided: { cause: 'correction', at: at(7, '10:15') } });
    }
    if (member.memberId === 102 && n === 16) {
      lines.push({ ...base, kind: 'no-show', minutes: 0, amount: PRICES['no-show']!, free: false, byClose: true, voided: { cause: 'leave', at: at(17, '09:30') } });
    }
    for (const code of codesOf(member, n)) {
      const kind = CODE_VIOLATION[code];
      if (!kind) continue;
      const free = kind === 'late' && lateSeen++ === 0; // the first late arrival of the month is free
      const minutes = { L: 23, E: 48, A: 160 }[code as 'L' | 'E' | 'A'] ?? 0;
      lines.push({ ...base, kind, minutes, amount: free ? 0 : PRICES[kind]!, free, byClose: ['N', 'M', 'B'].includes(code) });
    }
  }
  return lines;
}

const ADJUSTMENTS: AdjustmentLine[] = [
  { memberId: 101, name: 'Aida Nurlanova', at: at(20, '17:30'), kind: 'bonus', amount: 2_000_000, reason: 'Best sales of the quarter', issuedBy: 'Aigerim (HR)' },
  { memberId: 102, name: '王伟', at: at(12, '10:05'), kind: 'penalty', amount: 500_000, reason: '仓库未上锁 — storeroom left unlocked', issuedBy: 'Aigerim (HR)' },
  { memberId: 103, name: 'Дмитрий Иванов', at: at(25, '12:00'), kind: 'bonus', amount: 1_000_000, reason: 'Covered the Saturday delivery', issuedBy: 'Serik' },
];
const ADVANCES: AdvanceLine[] = [
  { memberId: 101, name: 'Aida Nurlanova', requestedAt: at(10, '11:00'), amount: 5_000_000, status: 'approved', decidedAt: at(10, '11:42'), reason: 'rent' },
  { memberId: 102, name: '王伟', requestedAt: at(26, '16:20'), amount: 3_000_000, status: 'pending', decidedAt: null, reason: null },
  { memberId: 103, name: 'Дмитрий Иванов', requestedAt: at(5, '09:15'), amount: 20_000_000, status: 'rejected', decidedAt: at(5, '10:00'), reason: 'car repair' },
  { memberId: 103, name: 'Дмитрий Иванов', requestedAt: at(16, '09:15'), amount: 4_000_000, status: 'approved', decidedAt: at(16, '09:50'), reason: 'car repair' },
];
const LEAVE: LeaveLine[] = [
  { memberId: 101, name: 'Aida Nurlanova', type: 'comp', from: dayOf(18), to: dayOf(18), days: 1, status: 'approved', paid: true, reason: 'for Saturday the 14th' },
  { memberId: 102, name: '王伟', type: 'sick', from: dayOf(16), to: dayOf(17), days: 2, status: 'approved', paid: true, reason: '发烧 fever' },
  { memberId: 103, name: 'Дмитрий Иванов', type: 'personal', from: dayOf(19), to: dayOf(20), days: 2, status: 'approved', paid: false, reason: 'семейные обстоятельства' },
  { memberId: 104, name: 'Ержан Сейтқали', type: 'personal', from: dayOf(30), to: dayOf(31), days: 2, status: 'rejected', paid: false, reason: null },
];

function memberMonth(member: SampleMember): MemberMonth {
  const days: MemberDay[] = [];
  for (let n = 1; n <= 31; n++) {
    const codes = codesOf(member, n);
    const punches = punchesOf(member, n);
    const firstIn = punches.find((p) => p.kind === 'start')?.at; // a correction, when there is one, comes first
    const lastOut = punches.filter((p) => p.kind === 'end').at(-1)?.at;
    const workedMinutes = firstIn && lastOut ? Math.round((Date.parse(lastOut) - Date.parse(firstIn)) / 60_000) - 46 : 0;
    days.push({ day: dayOf(n), codes, firstIn, lastOut, workedMinutes, lateMinutes: codes.includes('L') ? 23 : codes.includes('A') ? 160 : 0, earlyMinutes: codes.includes('E') ? 48 : 0 });
  }
  const count = (code: DayCode) => days.filter((d) => d.codes.includes(code)).length;
  const leaveDays = (type: LeaveType) => LEAVE.filter((l) => l.memberId === member.memberId && l.type === type && l.status === 'approved').reduce((s, l) => s + l.days, 0);
  const violations = violationsOf(member);
  const charged = violations.reduce((s, v) => s + v.amount, 0);
  const voided = violations.filter((v) => v.voided).reduce((s, v) => s + v.amount, 0);
  const standing = charged - voided;
  const sumOf = (lines: Array<{ memberId: number; amount: number }>) => lines.filter((l) => l.memberId === member.memberId).reduce((s, l) => s + l.amount, 0);
  const adjustmentPenalties = sumOf(ADJUSTMENTS.filter((a) => a.kind === 'penalty'));
  const bonuses = sumOf(ADJUSTMENTS.filter((a) => a.kind === 'bonus'));
  const advances = sumOf(ADVANCES.filter((a) => a.status === 'approved'));
  const workingDays = Array.from({ length: 31 }, (_, i) => i + 1).filter((n) => !isWeekend(n) && !HOLIDAYS.has(n)).length;
  const due = Array.from({ length: 31 }, (_, i) => i + 1).filter((n) => n >= member.joinedDay && !isWeekend(n) && !HOLIDAYS.has(n)).length - count('X');
  const unpaidDays = count('N') + count('A') + LEAVE.filter((l) => l.memberId === member.memberId && l.status === 'approved' && !l.paid).reduce((s, l) => s + l.days, 0);
  const paymentDays = due + count('X') - unpaidDays; // a day not tracked is paid
  const earned = member.baseSalary === null ? 0 : roundHalfAwayFromZero((member.baseSalary * paymentDays) / workingDays);
  const penalties = standing + adjustmentPenalties;
  return {
    memberId: member.memberId, name: member.name, username: member.username, employeeCode: member.employeeCode,
    joinedOn: dayOf(member.joinedDay), active: true, days,
    totals: {
      daysDue: due, daysWorked: days.filter((d) => d.firstIn).length, minutesWorked: days.reduce((s, d) => s + d.workedMinutes, 0),
      lateCount: count('L'), lateMinutes: days.reduce((s, d) => s + (d.codes.includes('L') ? d.lateMinutes : 0), 0),
      earlyCount: count('E'), earlyMinutes: days.reduce((s, d) => s + d.earlyMinutes, 0),
      missingClockOuts: count('M'), absences: count('A'), noShows: count('N'), breakOverruns: 0, unendedBreaks: count('B'),
      leaveDays: { sick: leaveDays('sick'), personal: leaveDays('personal'), comp: leaveDays('comp') },
      compEarned: count('W'), compSpent: leaveDays('comp'),
    },
    money: {
      chargedPenalties: standing, voidedPenalties: voided, repricedPenalties: standing, repricingDifference: 0,
      adjustmentPenalties, bonuses, advances,
    },
    payroll: {
      baseSalary: member.baseSalary, workingDays, unpaidDays, paymentDays, earned, penalties, bonuses, advances,
      net: member.baseSalary === null ? null : earned - penalties + bonuses - advances,
    },
  };
}

async function* streamOf<T>(lines: Iterable<T>): AsyncGenerator<T> {
  for (const line of lines) yield line;
}

/**
 * A company of four for March 2026 with every day code, a correction, a voided violation, leave
 * of each type, penalties, bonuses and advances. `memberId` narrows it to one person's export.
 */
export function sampleMonthReport(options: { memberId?: number; languagePair?: MonthReport['company']['languagePair'] } = {}): MonthReport {
  const chosen = MEMBERS.filter((m) => options.memberId === undefined || m.memberId === options.memberId);
  const mine = <T extends { memberId: number }>(lines: T[]) => lines.filter((l) => chosen.some((m) => m.memberId === l.memberId));
  return {
    company: { name: 'Aral Trade LLP', timeZone: 'Asia/Almaty', currency: 'KZT', languagePair: options.languagePair ?? ['zh', 'en'] },
    month: MONTH,
    dates: Array.from({ length: 31 }, (_, i) => dayOf(i + 1)),
    generatedAt: at(TODAY, '12:00'),
    members: chosen.map(memberMonth),
    punches: () => streamOf(chosen.flatMap((m) => Array.from({ length: 31 }, (_, i) => punchesOf(m, i + 1)).flat())),
    violations: () => streamOf(chosen.flatMap(violationsOf)),
    adjustments: () => streamOf(mine(ADJUSTMENTS)),
    advances: () => streamOf(mine(ADVANCES)),
    leave: () => streamOf(mine(LEAVE)),
  };
}
