// A company admin's inbox on the web panel: the link from the bot's /panel, the pending requests,
// deciding one (the employee is told in Telegram), and another company's requests out of reach.
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';
import { Browser, startApi, type ApiHarness } from './api-harness';

let stack: Stack;
let api: ApiHarness;
let tenantId: number;
let otherTenantId: number;
const group: FakeChat = { id: -1005570101, type: 'supergroup', title: 'Inbox Co' };
const otherGroup: FakeChat = { id: -1005570202, type: 'supergroup', title: 'Other Co' };
const boss: FakeUser = { id: 5701, first_name: 'Boss' };
const aida: FakeUser = { id: 5703, first_name: 'Aida' };
const otherBoss: FakeUser = { id: 5704, first_name: 'Other' };

const advanceStatus = async (id: number) => (await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [id])).rows[0].status;

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot'] });
  ({ tenantId } = await stack.company(group, { creator: boss, members: [aida] }));
  ({ tenantId: otherTenantId } = await stack.company(otherGroup, { creator: otherBoss }));
  await stack.setRules(tenantId, { advances: { monthlyLimit: 50_000_00, expiryHours: 72 } });
  await stack.openBotAndJoin(aida, group);
  await stack.say(boss, '/start');
  api = await startApi(stack);
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

/** The admin sends /panel in the group; resolves with the link the bot sent them privately. */
async function panelLinkFromBot(admin: FakeUser, chat: FakeChat): Promise<string> {
  const before = stack.fake.sentTo(admin.id).length;
  const sent = stack.fake.userSends(admin, '/panel', chat);
  const answer = await stack.fake.waitForSent((s) => s.chatId === chat.id && s.replyTo === sent.message_id, 20_000, 'the answer to /panel');
  expect(answer.text).toContain('sent to you privately');
  const privately = (await stack.fake.waitForCount(admin.id, before + 1, 20_000))[before]!;
  expect(privately.text).not.toEqual(answer.text);
  return privately.text.match(/https?:\/\/\S+/)![0].replace('http://127.0.0.1:8080', api.baseUrl);
}

test('When a member sends /panel in the group, then they are told it is for admins and get no link', async () => {
  const sent = stack.fake.userSends(aida, '/panel', group);
  const answer = await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id, 20_000, 'the answer to /panel');
  expect(answer.text).toContain('Only an admin');
  expect((await stack.appPool.query('SELECT count(*)::int AS n FROM panel_sign_in_tokens WHERE telegram_user_id = $1', [aida.id])).rows[0].n).toBe(0);
});

test('When an employee asks for an advance in Telegram, then the admin sees it on the panel and approves it there, and the employee is told', async () => {
  // Arrange: the request made through the bot, the admin signed in with the link from /panel.
  expect((await stack.say(aida, '/advance 20000 rent')).text).toContain('went to the admins');
  await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('Advance request'), 20_000, "the admin's copy");
  const browser = new Browser(api.baseUrl);
  expect((await browser.open(await panelLinkFromBot(boss, group))).status).toBe(303);
  await browser.session();

  // Act 1: the inbox.
  const inbox = await browser.get('/api/requests');

  // Assert 1
  expect(inbox.status).toBe(200);
  const { requests } = (await inbox.json()) as { requests: Array<{ kind: string; id: number; memberName: string; details: unknown; reason: string }> };
  expect(requests).toEqual([expect.objectContaining({ kind: 'advance', reason: 'rent', details: { amount: 20_000_00, currency: 'KZT' } })]);
  const advanceId = requests[0]!.id;

  // Act 2: approve (the first try forgets the CSRF header), then the same decision retried.
  expect((await browser.post(`/api/requests/advance/${advanceId}/decision`, { approve: true, requestId: 'panel-req-0001' }, { csrf: false })).status).toBe(403);
  expect(await advanceStatus(advanceId)).toBe('pending');
  const decided = await browser.post(`/api/requests/advance/${advanceId}/decision`, { approve: true, requestId: 'panel-req-0001' });
  const retried = await browser.post(`/api/requests/advance/${advanceId}/decision`, { approve: true, requestId: 'panel-req-0001' });
  const another = await browser.post(`/api/requests/advance/${advanceId}/decision`, { approve: false, requestId: 'panel-req-0002' });

  // Assert 2
  expect(decided.status).toBe(200);
  expect(await decided.json()).toMatchObject({ status: 'approved', decidedBy: `telegram:${boss.id}` });
  expect(retried.status).toBe(200);
  expect(another.status).toBe(409);
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('was approved'), 20_000, 'the approval');
  expect(await advanceStatus(advanceId)).toBe('approved');
  expect(stack.fake.sentTo(aida.id).filter((s) => s.text.includes('was approved'))).toHaveLength(1);
  expect((await (await browser.get('/api/requests')).json()) as unknown).toEqual({ requests: [] });
});

