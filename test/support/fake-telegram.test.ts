import { afterEach, describe, expect, it } from 'vitest';
import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import {
  CHAT_ERRORS,
  group,
  privateChat,
  startFakeTelegram,
  user,
  type FakeTelegram,
  type FakeTelegramOptions,
} from './fake-telegram/index.ts';

const TOKEN = '123456:TEST-token_abc';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function fake(options?: FakeTelegramOptions): Promise<FakeTelegram> {
  const tg = await startFakeTelegram(options);
  cleanups.push(() => tg.close());
  return tg;
}

function newBot(tg: FakeTelegram): Bot {
  return new Bot(TOKEN, { client: { apiRoot: tg.apiRoot } });
}

/** bot.start() in the background; resolves once polling runs; stops before the fake closes. */
async function startPolling(bot: Bot): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    bot.start({ onStart: () => resolve() }).catch(reject);
  });
  cleanups.push(() => bot.stop());
}

async function api(tg: FakeTelegram, method: string, body?: unknown, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${tg.apiRoot}/bot${TOKEN}/${method}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    ...init,
  });
  return res.json();
}

const alice = user(1001, { first_name: 'Alice', username: 'alice', language_code: 'zh-hans' });
const taskForce = group(-1001234567890, '督办工作群');

describe('fake telegram with a real grammY bot', () => {
  it('delivers a pushed /start and records the reply', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    const seen: string[] = [];
    bot.command('start', async (ctx) => {
      seen.push(ctx.match);
      await ctx.reply(`你好 ${ctx.from?.first_name}`);
    });
    await startPolling(bot);

    const since = tg.mark();
    const update = tg.pushUpdate(tg.message({ from: alice, text: '/start@duban_test_bot deep' }));
    const call = await tg.waitForCall('sendMessage', { chatId: alice.id, since });

    expect(update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: '/start@duban_test_bot'.length }]);
    expect(seen).toEqual(['deep']);
    expect(call.params).toMatchObject({ chat_id: alice.id, text: '你好 Alice' });
    expect(call.token).toBe(TOKEN);
    expect(call.response).toMatchObject({
      ok: true,
      result: { message_id: 2, chat: { id: alice.id, type: 'private' }, text: '你好 Alice', from: { id: 777000111, is_bot: true } },
    });
    expect(tg.sent(alice.id)).toEqual(['你好 Alice']);
    expect(tg.calls('getMe')).toHaveLength(1);
    expect(tg.calls('deleteWebhook')).toHaveLength(1);
    expect(tg.tokens).toEqual([TOKEN]);
    expect(bot.botInfo.username).toBe('duban_test_bot');
  });

  it('pushAndWait answers with the next reply in the same chat', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.msg.text}`));
    await startPolling(bot);

    const first = await tg.pushAndWait(tg.message({ from: alice, chat: taskForce, text: 'one' }));
    const second = await tg.pushAndWait(tg.message({ from: alice, chat: taskForce, text: 'two' }));
    expect(first.params.text).toBe('echo: one');
    expect(second.params.text).toBe('echo: two');
    // message ids are per chat and shared between users and the bot
    expect(tg.getMessage(taskForce.id, 1)?.text).toBe('one');
    expect((second.response as any).result.message_id).toBe(4);
    expect(tg.sent(taskForce.id)).toEqual(['echo: one', 'echo: two']);
    expect(tg.sent(alice.id)).toEqual([]);
  });

  it('records setMyCommands per scope and language and answers getMyCommands', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }]);
    await bot.api.setMyCommands([{ command: 'start', description: '开始' }], { language_code: 'zh' });
    await bot.api.setMyCommands([{ command: 'task', description: '新建任务' }], {
      scope: { type: 'chat', chat_id: taskForce.id },
      language_code: 'zh',
    });

    expect(tg.calls('setMyCommands').map((c) => [c.params.scope, c.params.language_code])).toEqual([
      [undefined, undefined],
      [undefined, 'zh'],
      [{ type: 'chat', chat_id: taskForce.id }, 'zh'],
    ]);
    expect(tg.commands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(tg.commands(undefined, 'zh')).toEqual([{ command: 'start', description: '开始' }]);
    expect(tg.commands({ type: 'chat', chat_id: taskForce.id }, 'zh')).toEqual([{ command: 'task', description: '新建任务' }]);
    expect(await bot.api.getMyCommands({ language_code: 'zh' })).toEqual([{ command: 'start', description: '开始' }]);
    expect(await bot.api.getMyCommands({ scope: { type: 'all_group_chats' } })).toEqual([]);

    await bot.api.deleteMyCommands({ language_code: 'zh' });
    expect(tg.commands(undefined, 'zh')).toBeUndefined();
    await expect(bot.api.setMyCommands([{ command: 'NewTask', description: 'x' }])).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: BOT_COMMAND_INVALID',
    });
  });

  it('delivers a repeated update_id again (the bot must dedupe), also via @grammyjs/runner', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    bot.on('message:text', (ctx) => ctx.reply(`update ${ctx.update.update_id}: ${ctx.msg.text}`));
    await bot.init();
    const runner: RunnerHandle = run(bot);
    cleanups.push(() => (runner.isRunning() ? runner.stop() : undefined));

    const u = tg.message({ from: alice, text: 'hello' });
    const r1 = await tg.pushAndWait({ ...u, update_id: 20000 });
    const r2 = await tg.pushAndWait({ ...u, update_id: 20000 }); // same update_id, pushed again
    const r3 = await tg.pushAndWait(tg.message({ from: alice, text: 'after' }));

    expect([r1, r2, r3].map((c) => c.params.text)).toEqual(['update 20000: hello', 'update 20000: hello', 'update 20001: after']);
    // runner confirmed each batch with offset = last id + 1 and got the duplicate anyway
    expect(tg.calls('getUpdates').map((c) => c.params.offset)).toContain(20001);
    await runner.stop();
  });

  it('records an InputFile upload with its bytes and serves it back through getFile', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    const bytes = Buffer.from('任务,状态\n巡查河道,进行中\n', 'utf8');
    const msg = await bot.api.sendDocument(taskForce.id, new InputFile(bytes, '督办周报 2024.csv'), {
      caption: '<b>本周</b>督办报告',
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('确认', 'ack:1'),
    });

    const [call] = tg.calls('sendDocument');
    expect(call?.files).toHaveLength(1);
    const file = call!.files![0]!;
    expect(file.param).toBe('document');
    expect(file.filename).toBe('督办周报 2024.csv');
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(call!.params).toMatchObject({
      chat_id: taskForce.id,
      caption: '<b>本周</b>督办报告',
      reply_markup: { inline_keyboard: [[{ text: '确认', callback_data: 'ack:1' }]] },
    });
    expect(msg.caption).toBe('本周督办报告');
    expect(msg.document).toMatchObject({ file_name: '督办周报 2024.csv', mime_type: 'text/csv', file_size: bytes.length });
    expect(tg.sent(taskForce.id)).toEqual(['<b>本周</b>督办报告']);

    const f = await bot.api.getFile(msg.document!.file_id);
    const res = await fetch(`${tg.apiRoot}/file/bot${TOKEN}/${f.file_path}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    // resending by file_id works, unknown ids fail like Telegram
    await bot.api.sendDocument(taskForce.id, msg.document!.file_id);
    await expect(bot.api.sendDocument(taskForce.id, 'nope')).rejects.toMatchObject({ error_code: 400 });
    await expect(bot.api.sendPhoto(taskForce.id, new InputFile(Buffer.from([0xff, 0xd8, 0xff])))).resolves.toMatchObject({
      photo: [{ width: 90 }, { width: 1280 }],
    });
  });

  it('answers 429 with retry_after when rate limits are exceeded', async () => {
    const tg = await fake({ rateLimit: { perChatPerMinute: 2 } });
    const bot = newBot(tg);
    await bot.api.sendMessage(alice.id, 'a');
    await bot.api.sendChatAction(alice.id, 'typing'); // not counted
    await bot.api.sendMessage(alice.id, 'b');
    const err = await bot.api.sendMessage(alice.id, 'c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({ error_code: 429, parameters: { retry_after: expect.any(Number) } });
    expect((err as GrammyError).description).toMatch(/^Too Many Requests: retry after \d+$/);
    expect((err as GrammyError).parameters.retry_after).toBeGreaterThanOrEqual(59);
    await bot.api.sendMessage(taskForce.id, 'other chat is fine');
    expect(tg.tooManyRequests).toBe(1);
    expect(tg.sent()).toEqual(['a', 'b', 'other chat is fine']);

    tg.setRateLimit({ globalPerSecond: 3, retryAfter: 1 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => bot.api.sendMessage(-100 - i, `m${i}`)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
    expect(tg.calls('sendMessage').filter((c) => c.status === 429).at(-1)?.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    expect(tg.tooManyRequests).toBe(3);
  });

  it('handles callback queries: answer once, edit, "not modified"', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    bot.command('menu', (ctx) => ctx.reply('选择', { reply_markup: new InlineKeyboard().text('完成', 'done') }));
    bot.callbackQuery('done', async (ctx) => {
      await ctx.answerCallbackQuery({ text: '好' });
      await ctx.editMessageText('已完成');
    });
    await startPolling(bot);

    const menu = await tg.pushAndWait(tg.message({ from: alice, chat: taskForce, text: '/menu' }));
    const messageId = (menu.response as any).result.message_id as number;
    expect(tg.getMessage(taskForce.id, messageId)?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('完成');

    const edit = await tg.pushAndWait(tg.callbackQuery({ from: alice, chat: taskForce, messageId, data: 'done' }), 'editMessageText');
    expect(edit.response).toMatchObject({ ok: true, result: { message_id: messageId, text: '已完成' } });
    expect(tg.getMessage(taskForce.id, messageId)?.reply_markup).toBeUndefined(); // edit without markup drops it
    const [answer] = tg.calls('answerCallbackQuery');
    expect(answer?.response).toEqual({ ok: true, result: true });
    expect(tg.sent(taskForce.id)).toEqual(['选择', '已完成']);

    await expect(bot.api.answerCallbackQuery(String(answer!.params.callback_query_id))).rejects.toMatchObject({ error_code: 400 });
    await expect(bot.api.editMessageText(taskForce.id, messageId, '已完成')).rejects.toMatchObject({
      description: expect.stringContaining('message is not modified'),
    });
    await expect(bot.api.editMessageText(taskForce.id, 999, 'x')).rejects.toMatchObject({
      description: 'Bad Request: message to edit not found',
    });
  });
});

describe('validation and errors', () => {
  it('rejects oversize and malformed messages like Telegram, and records them', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    await expect(bot.api.sendMessage(alice.id, 'x'.repeat(4097))).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    await bot.api.sendMessage(alice.id, '任'.repeat(4096));
    // HTML markup does not count against the limit, entities decode to one character
    await bot.api.sendMessage(alice.id, `<b>${'&lt;'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    await expect(bot.api.sendMessage(alice.id, '任务 <<整改>> 截止', { parse_mode: 'HTML' })).rejects.toMatchObject({
      description: `Bad Request: can't parse entities: Unsupported start tag "<整改" at byte offset ${Buffer.byteLength('任务 ')}`,
    });
    await expect(bot.api.sendMessage(alice.id, '<b>x</i>', { parse_mode: 'HTML' })).rejects.toMatchObject({
      description: `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
    });
    await expect(bot.api.sendMessage(alice.id, '   ')).rejects.toMatchObject({ description: 'Bad Request: message text is empty' });
    await expect(bot.api.sendPhoto(alice.id, new InputFile(Buffer.from('x')), { caption: 'c'.repeat(1025) })).rejects.toMatchObject({
      description: 'Bad Request: message caption is too long',
    });
    expect(tg.calls('sendMessage').map((c) => c.status)).toEqual([400, 200, 200, 400, 400, 400]);
    expect(tg.sent(alice.id)).toHaveLength(2);
  });

  it('fails chats permanently with failChat', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    tg.failChat(taskForce.id, CHAT_ERRORS.kicked);
    tg.failChat(42, { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(bot.api.sendMessage(taskForce.id, 'hi')).rejects.toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was kicked from the group chat',
    });
    await expect(bot.api.sendChatAction(String(taskForce.id), 'typing')).rejects.toMatchObject({ error_code: 403 });
    await expect(bot.api.sendMessage(42, 'hi')).rejects.toMatchObject({ error_code: 400 });
    tg.unfailChat(42);
    await bot.api.sendMessage(42, 'hi');
    expect(tg.sent()).toEqual(['hi']);
  });

  it('answers unknown methods with 404 and records them; checks the token when configured', async () => {
    const tg = await fake({ token: TOKEN });
    expect(await api(tg, 'frobnicate', { a: 1 })).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    expect(tg.calls('frobnicate')[0]?.params).toEqual({ a: 1 });
    const res = await fetch(`${tg.apiRoot}/bot1:wrong/getMe`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect(tg.tokens).toEqual([TOKEN, '1:wrong']);
    // method names are case-insensitive
    expect(await api(tg, 'GETME')).toMatchObject({ ok: true, result: { id: 777000111, username: 'duban_test_bot', first_name: 'Duban' } });
    expect(tg.calls('getMe')).toHaveLength(2);
  });

  it('parses query string, urlencoded and standard multipart parameters', async () => {
    const tg = await fake();
    await fetch(`${tg.apiRoot}/bot${TOKEN}/sendMessage?chat_id=-100200&text=${encodeURIComponent('来自 query')}`);
    await fetch(`${tg.apiRoot}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '-100200', text: '123', reply_markup: '{"inline_keyboard":[]}', disable_notification: 'true' }),
    });
    const form = new FormData();
    form.set('chat_id', '-100200');
    form.set('document', new Blob([Buffer.from('abc')]), 'a.txt');
    await fetch(`${tg.apiRoot}/bot${TOKEN}/sendDocument`, { method: 'POST', body: form });

    const [q, u] = tg.calls('sendMessage');
    expect(q?.params).toEqual({ chat_id: -100200, text: '来自 query' });
    expect(u?.params).toEqual({ chat_id: -100200, text: '123', reply_markup: { inline_keyboard: [] }, disable_notification: true });
    const [d] = tg.calls('sendDocument');
    expect(d?.files?.[0]).toMatchObject({ field: 'document', param: 'document', filename: 'a.txt' });
    expect(d?.files?.[0]?.bytes.toString()).toBe('abc');
    expect(d?.response).toMatchObject({ ok: true, result: { document: { file_name: 'a.txt' } } });
  });

  it('lets an onRequest hook inject errors and dropped connections', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    let n = 0;
    tg.onRequest = ({ method }) => {
      if (method !== 'sendMessage') return undefined;
      n++;
      if (n === 1) return { reply: { ok: false, error_code: 502, description: 'Bad Gateway' } };
      if (n === 2) return { drop: true };
      if (n === 3) return { acceptThenDrop: true };
      return undefined;
    };
    await expect(bot.api.sendMessage(alice.id, '1')).rejects.toMatchObject({ error_code: 502 });
    await expect(bot.api.sendMessage(alice.id, '2')).rejects.toThrow();
    // Handled and stored, then the connection dropped: the client sees what it sees for a plain drop.
    await expect(bot.api.sendMessage(alice.id, '3')).rejects.toThrow();
    await bot.api.sendMessage(alice.id, '4');
    expect(tg.calls('sendMessage').map((c) => c.status ?? (c.dropped ? 'dropped' : '?'))).toEqual([502, 'dropped', 200, 200]);
    expect(tg.calls('sendMessage').map((c) => c.dropped === true)).toEqual([false, true, true, false]);
    expect(tg.sent()).toEqual(['3', '4']);
  });
});

