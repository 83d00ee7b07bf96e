import { get, patch, post, put, withQuery } from './client';
import type {
  AdjustmentFilter,
  AdjustmentIssued,
  AdjustmentsList,
  AdvanceRequestBody,
  AuditFilter,
  AuditPage,
  CompanyAdmin,
  CorrectionRequestBody,
  DecisionBody,
  DecisionResult,
  LeaveRequestBody,
  Member,
  MemberMonthView,
  MemberPatch,
  MembersList,
  MemberStatusFilter,
  MyMonthView,
  NewAdjustment,
  PlatformCompany,
  PlatformSession,
  PreviewBody,
  PreviewResult,
  RequestCreated,
  RequestKind,
  RequestsList,
  RulesView,
  SaveRulesResult,
  Session,
  SubscriptionChange,
  SuperAdmin,
  AttendanceRules,
  Today,
  TodayCharts,
  WebAppSignIn,
  WithdrawResult,
} from './types';

export * from './types';
export { ApiError, configureApi, newRequestId, setCsrfToken } from './client';

export const api = {
  // sign-in
  session: () => get<Session>('/api/session', undefined, { quiet401: true }),
  signInWebApp: (initData: string, tenantId?: string) => post<WebAppSignIn>('/api/auth/webapp', { initData, tenantId }),
  logout: () => post<null>('/api/auth/logout'),

  // company admin
  today: () => get<Today>('/api/today'),
  todayCharts: (month?: string) => get<TodayCharts>('/api/today/charts', { month }),
  requests: () => get<RequestsList>('/api/requests'),
  decide: (kind: RequestKind, id: string | number, body: DecisionBody) =>
    post<DecisionResult>(`/api/requests/${kind}/${encodeURIComponent(String(id))}/decision`, body),
  members: (q?: string, status?: MemberStatusFilter) => get<MembersList>('/api/members', { q, status }),
  patchMember: (id: string | number, body: MemberPatch) => patch<Member>(`/api/members/${encodeURIComponent(String(id))}`, body),
  memberMonth: (id: string | number, month: string) =>
    get<MemberMonthView>(`/api/members/${encodeURIComponent(String(id))}/month`, { month }),
  rules: () => get<RulesView>('/api/rules'),
  previewRules: (body: PreviewBody) => post<PreviewResult>('/api/rules/preview', body),
  saveRules: (rules: AttendanceRules, effectiveFrom: string) => put<SaveRulesResult>('/api/rules', { rules, effectiveFrom }),
  adjustments: (filter: AdjustmentFilter) => get<AdjustmentsList>('/api/adjustments', { ...filter }),
  issueAdjustment: (body: NewAdjustment) => post<AdjustmentIssued>('/api/adjustments', body),
  audit: (filter: AuditFilter) => get<AuditPage>('/api/audit', { ...filter }),

  // employee
  myMonth: (month: string) => get<MyMonthView>('/api/me/month', { month }),
  requestAdvance: (body: AdvanceRequestBody) => post<RequestCreated>('/api/me/requests/advance', body),
  requestLeave: (body: LeaveRequestBody) => post<RequestCreated>('/api/me/requests/leave', body),
  requestCorrection: (body: CorrectionRequestBody) => post<RequestCreated>('/api/me/requests/correction', body),
  withdrawRequest: (kind: RequestKind, id: string | number, body: { requestId: string }) =>
    post<WithdrawResult>(`/api/me/requests/${kind}/${encodeURIComponent(String(id))}/withdraw`, body),

  // super admin
  companies: () => get<{ companies: PlatformCompany[] }>('/api/platform/companies'),
  changeSubscription: (id: string | number, body: SubscriptionChange) =>
    post<PlatformCompany>(`/api/platform/companies/${encodeURIComponent(String(id))}/subscription`, body),
  companyAdmins: (id: string | number) =>
    get<{ admins: CompanyAdmin[] }>(`/api/platform/companies/${encodeURIComponent(String(id))}/admins`),
  superAdmins: () => get<{ superAdmins: SuperAdmin[] }>('/api/platform/admins'),
  sessions: (telegramUserId?: string) => get<{ sessions: PlatformSession[] }>('/api/platform/sessions', { telegramUserId }),
  endSessions: (telegramUserId: string | number) => post<{ ended: number }>('/api/platform/sessions/end', { telegramUserId }),
  platformAudit: (filter: AuditFilter) => get<AuditPage>('/api/platform/audit', { ...filter }),
};

export const downloads = {
  month: (month: string) => withQuery('/api/reports/month.xlsx', { month }),
  memberMonth: (id: string | number, month: string) =>
    withQuery(`/api/reports/members/${encodeURIComponent(String(id))}/month.xlsx`, { month }),
};
