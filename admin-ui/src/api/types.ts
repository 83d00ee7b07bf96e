// Shapes of the panel API (docs/PANEL-API.md). Money is always minor units beside a currency.
import type { InputProblem } from '../../../domain/input-problem';

export type Lang = 'zh' | 'en' | 'ru' | 'kk';
export type Role = 'admin' | 'employee' | 'super';

export interface Company {
  name: string;
  languagePair: [Lang, Lang];
  currency: string;
  timeZone: string;
}

export type Id = string | number;

export interface Session {
  role: Role;
  tenantId: Id | null;
  telegramUserId: number | string;
  csrfToken: string;
  company: Company | null;
}

export interface WebAppSignIn {
  role: Role;
  tenantId: Id | null;
}

export interface ErrorBody {
  error: string;
  field?: string;
  message?: string;
  /** invalid-input: what is wrong with `field`, as data (see input-problems.ts). */
  problem?: InputProblem;
  problems?: string[];
  requestId?: string;
}

// ---- Today ----

export type PersonStatus = 'in' | 'late' | 'on-break' | 'left' | 'absent' | 'on-leave' | 'not-arrived' | 'off';
/** The contract names lunch, smoke and other; the rules engine also knows `short`. */
export type BreakType = string;

export interface TodayCounts {
  due: number;
  in: number;
  late: number;
  onBreak: number;
  absent: number;
  onLeave: number;
  notArrived: number;
  left: number;
}

export interface TodayPerson {
  memberId: string | number;
  name: string;
  status: PersonStatus;
  firstIn: string | null;
  lastOut: string | null;
  lateMinutes: number | null;
  breakType: BreakType | null;
  breakStartedAt: string | null;
}

export interface Today {
  workday: string;
  timeZone: string;
  asOf: string;
  isWorkday: boolean;
  shiftStart: string;
  shiftEnd: string;
  counts: TodayCounts;
  /** Spans of today's shift when attendance was paused (nobody could clock in); empty when it was not. */
  paused: string[];
  people: TodayPerson[];
}

export interface TodayCharts {
  month: string;
  currency: string;
  dates: string[];
  lates: number[];
  absences: number[];
  penalties: number[];
}

// ---- Events ----

export interface RequestsEvent {
  kind: RequestKind;
  id: string | number;
  status: string;
}
export interface PunchEvent {
  memberId: string | number;
}

// ---- Requests ----

export type RequestKind = 'advance' | 'leave' | 'correction';
export type LeaveType = 'sick' | 'personal' | 'comp';
export type CorrectionAction = 'start' | 'end' | 'lunch' | 'smoke' | 'break' | 'back';

export interface AdvanceDetails {
  amount: number;
  currency: string;
}
export interface LeaveDetails {
  leaveType: LeaveType;
  from: string;
  to: string;
  days: number;
}
export interface CorrectionDetails {
  workday: string;
  action: string;
  punchedAt: string;
}

interface PendingRequestBase {
  id: string | number;
  workflowId: string;
  memberId: string | number;
  memberName: string;
  requestedAt: string;
  expiresAt: string | null;
  reason: string | null;
}
export type PendingRequest =
  | (PendingRequestBase & { kind: 'advance'; details: AdvanceDetails })
  | (PendingRequestBase & { kind: 'leave'; details: LeaveDetails })
  | (PendingRequestBase & { kind: 'correction'; details: CorrectionDetails });

export interface RequestsList {
  requests: PendingRequest[];
}

export interface DecisionBody {
  approve: boolean;
  reason?: string;
  requestId: string;
}
export interface DecisionResult {
  status: 'approved' | 'rejected';
}

// ---- Members ----

export interface Member {
  id: string | number;
  name: string;
  username: string | null;
  telegramUserId: number | string;
  employeeCode: string | null;
  joinedOn: string | null;
  role: 'admin' | 'member';
  hr: boolean;
  baseSalary: number | null;
  advanceLimit: number | null;
  defaultAdvanceLimit: number;
  active: boolean;
}

export interface MembersList {
  currency: string;
  members: Member[];
}

export type MemberStatusFilter = 'active' | 'inactive' | 'all';

