// The web panel in a real browser (Debian's Chromium through playwright-core) against the real
// API, worker, bot and fake Bot API: signing in with the bot's link, deciding requests in the panel
// and in Telegram (live updates), the rules editor, the workbook, the super admin's subscriptions,
// the employee's Mini App, and a screenshot of every page as an artifact.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { initDataFor, startApi, SUPER_ADMIN, type ApiHarness } from '../api/api-harness';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';
import { assertPrerequisites, launchBrowser, MINI_APP_VIEWPORT, PANEL_DIR, Pages, shot, tid, until } from './browser';

let stack: Stack;
let api: ApiHarness;
let browser: Browser;
let pages: Pages;
let tenantId: number;

const group: FakeChat = { id: -1005610101, type: 'supergroup', title: 'Browser Works' };
const boss: FakeUser = { id: 6101, first_name: 'Bakhyt' };
const deputy: FakeUser = { id: 6105, first_name: 'Serik' };
const aida: FakeUser = { id: 6102, first_name: 'Aida' };
const dana: FakeUser = { id: 6103, first_name: 'Dana', username: 'dana_e2e' };
/** A second member whose name must never show in Dana's Mini App. */
const quill: FakeUser = { id: 6104, first_name: 'Quillfeather' };

const WAIT = 20_000;

const memberIdOf = async (user: FakeUser) =>
  (await stack.appPool.query('SELECT id FROM members WHERE telegram_user_id = $1 AND tenant_id = $2', [user.id, tenantId])).rows[0].id as number;
const advanceByReason = async (reason: string) =>
  (await stack.appPool.query('SELECT id, status FROM advances WHERE reason = $1 AND tenant_id = $2', [reason, tenantId])).rows[0] as { id: number; status: string } | undefined;
const rulesVersions = async () =>
  (await stack.appPool.query('SELECT effective_from::text AS effective_from, created_by, rules FROM tenant_rules WHERE tenant_id = $1 ORDER BY created_at', [tenantId])).rows as Array<{
    effective_from: string;
    created_by: string;
    rules: { lateGraceMinutes: number; absenceAfterMinutes: number };
  }>;

/** The admin's private copy of a request, with its Approve/Reject buttons. */
const copyOf = (admin: FakeUser, reason: string) =>
  stack.fake.waitForSent((s) => s.chatId === admin.id && s.text.includes('Advance request') && s.text.includes(reason), WAIT, `${admin.first_name}'s copy of "${reason}"`);

/** An employee asks for an advance privately in Telegram; resolves with the request and the boss's copy. */
async function askAdvance(user: FakeUser, amount: number, reason: string): Promise<{ id: number; copy: SentRecord }> {
  const answer = await stack.say(user, `/advance ${amount} ${reason}`);
  expect(answer.text).toContain('went to the admins');
  const copy = await copyOf(boss, reason);
  return { id: (await advanceByReason(reason))!.id, copy };
}

/** The admin sends /panel in the group; resolves with the link the bot sent them privately (on this API). */
async function panelLinkFromBot(admin: FakeUser, chat: FakeChat): Promise<string> {
  const before = stack.fake.sentTo(admin.id).length;
  const sent = stack.fake.userSends(admin, '/panel', chat);
  const answer = await stack.fake.waitForSent((s) => s.chatId === chat.id && s.replyTo === sent.message_id, WAIT, 'the answer to /panel');
  expect(answer.text).toContain('sent to you privately');
  const privately = (await stack.fake.waitForCount(admin.id, before + 1, WAIT))[before]!;
  const link = privately.text.match(/https?:\/\/\S+/)?.[0];
  expect(link).toBeDefined();
  return link!.replace('http://127.0.0.1:8080', api.baseUrl);
}

/** A signed-in page (a fresh context) on `path`, for the company admin or the super admin. */
async function signedIn(who: 'admin' | 'super', pathname = '/', options: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const link = who === 'admin'
    ? await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' })
    : await api.link({ telegramUserId: SUPER_ADMIN.id, tenantId: null, role: 'super' });
  const page = await pages.open(options);
  await page.goto(link);
  await page.locator(tid('page-title')).waitFor();
  if (pathname !== new URL(page.url()).pathname) {
    await page.goto(`${api.baseUrl}${pathname}`);
    await page.locator(tid('page-title')).waitFor();
  }
  return page;
}

