import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from './api/types';
import { homeOf, useSessionStore } from './stores/session';
import { errorText } from './errors';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page; absent = anyone (the sign-in page). */
    roles?: Role[];
  }
}

const admin: Role[] = ['admin'];
const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignIn.vue') },
  { path: '/', name: 'today', component: () => import('./pages/Today.vue'), meta: { roles: admin } },
  { path: '/inbox', name: 'inbox', component: () => import('./pages/Inbox.vue'), meta: { roles: admin } },
  { path: '/members', name: 'members', component: () => import('./pages/Members.vue'), meta: { roles: admin } },
  { path: '/members/:id', name: 'member-month', component: () => import('./pages/MemberMonth.vue'), meta: { roles: admin }, props: true },
  { path: '/rules', name: 'rules', component: () => import('./pages/Rules.vue'), meta: { roles: admin } },
  { path: '/adjustments', name: 'adjustments', component: () => import('./pages/Adjustments.vue'), meta: { roles: admin } },
  { path: '/reports', name: 'reports', component: () => import('./pages/Reports.vue'), meta: { roles: admin } },
  { path: '/audit', name: 'audit', component: () => import('./pages/Audit.vue'), meta: { roles: admin } },
  { path: '/me', name: 'me', component: () => import('./pages/Me.vue'), meta: { roles: ['employee'] } },
  { path: '/platform', redirect: '/platform/companies' },
  { path: '/platform/companies', name: 'companies', component: () => import('./pages/platform/Companies.vue'), meta: { roles: ['super'] } },
  { path: '/platform/admins', name: 'super-admins', component: () => import('./pages/platform/Admins.vue'), meta: { roles: ['super'] } },
  { path: '/platform/sessions', name: 'sessions', component: () => import('./pages/platform/Sessions.vue'), meta: { roles: ['super'] } },
  { path: '/platform/audit', name: 'platform-audit', component: () => import('./pages/platform/PlatformAudit.vue'), meta: { roles: ['super'] } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const store = useSessionStore();
  let session;
  try {
    session = await store.load();
  } catch (error) {
    // The API is down or broken: stay, and say so (the shell shows appError).
    store.appError = errorText(error);
    return to.name === 'sign-in' ? true : { name: 'sign-in' };
  }
  const roles = to.meta.roles;
  if (!roles) return true;
  if (!session) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (!roles.includes(session.role)) return homeOf(session.role);
  return true;
});