test("When an admin of another company decides this company's request, then it is not found and nothing changes", async () => {
  // Arrange: a pending request here, an admin of the other company signed in.
  await stack.say(aida, '/advance 1000 groceries');
  await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('groceries'), 20_000, "the admin's copy");
  const advanceId = (await stack.appPool.query("SELECT id FROM advances WHERE reason = 'groceries'")).rows[0].id as number;
  const intruder = new Browser(api.baseUrl);
  await intruder.open(await api.link({ telegramUserId: otherBoss.id, tenantId: otherTenantId, role: 'admin' }));
  await intruder.session();

  // Act
  const res = await intruder.post(`/api/requests/advance/${advanceId}/decision`, { approve: true, requestId: 'intruder-0001' });
  const list = await intruder.get('/api/requests');

  // Assert
  expect(res.status).toBe(404);
  expect(await list.json()).toEqual({ requests: [] });
  expect(await advanceStatus(advanceId)).toBe('pending');
});

test('When the decision is malformed, then the answer names the field and nothing changes', async () => {
  const browser = new Browser(api.baseUrl);
  await browser.open(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
  await browser.session();
  const res = await browser.post('/api/requests/advance/1/decision', { approve: 'yes', requestId: 'panel-req-0003' });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ error: 'invalid-input', field: 'approve', problem: { code: 'wrong-type', expected: 'yes-no' } });
  const kind = await browser.post('/api/requests/bonus/1/decision', { approve: true, requestId: 'panel-req-0004' });
  expect(await kind.json()).toMatchObject({ error: 'invalid-input', field: 'kind', problem: { code: 'one-of', options: ['advance', 'leave', 'correction'] } });
  const id = await browser.post('/api/requests/advance/1/decision', { approve: true, requestId: 'short' });
  expect(await id.json()).toMatchObject({ error: 'invalid-input', field: 'requestId', problem: { code: 'format', format: 'request-id' } });
});

test('When an admin of exactly one company sends /panel privately, then the link comes privately and signs them in to that company', async () => {
  const answer = await stack.say(boss, '/panel');
  const link = answer.text.match(/https?:\/\/\S+/)?.[0];
  expect(link).toBeDefined();
  const browser = new Browser(api.baseUrl);
  expect((await browser.open(link!.replace('http://127.0.0.1:8080', api.baseUrl))).status).toBe(303);
  expect(await browser.session()).toMatchObject({ role: 'admin', tenantId, company: { name: 'Inbox Co' } });
});

test('When an admin who never opened the bot sends /panel in the group, then the group is told to open the bot first', async () => {
  stack.fake.blockedChats.add(otherBoss.id);
  try {
    const sent = stack.fake.userSends(otherBoss, '/panel', otherGroup);
    const answer = await stack.fake.waitForSent((s) => s.chatId === otherGroup.id && s.replyTo === sent.message_id, 20_000, 'the answer to /panel');
    expect(answer.text).toContain('open a private chat with the bot');
    expect(answer.text).not.toMatch(/https?:\/\//);
  } finally {
    stack.fake.blockedChats.delete(otherBoss.id);
  }
});