/** Navigates through the menu (no reload) and waits for the page. */
async function navigate(page: Page, nav: string, pathname: string): Promise<void> {
  await page.locator(tid(nav)).click();
  await until(() => new URL(page.url()).pathname === pathname, 10_000, `the ${pathname} page`);
  await page.locator(tid('page-title')).waitFor();
}

beforeAll(async () => {
  assertPrerequisites();
  browser = await launchBrowser();
  stack = await startStack({ services: ['worker', 'bot'] });
  ({ tenantId } = await stack.company(group, { creator: boss, admins: [deputy], members: [aida, dana, quill] }));
  await stack.setRules(tenantId, {
    advances: { monthlyLimit: 50_000_00, expiryHours: 72 },
    penalties: { late: { mode: 'fixed', amount: 500_00 } },
  });
  for (const member of [aida, dana, quill]) await stack.openBotAndJoin(member, group);
  await stack.say(boss, '/start');
  await stack.say(deputy, '/start');
  api = await startApi(stack, { panelDir: PANEL_DIR });
}, 180_000);

beforeEach(() => {
  pages = new Pages(browser);
});

afterEach(async () => {
  // Every page of the test closed; fails the test when a page logged an unexpected console error.
  await pages.finish();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await stack?.close();
});

test('When the group admin opens the link the bot sent for /panel, then Today shows with the company, and the same link does not sign in twice', async () => {
  // Arrange
  const link = await panelLinkFromBot(boss, group);
  expect(new URL(link).pathname).toBe('/api/auth/link');
  const page = await pages.open();

  // Act
  await page.goto(link);

  // Assert: redirected to Today, signed in to this company.
  await page.locator(tid('page-title')).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  await page.locator(tid('today-counts')).waitFor();
  await until(async () => (await page.locator(tid('company-name')).innerText()).includes('Browser Works'), 10_000, 'the company name');
  await shot(page, 'today');

  // Act 2: the same link again, in a fresh browser.
  const again = await pages.open();
  // The used link answers 401, and so does the session the panel then asks for.
  pages.allow(again, /status of 401 .*\/api\/(auth\/link\?token=.*|session)\)$/);
  const res = await again.goto(link);

  // Assert 2: refused; the fresh browser is not signed in (the panel sends it to the sign-in page).
  expect(res?.status()).toBe(401);
  await again.goto(api.baseUrl);
  await again.locator(tid('sign-in')).waitFor();
  expect(new URL(again.url()).pathname).toBe('/sign-in');
  expect(await again.locator(tid('company-name')).count()).toBe(0);
});

test('When an employee asks for an advance in Telegram and the admin approves it in the panel inbox, then the row goes, the employee is told and the admin copies show the outcome', async () => {
  // Arrange
  const { id, copy } = await askAdvance(aida, 20000, 'rent');
  const deputyCopy = await copyOf(deputy, 'rent');
  const page = await signedIn('admin');
  await navigate(page, 'nav-inbox', '/inbox');
  const row = page.locator(`${tid('request-row')}[data-kind="advance"][data-id="${id}"]`);
  await row.waitFor();
  expect(await row.innerText()).toContain('Aida');
  expect(await row.innerText()).toContain('rent');
  await shot(page, 'inbox');

  // Act
  await row.locator(tid('approve')).click();

  // Assert
  await row.waitFor({ state: 'detached' });
  expect((await advanceByReason('rent'))!.status).toBe('approved');
  const told = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('approved'), WAIT, 'the employee told');
  expect(told.text).toContain('20,000.00 KZT');
  await until(() => copy.edits.length > 0 && deputyCopy.edits.length > 0, WAIT, "both admins' copies edited");
  for (const c of [copy, deputyCopy]) expect(c.edits.at(-1)!.text).toContain(`Approved (${boss.first_name})`);
  const decided = (await stack.appPool.query('SELECT decided_by FROM advances WHERE id = $1', [id])).rows[0];
  expect(decided.decided_by).toBe(`telegram:${boss.id}`);
});

