// Each company's two Temporal Schedules: the day's close and report, and the month's summary.
// Created at /setup, brought up to date when the rules or the subscription change, and
// reconciled for every company when the worker starts (a schedule missing or out of date is
// repaired). The schedule, not our code, is what operators see and trigger in the Temporal UI.
//
// Pitfalls this module is written around:
// - an update replaces the whole schedule (spec, action, policies, state): we always build the
//   complete definition and never patch parts of the described one;
// - a schedule's own memo cannot be updated, so the definition's fingerprint rides in the
//   action's memo, which is part of every update;
// - `trigger()` takes the overlap policy of the call, not the schedule's: callers pass SKIP;
// - schedules fire at wall-clock times in the zone and do not move a time that falls into a DST
//   gap: a report time that does not exist that day (02:30 on a spring-forward night) does not
//   fire that day; one that occurs twice (an autumn night) fires once. The close itself closes
//   every ended day not yet closed, so the next run makes up for a skipped one.
import { createHash } from 'node:crypto';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type Range,
  type ScheduleOptions,
  type ScheduleSpecDescription,
} from '@temporalio/client';
import { dailyReportTime, DEFAULT_REPORTS, type AttendanceRules } from '../domain/attendance-rules';
import { dailyReportScheduleId, monthlySummaryScheduleId } from '../domain/reports';
import { SEARCH_ATTRIBUTES, TASK_QUEUES } from '../domain/temporal';

export interface ScheduledTenant {
  id: number;
  uid: string;
  /** Whether the company's reports should run now (not suspended, not expired). */
  active: boolean;
  /** The deployment keeps every schedule paused (REPORT_SCHEDULES=paused). */
  heldByDeployment?: boolean;
}

/** A run missed while Temporal was down still happens within this window when it returns. */
export const CATCHUP_WINDOWS = { daily: '12 hours', monthly: '7 days' } as const;

type Definition = Omit<ScheduleOptions, 'memo' | 'searchAttributes' | 'typedSearchAttributes'> & { fingerprint: string };

function hhmm(text: string): { hour: number; minute: number } {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return { hour, minute };
}

function fingerprintOf(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** The complete definitions of a company's schedules under these rules. */
export function scheduleDefinitions(tenant: ScheduledTenant, rules: AttendanceRules): Definition[] {
  const reports = rules.reports ?? DEFAULT_REPORTS;
  const daily = hhmm(dailyReportTime(rules));
  const monthly = hhmm(reports.monthlyAt);
  const paused = !tenant.active || !!tenant.heldByDeployment;
  const note = !tenant.active
    ? 'paused: the company is suspended or its subscription expired'
    : tenant.heldByDeployment
      ? 'paused: this deployment runs reports only when triggered (REPORT_SCHEDULES=paused)'
      : 'active';
  const build = (
    scheduleId: string,
    workflowType: 'dailyReport' | 'monthlySummary',
    calendar: { hour: number; minute: number; dayOfMonth?: number },
    catchupWindow: string,
    comment: string,
  ): Definition => {
    const fingerprint = fingerprintOf([workflowType, calendar, rules.timeZone, catchupWindow, paused, 2]);
    return {
      scheduleId,
      fingerprint,
      spec: { calendars: [{ ...calendar, comment }], timezone: rules.timeZone },
      action: {
        type: 'startWorkflow',
        workflowType,
        workflowId: scheduleId,
        taskQueue: TASK_QUEUES.attendance,
        args: [{ tenantUid: tenant.uid }],
        memo: { definition: fingerprint },
        typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.tenantId, value: String(tenant.id) }],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow },
      state: { paused, note },
    };
  };
  return [
    build(dailyReportScheduleId(tenant.uid), 'dailyReport', daily, CATCHUP_WINDOWS.daily, `day close at ${dailyReportTime(rules)} ${rules.timeZone}`),
    build(
      monthlySummaryScheduleId(tenant.uid),
      'monthlySummary',
      { ...monthly, dayOfMonth: reports.monthlyDay },
      CATCHUP_WINDOWS.monthly,
      `month summary on day ${reports.monthlyDay} at ${reports.monthlyAt} ${rules.timeZone}`,
    ),
  ];
}

export type SyncOutcome = 'created' | 'updated' | 'unchanged';

/** A single value as a described calendar holds it (ranges); null when it is anything else. */
function single(ranges: Array<Range<number>> | undefined): number | null {
  if (!ranges || ranges.length !== 1) return null;
  const [r] = ranges as [Range<number>];
  return (r.end ?? r.start) === r.start ? r.start : null;
}

/** Whether a described spec fires when the definition says (an edit made by hand shows here). */
function sameWhen(described: ScheduleSpecDescription, wanted: ScheduleOptions['spec']): boolean {
  const want = wanted.calendars?.[0] as { hour: number; minute: number; dayOfMonth?: number } | undefined;
  const have = described.calendars ?? [];
  if (!want || have.length !== 1 || (described.intervals ?? []).length || described.timezone !== wanted.timezone) return false;
  const cal = have[0]!;
  const everyDay = cal.dayOfMonth.length === 1 && cal.dayOfMonth[0]!.start === 1 && cal.dayOfMonth[0]!.end === 31;
  return (
    single(cal.hour) === want.hour &&
    single(cal.minute) === want.minute &&
    single(cal.second) === 0 &&
    (want.dayOfMonth === undefined ? everyDay : single(cal.dayOfMonth) === want.dayOfMonth)
  );
}

/** Makes the company's schedules match the definitions: creates, replaces or leaves them. */
export async function syncTenantSchedules(client: Client, tenant: ScheduledTenant, rules: AttendanceRules): Promise<Record<string, SyncOutcome>> {
  const outcomes: Record<string, SyncOutcome> = {};
  for (const { fingerprint, ...definition } of scheduleDefinitions(tenant, rules)) {
    const handle = client.schedule.getHandle(definition.scheduleId);
    let current: Awaited<ReturnType<typeof handle.describe>> | null = null;
    try {
      current = await handle.describe();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    if (!current) {
      try {
        await client.schedule.create({ ...definition, memo: { tenantUid: tenant.uid } });
        outcomes[definition.scheduleId] = 'created';
        continue;
      } catch (err) {
        // Created by another process a moment ago: bring it up to date below.
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        current = await handle.describe();
      }
    }
    const same =
      current.action.type === 'startWorkflow' &&
      current.action.memo?.definition === fingerprint &&
      current.state.paused === definition.state!.paused &&
      current.policies.overlap === definition.policies!.overlap &&
      sameWhen(current.spec, definition.spec);
    if (same) {
      outcomes[definition.scheduleId] = 'unchanged';
      continue;
    }
    // The whole definition, never a part: an update replaces everything.
    await handle.update(() => ({
      spec: definition.spec,
      action: definition.action,
      policies: definition.policies,
      state: { paused: definition.state!.paused, note: definition.state!.note },
    }));
    outcomes[definition.scheduleId] = 'updated';
  }
  return outcomes;
}

/** Runs one of the company's schedules now (from the Temporal UI the same happens). */
export async function triggerSchedule(client: Client, scheduleId: string): Promise<void> {
  // trigger() does not use the schedule's overlap policy: say SKIP, so a run never overlaps another.
  await client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.SKIP);
}
