import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.ts';
import type { BotContext } from './context.ts';

/** Telegram's updates are a few kilobytes; nothing it sends comes near this. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Telegram waits for the answer; after this it is given (200) while the handling goes on. */
const ANSWER_WITHIN_MS = 10_000;

/**
 * POST <webhook path>: the secret checked (401), the body read up to WEBHOOK_BODY_LIMIT and refused while it
 * is read beyond that (413), anything but a JSON object with an update id refused with 400 and a log line, the
 * update handled. A handling that fails is answered 200 all the same: the failure is the bot's, and Telegram
 * retrying a 5xx would only bring the same update again for hours.
 */
export function webhookHandler(bot: Bot<BotContext>, secret: string, logger: Logger) {
  const expected = Buffer.from(secret);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return answer(res, 401, 'secret token mismatch');
    const body = await readLimited(req);
    if (body === 'too large') {
      logger.warn({ limit: WEBHOOK_BODY_LIMIT, contentLength: req.headers['content-length'] }, 'webhook: body too large, refused');
      return answer(res, 413, 'body too large', true);
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      logger.warn({ bytes: body.length }, 'webhook: body is not JSON, refused');
      return answer(res, 400, 'body is not JSON');
    }
    if (!isUpdate(update)) {
      logger.warn({ body: body.toString('utf8').slice(0, 200) }, 'webhook: body is not a Telegram update, refused');
      return answer(res, 400, 'not an update');
    }
    const handling = bot.handleUpdate(update).catch((error: unknown) =>
      logger.error({ updateId: update.update_id, err: error instanceof Error ? error.message : String(error) }, 'webhook: update not handled'),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([handling, new Promise((resolve) => (timer = setTimeout(resolve, ANSWER_WITHIN_MS)))]);
    clearTimeout(timer);
    answer(res, 200, '');
  };
}

function isUpdate(value: unknown): value is Update {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const id = (value as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

/** The body, or 'too large' as soon as it is known to be (declared or read): the rest is never read. */
function readLimited(req: IncomingMessage): Promise<Buffer | 'too large'> {
  if (Number(req.headers['content-length'] ?? 0) > WEBHOOK_BODY_LIMIT) return Promise.resolve('too large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > WEBHOOK_BODY_LIMIT) {
        req.off('data', onData);
        req.pause();
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** A short answer; `close` ends the connection, so a body still coming is not read. */
function answer(res: ServerResponse, status: number, text: string, close = false): void {
  res.writeHead(status, { 'content-type': 'text/plain', ...(close ? { connection: 'close' } : {}) });
  res.end(text, () => {
    if (close) res.socket?.destroy();
  });
}