test('When a request is decided in Telegram while the inbox is open, then its row goes without a reload, and a new request appears without one', async () => {
  // Arrange: two pending requests on the open inbox.
  const first = await askAdvance(aida, 300, 'taxi-home');
  const second = await askAdvance(dana, 400, 'books-e2e');
  const page = await signedIn('admin', '/inbox');
  const rowOf = (id: number) => page.locator(`${tid('request-row')}[data-kind="advance"][data-id="${id}"]`);
  await rowOf(first.id).waitFor();
  await rowOf(second.id).waitFor();
  // A marker on the window: gone if the page reloads.
  await page.evaluate(() => ((globalThis as unknown as { e2eMarker: string }).e2eMarker = 'still-here'));

  // Act 1: the admin approves the first on their Telegram copy.
  const pressed = await stack.press(boss, first.copy, await stack.decisionButton('advance', first.id, true));

  // Assert 1
  expect(pressed.text).toContain('Approved');
  await rowOf(first.id).waitFor({ state: 'detached', timeout: WAIT });
  expect(await rowOf(second.id).isVisible()).toBe(true);
  expect((await advanceByReason('taxi-home'))!.status).toBe('approved');

  // Act 2: a new request made in Telegram.
  const third = await askAdvance(aida, 500, 'new-boots');

  // Assert 2
  await rowOf(third.id).waitFor({ timeout: WAIT });
  expect(await page.locator(tid('request-row')).count()).toBe(2);
  await until(async () => (await page.locator(tid('inbox-count')).getAttribute('data-count')) === '2', 10_000, 'the inbox badge at 2');
  expect(await page.evaluate(() => (globalThis as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still-here');
});

test('When the admin saves rules with the absence threshold under the late grace, then the problem shows and nothing is saved; fixed, the version is stored by the panel', async () => {
  // Arrange
  const before = await rulesVersions();
  const page = await signedIn('admin', '/rules');
  await page.locator(tid('rules-form')).waitFor();

  // Act 1: an absence threshold below the late grace.
  await page.locator(tid('rules-late-grace')).fill('15');
  await page.locator(tid('rules-absence-after')).fill('10');
  await page.locator(tid('rules-save')).click();

  // Assert 1: a validation message, nothing saved.
  const problem = page.locator(`${tid('rules-field-error')}, ${tid('rules-problems')}`).first();
  await problem.waitFor();
  expect(await problem.innerText()).toMatch(/>/); // "absence after > late grace", in both languages
  expect(await page.locator(tid('rules-saved')).count()).toBe(0);
  expect(await rulesVersions()).toEqual(before);

  // Act 2: fixed, saved.
  await page.locator(tid('rules-absence-after')).fill('240');
  await page.locator(tid('rules-save')).click();

  // Assert 2
  await page.locator(tid('rules-saved')).waitFor({ timeout: WAIT });
  await until(async () => (await page.locator(tid('rules-field-error')).allInnerTexts()).length === 0, 5_000, 'the field error gone');
  const after = await rulesVersions();
  expect(after).toHaveLength(before.length + 1);
  expect(after.at(-1)).toMatchObject({ created_by: `panel:${boss.id}`, rules: { lateGraceMinutes: 15, absenceAfterMinutes: 240 } });

  // Act 2b and Assert 2b: a problem only the server finds (a zone that does not exist) is named in
  // both of the company's languages, one per line; nothing saved; the zone put back.
  const zone = page.locator(tid('rules-time-zone'));
  const zoneBefore = await zone.inputValue();
  pages.allow(page, /status of 400 .*\/api\/rules\)$/);
  await zone.fill('Mars/Base');
  await page.locator(tid('rules-save')).click();
  const problems = page.locator(`${tid('rules-problems')} li`);
  await problems.first().waitFor({ timeout: WAIT });
  expect(await problems.allInnerTexts()).toEqual(['时区：“Mars/Base”不是时区；请使用 IANA 时区，例如 Asia/Almaty。\nTime zone: “Mars/Base” is not a time zone; use an IANA zone such as Asia/Almaty.']);
  expect(await rulesVersions()).toHaveLength(before.length + 1);
  await zone.fill(zoneBefore);

  // Act 2c and Assert 2c: a break longer than a day is refused by the form, and by the server when
  // the preview sends it anyway, both naming the field in the company's two languages.
  const lunch = page.locator(tid('rules-break-lunch-minutes'));
  const lunchBefore = await lunch.inputValue();
  pages.allow(page, /status of 400 .*\/api\/rules\/preview\)$/);
  await lunch.fill('2000');
  await lunch.blur();
  await until(async () => (await page.locator(tid('rules-field-error')).allInnerTexts()).includes('大于 0 且不超过 1440 的数字 · A number above 0, at most 1440'), 5_000, 'the lunch minutes refused by the form');
  await page.locator(tid('rules-preview-run')).click();
  const refused = page.locator(tid('rules-preview-error'));
  await refused.waitFor({ timeout: WAIT });
  expect(await refused.innerText()).toBe('休息 · 午餐 · 每次分钟数：不能超过 1,440。\nBreaks · Lunch · Minutes per break: At most 1,440.');
  await lunch.fill(lunchBefore);
  expect(await rulesVersions()).toHaveLength(before.length + 1);

  // Act 3: a preview of a late start under the edited rules.
  await page.locator(tid('rules-preview-add')).click();
  await page.locator(tid('rules-preview-kind-0')).selectOption('start');
  await page.locator(tid('rules-preview-time-0')).fill('10:00');
  await page.locator(tid('rules-preview-run')).click();

  // Assert 3: the late arrival is a violation; nothing more saved.
  const result = page.locator(tid('rules-preview-result'));
  await result.waitFor({ timeout: WAIT });
  await page.locator(`${tid('rules-preview-violation')}[data-kind="late"]`).waitFor();
  expect(await result.innerText()).toContain('500.00');
  expect(await rulesVersions()).toHaveLength(before.length + 1);

  // Act 4 and Assert 4: as the shift is edited, the page says where one workday ends and the next
  // begins, in both languages, as the service decides it (domain/workday-bounds.ts).
  const hint = page.locator(tid('rules-workday-hint'));
  const hintFor = async (start: string, end: string, expected: RegExp) => {
    await page.locator(tid('rules-shift-start')).fill(start);
    await page.locator(tid('rules-shift-end')).fill(end);
    await until(async () => expected.test(await hint.innerText()), 5_000, `the workday hint for ${start}–${end}`);
  };
  await hintFor('09:00', '18:00', /次日 01:30 之前.*until 01:30 after midnight count for the previous day's shift/);
  await page.locator(tid('rules-shift-end')).fill('8');
  await until(async () => (await hint.count()) === 0, 5_000, 'no hint for a time being typed');
  await hintFor('06:00', '15:00', /每个工作日从零点到零点.*midnight to midnight/);
  await hintFor('00:00', '08:00', /前一天 21:00 起.*from 21:00 the evening before count for the next day's shift/);
  expect(await rulesVersions()).toHaveLength(before.length + 1);
  await shot(page, 'rules');
});

test("When the admin downloads the month's workbook on Reports, then it is an xlsx with the month's sheets", async () => {
  // Arrange
  const page = await signedIn('admin', '/reports', { acceptDownloads: true });
  const link = page.locator(tid('download-month'));
  await link.waitFor();
  await shot(page, 'reports');

  // Act
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), link.click()]);
  const file = path.join(os.tmpdir(), `e2e-${process.pid}-${download.suggestedFilename()}`);
  await download.saveAs(file);

  // Assert
  expect(download.suggestedFilename()).toMatch(/^attendance-\d{4}-\d{2}.*\.xlsx$/);
  expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  expect(workbook.worksheets.length).toBeGreaterThanOrEqual(8);
  const audited = await until(async () => (await stack.appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'report.exported'", [tenantId])).rows[0].n as number, 5_000, 'the download audited');
  expect(audited).toBeGreaterThanOrEqual(1);
});

test('When the super admin suspends the company in the panel, then a clock-in in its group is refused; resumed, a clock-in is accepted', async () => {
  // Arrange
  const page = await signedIn('super', '/platform/companies');
  const row = page.locator(`${tid('company-row')}[data-company-id="${tenantId}"]`);
  await row.waitFor();

  // Act 1
  await row.locator(tid('company-state-select')).selectOption('suspended');
  await row.locator(tid('company-state-apply')).click();

  // Assert 1
  await until(async () => (await row.getAttribute('data-state')) === 'suspended', WAIT, 'the row suspended');
  expect((await stack.appPool.query('SELECT subscription_state FROM tenants WHERE id = $1', [tenantId])).rows[0].subscription_state).toBe('suspended');
  await shot(page, 'platform-companies');
  const sent = stack.fake.userSends(aida, '/in', group);
  const refused = await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id, WAIT, 'the answer to /in');
  expect(refused.text).toContain('suspended');

  // Act 2: resumed.
  await row.locator(tid('company-resume')).click();

  // Assert 2
  await until(async () => (await row.getAttribute('data-state')) === 'active', WAIT, 'the row active');
  const accepted = await stack.clockIn(aida, group, '/out');
  expect(accepted.text).not.toContain('suspended');
});

test("When a member opens the Mini App with valid initData, then it shows their own month and nobody else's, and the advance form applies the limit", async () => {
  // Arrange
  const page = await pages.open({ viewport: MINI_APP_VIEWPORT, isMobile: true });
  pages.allow(page, /status of 422 .*\/api\/me\/requests\/advance\)$/);
  // Before the Mini App signs in, the panel asks for the session and gets 401.
  pages.allow(page, /status of 401 .*\/api\/session\)$/);

  // Act
  await page.goto(`${api.baseUrl}/#tgWebAppData=${encodeURIComponent(initDataFor(dana))}`);

  // Assert: signed in as Dana, her month with its days.
  const month = page.locator(tid('me-month'));
  await month.waitFor({ timeout: WAIT });
  expect(new URL(page.url()).pathname).toBe('/me');
  expect(await page.locator(tid('day-cell')).count()).toBeGreaterThanOrEqual(28);
  const currentMonth = (await stack.appPool.query("SELECT to_char(now() AT TIME ZONE 'Asia/Almaty', 'YYYY-MM') AS m")).rows[0].m as string;
  expect(await month.getAttribute('data-month')).toBe(currentMonth);
  expect(await page.locator(tid('me-name')).innerText()).toBe('Dana · Browser Works');
  // Her own request (asked in Telegram earlier) is listed; nobody else's name or request is.
  await page.locator(tid('me-request-row')).first().waitFor();
  const text = await page.locator('body').innerText();
  expect(text).toContain('books-e2e');
  expect(text).toContain('Browser Works');
  for (const other of ['Quillfeather', 'Aida', 'Bakhyt', 'taxi-home', 'new-boots', 'rent']) expect(text).not.toContain(other);

  // Act 2: an advance over the monthly limit (50,000.00 KZT; Dana already asked 400).
  await page.locator(tid('me-tab-advance')).click();
  await page.locator(tid('me-advance-amount')).fill('60000');
  await page.locator(tid('me-advance-submit')).click();

  // Assert 2
  const result = page.locator(tid('me-result'));
  await until(async () => (await result.getAttribute('data-ok')) === 'false', WAIT, 'the refusal');
  expect(await result.innerText()).toContain('50,000.00 KZT');
  expect((await advanceByReason('e2e-mini')) ?? null).toBeNull();

  // Act 3: a valid one.
  await page.locator(tid('me-advance-amount')).fill('1000');
  await page.locator(tid('me-advance-reason')).fill('e2e-mini');
  await page.locator(tid('me-advance-submit')).click();

  // Assert 3
  await until(async () => (await result.getAttribute('data-ok')) === 'true', WAIT, 'the success message');
  expect(await result.innerText()).toContain('1,000.00 KZT');
  expect((await advanceByReason('e2e-mini'))?.status).toBe('pending');
  await copyOf(boss, 'e2e-mini');
  await page.locator(`${tid('me-request-row')}[data-kind="advance"][data-status="pending"]`).first().waitFor();
  await shot(page, 'mini-app');
});