describe('getUpdates semantics', () => {
  it('honours offset, limit and negative offsets', async () => {
    const tg = await fake();
    const ids = [1, 2, 3, 4, 5].map((i) => tg.pushUpdate(tg.message({ from: alice, text: `m${i}` })).update_id);
    let r = await api(tg, 'getUpdates', { limit: 2 });
    expect(r.result.map((u: any) => u.update_id)).toEqual(ids.slice(0, 2));
    r = await api(tg, 'getUpdates', { limit: 2 }); // not confirmed: same again
    expect(r.result.map((u: any) => u.update_id)).toEqual(ids.slice(0, 2));
    r = await api(tg, 'getUpdates', { offset: ids[1]! + 1, limit: 2 });
    expect(r.result.map((u: any) => u.update_id)).toEqual(ids.slice(2, 4));
    r = await api(tg, 'getUpdates', { offset: -1 });
    expect(r.result.map((u: any) => u.update_id)).toEqual([ids[4]]);
    expect(tg.pendingUpdates()).toHaveLength(1);
    expect((await api(tg, 'getWebhookInfo')).result).toMatchObject({ url: '', pending_update_count: 1 });
  });

  it('holds a long poll until an update arrives, or the timeout passes', async () => {
    const tg = await fake();
    const t0 = Date.now();
    const empty = await api(tg, 'getUpdates', { timeout: 1 });
    expect(empty).toEqual({ ok: true, result: [] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);

    const pending = api(tg, 'getUpdates', { timeout: 30 });
    await new Promise((r) => setTimeout(r, 50));
    const u1 = tg.pushUpdate(tg.message({ from: alice, text: 'a' }));
    const u2 = tg.pushUpdate(tg.message({ from: alice, text: 'b' }));
    expect((await pending).result.map((u: any) => u.update_id)).toEqual([u1.update_id, u2.update_id]);
  });

  it('terminates a concurrent poll with 409, and refuses polling while a webhook is set', async () => {
    const tg = await fake();
    const first = api(tg, 'getUpdates', { timeout: 30 });
    await new Promise((r) => setTimeout(r, 50));
    const second = api(tg, 'getUpdates', { timeout: 0 });
    expect(await first).toMatchObject({ ok: false, error_code: 409 });
    expect(await second).toEqual({ ok: true, result: [] });

    await api(tg, 'setWebhook', { url: 'https://example.com/hook' });
    expect(await api(tg, 'getUpdates')).toMatchObject({ ok: false, error_code: 409 });
    expect((await api(tg, 'getWebhookInfo')).result.url).toBe('https://example.com/hook');
  });

  it('close() answers pending long polls at once', async () => {
    const tg = await startFakeTelegram();
    const pending = api(tg, 'getUpdates', { timeout: 30 });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await tg.close();
    expect(await pending).toEqual({ ok: true, result: [] });
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(fetch(`${tg.apiRoot}/bot${TOKEN}/getMe`)).rejects.toThrow();
  });
});

describe('helpers', () => {
  it('builds realistic updates', async () => {
    const tg = await fake();
    const chat = privateChat(alice);
    expect(chat).toEqual({ id: 1001, type: 'private', first_name: 'Alice', username: 'alice' });
    const m1 = tg.message({ from: alice, text: '/开始' }).message; // non-latin: not a command for Telegram
    expect(m1.entities).toBeUndefined();
    expect(m1.date).toBe(Math.floor(Date.now() / 1000));
    const m2 = tg.message({ from: alice, text: '/task_new 巡查', replyTo: m1.message_id }).message;
    expect(m2.message_id).toBe(m1.message_id + 1);
    expect(m2.entities).toEqual([{ type: 'bot_command', offset: 0, length: 9 }]);
    const m3 = tg.message({ from: alice, chat: taskForce, photo: { bytes: Buffer.from('img') }, caption: '/report' }).message;
    expect(m3.message_id).toBe(1);
    expect(m3.caption_entities).toEqual([{ type: 'bot_command', offset: 0, length: 7 }]);
    const bot = newBot(tg);
    const file = await bot.api.getFile(m3.photo!.at(-1)!.file_id);
    const res = await fetch(`${tg.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(await res.text()).toBe('img');

    tg.addFile('my-file', Buffer.from('xyz'), 'documents/x.pdf');
    expect(await bot.api.getFile('my-file')).toMatchObject({ file_path: 'documents/x.pdf', file_size: 3 });
    await expect(bot.api.getFile('missing')).rejects.toMatchObject({ error_code: 400 });

    tg.setChatMember(taskForce.id, { user: alice, status: 'administrator' });
    expect(await bot.api.getChatMember(taskForce.id, alice.id)).toMatchObject({ status: 'administrator', user: { id: 1001 } });
    tg.pushUpdate(tg.message({ from: alice, chat: taskForce, text: 'hi' }));
    expect(await bot.api.getChat(taskForce.id)).toMatchObject({ id: taskForce.id, type: 'supergroup', title: '督办工作群' });
  });

  it('waitForCall honours since and reports what it saw on timeout', async () => {
    const tg = await fake();
    const bot = newBot(tg);
    await bot.api.sendMessage(alice.id, 'old');
    expect((await tg.waitForCall('sendMessage')).params.text).toBe('old'); // default: any retained call
    const since = tg.mark();
    const waiting = tg.waitForCall('sendMessage', { chatId: alice.id, since });
    await bot.api.sendMessage(taskForce.id, 'other chat');
    await bot.api.sendMessage(alice.id, 'new');
    expect((await waiting).params.text).toBe('new');
    await expect(tg.waitForCall('sendMessage', (c) => c.params.text === 'never', 100)).rejects.toThrow(/timed out after 100ms[\s\S]*"new"/);
    tg.clearCalls();
    expect(tg.calls()).toEqual([]);
    expect(tg.mark()).toBeGreaterThan(since);
  });
});