export interface MemberPatch {
  baseSalary?: number | null;
  advanceLimit?: number | null;
  hr?: boolean;
  active?: false;
}

export type DayCode = 'P' | 'L' | 'E' | 'A' | 'N' | 'M' | 'B' | 'S' | 'V' | 'C' | 'H' | 'R' | 'W' | 'F' | 'O' | 'X';

export interface MonthDay {
  day: string;
  codes: DayCode[];
  firstIn: string | null;
  lastOut: string | null;
  workedMinutes: number;
  lateMinutes: number;
  earlyMinutes: number;
}

export interface MonthTotals {
  daysDue: number;
  daysWorked: number;
  minutesWorked: number;
  lateCount: number;
  lateMinutes: number;
  earlyCount: number;
  earlyMinutes: number;
  missingClockOuts: number;
  absences: number;
  noShows: number;
  breakOverruns: number;
  unendedBreaks: number;
  leaveDays: Record<LeaveType, number>;
  compEarned: number;
  compSpent: number;
}

export interface MonthMoney {
  chargedPenalties: number;
  voidedPenalties: number;
  repricedPenalties: number;
  repricingDifference: number;
  adjustmentPenalties: number;
  bonuses: number;
  advances: number;
}

export interface Payroll {
  baseSalary: number | null;
  workingDays: number;
  unpaidDays: number;
  paymentDays: number;
  earned: number;
  penalties: number;
  bonuses: number;
  advances: number;
  net: number;
}

export type PunchKind = 'start' | 'end' | 'break-out' | 'back';

export interface Punch {
  day: string;
  at: string;
  kind: PunchKind;
  breakType: BreakType | null;
  source: string | null;
  place: string | null;
}

export type ViolationKind = 'late' | 'early-leave' | 'absence' | 'no-show' | 'break-overrun' | 'missing-clock-out' | 'unended-break';

export interface MonthViolation {
  day: string;
  kind: ViolationKind;
  breakType: BreakType | null;
  minutes: number;
  amount: number;
  free: boolean;
  byClose: boolean;
  voided: boolean;
}

export type AdjustmentKind = 'penalty' | 'bonus';

export interface MonthAdjustment {
  at: string;
  kind: AdjustmentKind;
  amount: number;
  reason: string | null;
  issuedBy: string | null;
}

export type RequestState = 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn';

export interface MonthRequest {
  kind: RequestKind;
  id: string | number;
  requestedAt: string;
  status: RequestState;
  summary: string;
  reason: string | null;
}

export interface MemberMonthView {
  month: string;
  currency: string;
  timeZone: string;
  member: {
    id: string | number;
    name: string;
    username: string | null;
    employeeCode: string | null;
    joinedOn: string | null;
    active: boolean;
  };
  days: MonthDay[];
  totals: MonthTotals;
  money: MonthMoney;
  payroll: Payroll;
  punches: Punch[];
  violations: MonthViolation[];
  adjustments: MonthAdjustment[];
  requests: MonthRequest[];
}

/** One of the employee's own requests that still waits for a decision (any month): they may withdraw it. */
export interface PendingMine {
  kind: RequestKind;
  id: string | number;
  requestedAt: string;
  expiresAt: string;
  summary: string;
  reason: string | null;
}

export interface MyMonthView extends MemberMonthView {
  limits: { advanceLimit: number; advanceUsed: number; compBalance: number };
  pending: PendingMine[];
}

export interface WithdrawResult {
  status: 'withdrawn';
}

// ---- Rules ----

export type PenaltyMode = 'fixed' | 'per-minute';

export interface PenaltyTier {
  fromMinutes: number;
  mode: PenaltyMode;
  amount: number;
}

export interface PenaltyRule {
  mode: PenaltyMode;
  amount: number;
  freePerMonth?: number;
  tiers?: PenaltyTier[];
}

export interface BreakAllowance {
  minutesPerBreak: number;
  breaksPerDay: number;
}

export interface Reminders {
  beforeStartMinutes: number | null;
  beforeEndMinutes: number | null;
  stillClockedInAfterMinutes: number | null;
}