test("When the answer to the Mini App's advance request is lost on the way and the member presses Send again, then one advance is filed and the second press shows its answer", async () => {
  // Arrange: the first request reaches the server (and is filed) but its answer never reaches the page.
  const page = await pages.open({ viewport: MINI_APP_VIEWPORT, isMobile: true });
  pages.allow(page, /status of 401 .*\/api\/session\)$/);
  pages.allow(page, /net::ERR_FAILED/);
  const bodies: Array<{ requestId?: string }> = [];
  await page.route('**/api/me/requests/advance', async (route) => {
    bodies.push(route.request().postDataJSON() as { requestId?: string });
    if (bodies.length === 1) {
      await route.fetch();
      return route.abort('failed');
    }
    return route.continue();
  });
  await page.goto(`${api.baseUrl}/#tgWebAppData=${encodeURIComponent(initDataFor(dana))}`);
  await page.locator(tid('me-month')).waitFor({ timeout: WAIT });
  await page.locator(tid('me-tab-advance')).click();
  await page.locator(tid('me-advance-amount')).fill('700');
  await page.locator(tid('me-advance-reason')).fill('e2e-lost-answer');
  const result = page.locator(tid('me-result'));

  // Act: Send; the page shows a failure; Send again.
  await page.locator(tid('me-advance-submit')).click();
  await until(async () => (await result.getAttribute('data-ok')) === 'false', WAIT, 'the failure shown');
  expect(await advanceByReason('e2e-lost-answer')).toMatchObject({ status: 'pending' });
  await page.locator(tid('me-advance-submit')).click();

  // Assert: the second press answered with the first one's request; one advance, one admin copy.
  await until(async () => (await result.getAttribute('data-ok')) === 'true', WAIT, 'the success message');
  expect(await result.innerText()).toContain('700.00 KZT');
  expect(bodies).toHaveLength(2);
  expect(bodies[0]!.requestId).toMatch(/^[\w-]{8,64}$/);
  expect(bodies[1]!.requestId).toBe(bodies[0]!.requestId);
  const filed = await stack.appPool.query("SELECT count(*)::int AS n FROM advances WHERE reason = 'e2e-lost-answer'");
  expect(filed.rows[0].n).toBe(1);
  await copyOf(boss, 'e2e-lost-answer');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(stack.fake.sentTo(boss.id).filter((s) => s.text.includes('e2e-lost-answer'))).toHaveLength(1);
});

