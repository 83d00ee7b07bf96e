// The fake Bot API must answer grammY the way Telegram does, or the other tests prove little.
import { Api, GrammyError, InputFile } from 'grammy';
import { FakeTelegram } from '../support/fake-telegram/server';

const TOKEN = '42:FAKE-token-for-the-fake-api-test';
let fake: FakeTelegram;
let api: Api;

beforeAll(async () => {
  fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  api = new Api(TOKEN, { apiRoot: fake.apiRoot });
});
afterAll(async () => {
  await fake.stop();
});

test('getMe answers with the bot user; a wrong token gets 401 Unauthorized', async () => {
  expect(await api.getMe()).toMatchObject({ is_bot: true, username: 'attendance_test_bot' });
  const stranger = new Api('42:WRONG-token-xxxxxxxxxxxxxxxx', { apiRoot: fake.apiRoot });
  await expect(stranger.getMe()).rejects.toMatchObject({ error_code: 401, description: 'Unauthorized' });
});

test('getUpdates long-polls until a user writes, and confirmed updates are not delivered again', async () => {
  let answered = false;
  const polling = api.getUpdates({ offset: 0, timeout: 10 }).finally(() => (answered = true));
  await new Promise((r) => setTimeout(r, 200));
  expect(answered).toBe(false); // still waiting: nothing has been written yet
  fake.userSends({ id: 11, first_name: 'Ann' }, '/start');
  const [update] = await polling;
  expect(update?.message?.text).toBe('/start');
  expect(update?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
  expect(await api.getUpdates({ offset: update!.update_id + 1, timeout: 0 })).toEqual([]);
});

test('sendMessage and editMessageText are recorded; an edit that changes nothing is refused like Telegram does', async () => {
  const sent = await api.sendMessage(11, 'hello', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
  await api.editMessageText(11, sent.message_id, 'hello again');
  const err = await api.editMessageText(11, sent.message_id, 'hello again').catch((e) => e);
  expect(err).toBeInstanceOf(GrammyError);
  expect(err.description).toMatch(/message is not modified/);
  expect(fake.sentTo(11).at(-1)).toMatchObject({ text: 'hello', edits: [{ text: 'hello again', replyMarkup: null }] });
});

test('sendDocument arrives as multipart with the file bytes', async () => {
  const bytes = Buffer.from('PK\u0003\u0004 pretend workbook');
  await api.sendDocument(11, new InputFile(bytes, 'report.xlsx'), { caption: '报表 · Report' });
  const record = fake.sentTo(11).at(-1)!;
  expect(record.method).toBe('sendDocument');
  expect(record.text).toBe('报表 · Report');
  expect(record.document?.fileName).toBe('report.xlsx');
  expect(record.document?.bytes.equals(bytes)).toBe(true);
});

test('Injected 429 and 403 answers carry Telegram\'s error bodies', async () => {
  fake.failNext({ method: 'sendMessage', chatId: 12, errorCode: 429, retryAfter: 7, times: 1 });
  const limited = await api.sendMessage(12, 'x').catch((e) => e);
  expect(limited).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
  fake.blockedChats.add(13);
  const blocked = await api.sendMessage(13, 'x').catch((e) => e);
  expect(blocked).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  expect(await api.sendMessage(12, 'now it works')).toMatchObject({ text: 'now it works' });
});

test('getChatMember, answerCallbackQuery and setMyCommands behave like the real API', async () => {
  fake.setChatMember(-100500, { id: 11, first_name: 'Ann' }, 'administrator');
  expect(await api.getChatMember(-100500, 11)).toMatchObject({ status: 'administrator' });
  expect(await api.getChatMember(-100500, 99)).toMatchObject({ status: 'left' });
  await api.answerCallbackQuery('cb-1', { text: 'ok' });
  expect(fake.callbackAnswers.at(-1)).toMatchObject({ callbackQueryId: 'cb-1', text: 'ok', showAlert: false });
  await api.setMyCommands([{ command: 'start', description: '开始 · Start' }]);
  expect(fake.commands.at(-1)).toEqual([{ command: 'start', description: '开始 · Start' }]);
  await expect(api.sendMessage(11, '')).rejects.toMatchObject({ error_code: 400 });
});

test('Over the control API a user presses a button under a message the bot sent, and reads how the bot answered that press', async () => {
  const sent = await api.sendMessage(12, 'pick', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'pick:a' }]] } });
  const control = (path: string, body?: Record<string, string>) =>
    fetch(`${fake.apiRoot}/control/${path}`, body ? { method: 'POST', body: new URLSearchParams(body) } : {}).then((r) => r.json() as Promise<{ ok: boolean; result: unknown }>);
  const pressed = await control('press', { user_id: '12', message_id: String(sent.message_id), data: 'pick:a' });
  const id = (pressed.result as { callback_query_id: string }).callback_query_id;
  const [update] = await api.getUpdates({ offset: -1, timeout: 0 });
  expect(update?.callback_query).toMatchObject({ id, data: 'pick:a' });

  await api.answerCallbackQuery(id, { text: '已选 · Picked', show_alert: true });
  await api.answerCallbackQuery('someone-else', { text: 'other' });
  expect((await control(`answers?callback_query_id=${id}`)).result).toEqual([expect.objectContaining({ callbackQueryId: id, text: '已选 · Picked', showAlert: true })]);
  expect(await control('press', { user_id: '12', message_id: '999999', data: 'pick:a' })).toMatchObject({ ok: false });
});

test('With the bot-wide limit on, sends to different chats beyond it within one second get 429 with retry_after, and are accepted again a second later', async () => {
  // Arrange
  fake.limitBot({ messages: 3, windowMs: 1000 });
  const refusedBefore = fake.floodRefusals;
  try {
    // Act: four private chats at once.
    const answers = await Promise.all([601, 602, 603, 604].map((chat) => api.sendMessage(chat, 'rush').then(() => 'sent', (e: GrammyError) => e)));

    // Assert
    expect(answers.filter((a) => a === 'sent')).toHaveLength(3);
    const refused = answers.find((a) => a !== 'sent') as GrammyError;
    expect(refused.error_code).toBe(429);
    expect(refused.parameters.retry_after).toBe(1);
    expect(fake.floodRefusals).toBe(refusedBefore + 1);
    await new Promise((r) => setTimeout(r, 1050));
    await expect(api.sendMessage(604, 'rush again')).resolves.toMatchObject({ chat: { id: 604 } });
  } finally {
    fake.limitBot(null);
  }
});