export interface AttendanceRules {
  timeZone: string;
  workdays: number[];
  holidays: string[];
  shiftStart: string;
  shiftEnd: string;
  lateGraceMinutes: number;
  earlyLeaveGraceMinutes: number;
  absenceAfterMinutes: number;
  breaks: Record<BreakType, BreakAllowance>;
  penalties: Partial<Record<ViolationKind, PenaltyRule>>;
  currency: string;
  reminders?: Reminders;
  advances?: { monthlyLimit: number; expiryHours: number };
  requests?: { expiryHours: number };
  reports?: { dailyAt: string | null; monthlyDay: number; monthlyAt: string };
  paidLeave?: Record<LeaveType, boolean>;
}

export interface RulesVersion {
  effectiveFrom: string;
  createdAt: string;
  createdBy: string | null;
  rules: AttendanceRules;
}

export interface RulesView {
  today: string;
  current: { effectiveFrom: string; rules: AttendanceRules };
  versions: RulesVersion[];
  leaveTypes: LeaveType[];
  breakTypes: BreakType[];
  violationKinds: ViolationKind[];
}

export interface PreviewEvent {
  kind: PunchKind;
  time: string;
  breakType?: BreakType;
}

export interface PreviewBody {
  rules: AttendanceRules;
  workday?: string;
  events: PreviewEvent[];
}

export type PreviewResult =
  | { ok: true; violations: Array<{ kind: ViolationKind; minutes: number; amount: number; breakType?: BreakType | null }>; total: number }
  | { ok: false; problems: string[] };

export interface SaveRulesResult {
  ok: true;
  effectiveFrom: string;
}

// ---- Adjustments ----

export interface Adjustment {
  id: string | number;
  memberId: string | number;
  memberName: string;
  kind: AdjustmentKind;
  amount: number;
  reason: string | null;
  issuedBy: string | null;
  at: string;
  workflowId: string | null;
}

export interface AdjustmentsList {
  currency: string;
  adjustments: Adjustment[];
}

export interface AdjustmentFilter {
  member?: string;
  kind?: AdjustmentKind | '';
  from?: string;
  to?: string;
}

export interface NewAdjustment {
  memberId: string | number;
  kind: AdjustmentKind;
  amount: string;
  reason: string;
  requestId: string;
}

export interface AdjustmentIssued {
  status: 'issued' | 'duplicate';
  workflowId: string;
}

// ---- Audit ----

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  payload: Json;
  workflowId: string | null;
  workflowUrl: string | null;
  tenantId?: Id | null;
  companyName?: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  member?: string;
  tenant?: string;
  from?: string;
  to?: string;
  before?: string;
}

// ---- Employee requests ----

/** `requestId`: one per submission, reused when the same one is sent again after a failure. */
export interface AdvanceRequestBody {
  amount: string;
  reason?: string;
  requestId?: string;
}
export interface LeaveRequestBody {
  type: LeaveType;
  from: string;
  to: string;
  reason?: string;
  requestId?: string;
}
export interface CorrectionRequestBody {
  workday: string;
  action: CorrectionAction;
  time: string;
  reason?: string;
  requestId?: string;
}
export interface RequestCreated {
  kind: RequestKind;
  id: string | number;
  message: string;
}

// ---- Platform ----

export type SubscriptionState = 'trial' | 'active' | 'suspended' | 'expired';

export interface PlatformCompany {
  id: Id;
  name: string;
  kind: string;
  subscriptionState: SubscriptionState;
  standing: 'ok' | 'suspended' | 'expired';
  trialEndsAt: string | null;
  plan: string | null;
  memberCount: number;
  lastActivityAt: string | null;
  /** The bot was removed from the company's group: its attendance is paused until it is added back. */
  botAway: boolean;
}

export interface SubscriptionChange {
  state?: SubscriptionState;
  extendTrialDays?: number;
  plan?: string;
}

export interface CompanyAdmin {
  telegramUserId: number | string;
  name: string;
  status: string;
}

export interface SuperAdmin {
  telegramUserId: number | string;
  liveSessions: number;
}

export interface PlatformSession {
  id: Id;
  telegramUserId: number | string;
  tenantId: Id | null;
  companyName: string | null;
  role: Role;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
}
