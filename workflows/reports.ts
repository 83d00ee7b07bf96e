// The company's scheduled reports. dailyReport (schedule daily-report:<tenant uid>) closes every
// ended day not closed yet and posts each day's report and members' notices; monthlySummary
// (schedule monthly-summary:<tenant uid>) closes what is left of the month just ended, sends every
// member their breakdown and HR the workbook. Both are safe to run again: days close once, and
// every message is sent once per key (report_deliveries).
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReportActivities } from '../activities/postgres-reports';
import { deliveryKeys, type ReportTenantInput } from '../domain/reports';
import { TASK_QUEUES } from '../domain/temporal';
import { telegram } from './telegram';

const reports = proxyActivities<ReportActivities>({
  taskQueue: TASK_QUEUES.attendance,
  startToCloseTimeout: '5m',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** A workbook is built inside its send: give it time for a big company. */
const workbookSends = proxyActivities<Pick<typeof telegram, 'deliverMonthWorkbook'>>({
  taskQueue: TASK_QUEUES.telegramOutbound,
  startToCloseTimeout: '5m',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '5s', maximumInterval: '5m', backoffCoefficient: 2 },
});

const PAGE = 100;

export interface DailyReportResult {
  closed: string[];
  reports: number;
  notices: number;
}

interface DailyProgress {
  /** Days this run closed before it continued as new. */
  closed: string[];
  /** A day whose member notices were being sent, and after which member. */
  resume?: { day: string; afterMemberId: number };
}

/** Sends one day's report and its members' notices (the day is closed). */
async function reportDay(tenantId: number, day: string, afterMemberId: number, counts: { reports: number; notices: number }): Promise<'done' | { afterMemberId: number }> {
  const { workflowId } = workflowInfo();
  if (afterMemberId === 0) {
    const report = await reports.dayReport(tenantId, day);
    if (report) {
      const sent = await telegram.deliverReport({ tenantId, key: deliveryKeys.dayReport(day), workflowId, message: { chatId: report.chatId, text: report.text } });
      if (sent.status === 'sent') counts.reports += 1;
    }
  }
  let after = afterMemberId;
  for (;;) {
    const page = await reports.closeNotices(tenantId, day, after, PAGE);
    const outcomes = await Promise.all(
      page.notices.map((n) => telegram.deliverReport({ tenantId, key: deliveryKeys.dayNotice(day, n.memberId), workflowId, message: { chatId: n.chatId, text: n.text } })),
    );
    counts.notices += outcomes.filter((o) => o.status === 'sent').length;
    if (page.next === null) {
      await reports.markDayReported(tenantId, day);
      return 'done';
    }
    after = page.next;
    // A very big company: carry on in a fresh history rather than growing this one without end.
    if (workflowInfo().continueAsNewSuggested) return { afterMemberId: after };
  }
}

export async function dailyReport(input: ReportTenantInput & { progress?: DailyProgress }): Promise<DailyReportResult> {
  const tenant = await reports.reportTenant(input.tenantUid, new Date(Date.now()).toISOString());
  const counts = { reports: 0, notices: 0 };
  const closed = [...(input.progress?.closed ?? [])];
  if (!tenant || !tenant.active) return { closed, ...counts };

  if (input.progress?.resume) {
    const { day, afterMemberId } = input.progress.resume;
    const r = await reportDay(tenant.tenantId, day, afterMemberId, counts);
    if (r !== 'done') return continueAsNew<typeof dailyReport>({ tenantUid: input.tenantUid, progress: { closed, resume: { day, afterMemberId: r.afterMemberId } } });
  }
  const due = await reports.daysToClose(tenant.tenantId, new Date(Date.now()).toISOString(), {});
  for (const day of due) {
    await reports.closeDay(tenant.tenantId, day, workflowInfo().workflowId);
    closed.push(day);
    const r = await reportDay(tenant.tenantId, day, 0, counts);
    if (r !== 'done') return continueAsNew<typeof dailyReport>({ tenantUid: input.tenantUid, progress: { closed, resume: { day, afterMemberId: r.afterMemberId } } });
  }
  return { closed, ...counts };
}

export interface MonthlySummaryResult {
  month: string | null;
  summaries: number;
  unreachable: number;
  workbooks: number;
}

interface MonthlyProgress {
  month: string;
  afterMemberId: number;
  summaries: number;
  unreachable: number;
}

export async function monthlySummary(input: ReportTenantInput & { progress?: MonthlyProgress }): Promise<MonthlySummaryResult> {
  const tenant = await reports.reportTenant(input.tenantUid, new Date(Date.now()).toISOString());
  if (!tenant || !tenant.active) return { month: null, summaries: 0, unreachable: 0, workbooks: 0 };
  const { workflowId } = workflowInfo();
  const month = input.progress?.month ?? input.month ?? tenant.lastMonth;
  let { afterMemberId = 0, summaries = 0, unreachable = 0 } = input.progress ?? {};

  if (!input.progress) {
    // The statement of record covers every day of the month: close the ones still open.
    for (const day of await reports.daysToClose(tenant.tenantId, new Date(Date.now()).toISOString(), { month })) {
      await reports.closeDay(tenant.tenantId, day, workflowId);
      await reportDay(tenant.tenantId, day, 0, { reports: 0, notices: 0 });
    }
  }

  for (;;) {
    const page = await reports.memberSummaries(tenant.tenantId, month, afterMemberId, PAGE);
    unreachable += page.unreachable;
    const outcomes = await Promise.all(
      page.messages.map((m) =>
        telegram.deliverReport({ tenantId: tenant.tenantId, key: deliveryKeys.monthSummary(month, m.memberId), workflowId, message: { chatId: m.chatId, text: m.text } }),
      ),
    );
    summaries += outcomes.filter((o) => o.status === 'sent').length;
    if (page.next === null) break;
    afterMemberId = page.next;
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof monthlySummary>({ tenantUid: input.tenantUid, progress: { month, afterMemberId, summaries, unreachable } });
    }
  }

  // HR: the group's admins now, and the members an admin named; only those who opened the bot
  // can be sent a document privately.
  const admins = tenant.chatId === null ? [] : await telegram.groupAdminIds(tenant.chatId);
  const hr = await reports.hrDelivery(tenant.tenantId, month, unreachable);
  const reachableAdmins = await reports.privateChatsOpen(admins);
  const recipients = [...new Set([...reachableAdmins, ...hr.hrUserIds])].sort((a, b) => a - b);
  let fileId: string | undefined;
  let sentWorkbooks = 0;
  for (const chatId of recipients) {
    const sent = await sendWorkbook(tenant.tenantId, month, chatId, hr.caption, workflowId, fileId);
    if (sent.status === 'sent') {
      sentWorkbooks += 1;
      fileId = fileId ?? sent.fileId;
    }
  }
  return { month, summaries, unreachable, workbooks: sentWorkbooks };
}

function sendWorkbook(tenantId: number, month: string, chatId: number, caption: string, workflowId: string, fileId: string | undefined) {
  return workbookSends.deliverMonthWorkbook({
    tenantId, key: deliveryKeys.monthWorkbook(month, chatId), workflowId, chatId, month, caption, ...(fileId ? { fileId } : {}),
  });
}
