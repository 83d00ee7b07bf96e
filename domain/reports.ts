// Names of the reporting schedules and what their runs are keyed by.

/** The company's day close and daily report (a Temporal Schedule id, and its runs' id prefix). */
export function dailyReportScheduleId(tenantUid: string): string {
  return `daily-report:${tenantUid}`;
}

/** The company's month-end summary. */
export function monthlySummaryScheduleId(tenantUid: string): string {
  return `monthly-summary:${tenantUid}`;
}

/** What a report message is sent once per: a day's group report, a member's notice, a summary, a workbook. */
export const deliveryKeys = {
  dayReport: (day: string) => `close:${day}:group`,
  dayNotice: (day: string, memberId: number) => `close:${day}:member:${memberId}`,
  monthSummary: (month: string, memberId: number) => `summary:${month}:member:${memberId}`,
  monthWorkbook: (month: string, chatId: number) => `workbook:${month}:chat:${chatId}`,
  monthHrNote: (month: string, chatId: number) => `summary:${month}:hr:${chatId}`,
};

export interface ReportTenantInput {
  tenantUid: string;
  /** A run started by hand for a given month (yyyy-mm); the schedule's runs leave it out. */
  month?: string;
}