test('When the member withdraws a waiting advance in the Mini App, then after confirming it leaves the waiting list, shows as withdrawn and the admin copy says so', async () => {
  // Arrange: an advance Dana no longer needs.
  const { id, copy } = await askAdvance(dana, 300, 'e2e-withdraw');
  const page = await pages.open({ viewport: MINI_APP_VIEWPORT, isMobile: true });
  pages.allow(page, /status of 401 .*\/api\/session\)$/);
  await page.goto(`${api.baseUrl}/#tgWebAppData=${encodeURIComponent(initDataFor(dana))}`);
  const row = page.locator(`${tid('me-pending-row')}[data-kind="advance"][data-id="${id}"]`);
  await row.waitFor({ timeout: WAIT });
  expect(await row.innerText()).toContain('300.00 KZT');

  // Act: Withdraw, then Cancel (nothing happens), then Withdraw and confirm.
  await row.locator(tid('me-withdraw')).click();
  await page.locator(tid('confirm-cancel')).click();
  expect((await advanceByReason('e2e-withdraw'))?.status).toBe('pending');
  await row.locator(tid('me-withdraw')).click();
  await page.locator(tid('confirm-ok')).click();

  // Assert
  const result = page.locator(tid('me-result'));
  await until(async () => (await result.getAttribute('data-ok')) === 'true', WAIT, 'the success message');
  await row.waitFor({ state: 'detached', timeout: WAIT });
  await page.locator(`${tid('me-request-row')}[data-kind="advance"][data-id="${id}"][data-status="withdrawn"]`).waitFor({ timeout: WAIT });
  expect((await advanceByReason('e2e-withdraw'))?.status).toBe('withdrawn');
  await stack.fake.waitForSent(() => copy.edits.some((e) => e.text.includes('Withdrawn (Dana)')), WAIT, "the admin's copy edited");
  await shot(page, 'mini-app-withdraw');
});

test('When the admin issues a penalty in the form and browses every page, then the member is told and each page is saved as an artifact', async () => {
  const page = await signedIn('admin', '/members');
  const danaId = await memberIdOf(dana);

  // Members and a member's month.
  await page.locator(`${tid('member-row')}[data-member-id="${danaId}"]`).waitFor();
  expect(await page.locator(tid('member-row')).count()).toBeGreaterThanOrEqual(3);
  await shot(page, 'members');
  await page.locator(`${tid('member-row')}[data-member-id="${danaId}"] ${tid('member-name')}`).click();
  await page.locator(tid('member-month')).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/members/${danaId}`);
  expect(await page.locator(tid('day-cell')).count()).toBeGreaterThanOrEqual(28);
  await page.locator(tid('month-request-row')).first().waitFor();
  await shot(page, 'member-month');
  // Penalties and bonuses: one issued through the form.
  await navigate(page, 'nav-adjustments', '/adjustments');
  // Element Plus's own texts are in the company's two languages too (the member picker finding nobody).
  await page.locator(`${tid('adjustment-member')} input`).click();
  await page.locator(`${tid('adjustment-member')} input`).fill('nobody-by-this-name');
  await page.getByText('无匹配数据 / No matching data').waitFor();
  await page.keyboard.press('Escape');
  await page.locator(tid('adjustment-member-native')).selectOption(String(danaId));
  await page.locator(tid('adjustment-kind-penalty')).click();
  // An amount the server refuses (the form cannot know the limit): why, in both languages; nothing issued.
  pages.allow(page, /status of 400 .*\/api\/adjustments\)$/);
  await page.locator(tid('adjustment-amount')).fill('150000000');
  await page.locator(tid('adjustment-reason')).fill('e2e too much');
  await page.locator(tid('adjustment-submit')).click();
  const refusal = page.locator(`${tid('app-error')} .multiline`, { hasText: '100,000,000' });
  await refusal.waitFor({ timeout: WAIT });
  expect(await refusal.innerText()).toBe('金额：必须小于 100,000,000 KZT。\nAmount: Must be less than 100,000,000 KZT.');
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM adjustments WHERE reason = 'e2e too much'")).rows[0].n).toBe(0);
  await page.locator(tid('adjustment-amount')).fill('1250.50');
  await page.locator(tid('adjustment-reason')).fill('e2e uniform missing');
  await page.locator(tid('adjustment-submit')).click();
  await page.locator(tid('adjustment-done')).waitFor({ timeout: WAIT });
  const told = await stack.fake.waitForSent((s) => s.chatId === dana.id && s.text.includes('e2e uniform missing'), WAIT, 'the penalty notice');
  expect(told.text).toContain('1,250.50 KZT');
  await page.locator(`${tid('adjustment-row')}[data-kind="penalty"][data-member-id="${danaId}"]`).waitFor({ timeout: WAIT });
  const stored = (await stack.appPool.query("SELECT amount::int AS amount, issued_by FROM adjustments WHERE reason = 'e2e uniform missing'")).rows;
  expect(stored).toEqual([{ amount: 1250_50, issued_by: `panel:${boss.id}` }]);
  await shot(page, 'adjustments');

  // Audit log: rows link to the workflow in the Temporal UI.
  await navigate(page, 'nav-audit', '/audit');
  await page.locator(tid('audit-row')).first().waitFor();
  const workflowLink = page.locator(tid('audit-workflow-link')).first();
  await workflowLink.waitFor();
  const href = (await workflowLink.getAttribute('href'))!;
  expect(href).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:8233/namespaces/${String(stack.env.TEMPORAL_NAMESPACE)}/workflows/.+`));
  await shot(page, 'audit');

  // The platform pages.
  const operator = await signedIn('super', '/platform/companies');
  await navigate(operator, 'nav-admins', '/platform/admins');
  await operator.locator(`${tid('super-admin-row')}[data-telegram-user-id="${SUPER_ADMIN.id}"]`).waitFor();
  await shot(operator, 'platform-admins');
  await navigate(operator, 'nav-sessions', '/platform/sessions');
  await operator.locator(`${tid('session-row')}[data-telegram-user-id="${boss.id}"]`).first().waitFor();
  await shot(operator, 'platform-sessions');
  await navigate(operator, 'nav-platform-audit', '/platform/audit');
  await operator.locator(tid('platform-audit-row')).first().waitFor();
  expect(await operator.locator('body').innerText()).toContain('Browser Works');
  await shot(operator, 'platform-audit');

  // The sign-in page of a browser that is not signed in.
  const stranger = await pages.open();
  pages.allow(stranger, /status of 401 .*\/api\/session\)$/);
  await stranger.goto(`${api.baseUrl}/sign-in`);
  await stranger.locator(tid('sign-in-howto')).waitFor();
  expect(await stranger.locator(tid('sign-in-howto')).innerText()).toContain('/panel');
  await shot(stranger, 'sign-in');
});

test('When the bot has been out of the group since before the shift, then Today says attendance is paused for the whole of it', async () => {
  // Arrange: an admin removed the bot two days ago (Telegram's date for it) and has not added it back.
  stack.fake.removeBot(group, boss, { date: Math.floor(Date.now() / 1000) - 2 * 86_400 });
  await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('I was removed from'), WAIT, 'the note to the remover');
  try {
    // Act
    const page = await signedIn('admin');

    // Assert: the whole shift was paused ("…–…", beside the suspension an earlier test made); it
    // says so in both languages.
    const banner = page.locator(tid('today-paused'));
    await banner.waitFor({ timeout: WAIT });
    const text = await banner.innerText();
    expect(text).toMatch(/Attendance was paused during this shift \(…–…[,)]/);
    expect(text).toContain('本班次期间考勤曾暂停（…–…');
    await shot(page, 'today-paused');
  } finally {
    stack.fake.addBot(group, boss);
  }
  await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('I am back'), WAIT, 'the return');
});
