/** Reads a request's parameters from its query string and its JSON, urlencoded or multipart body. */
import type http from 'node:http';
import { TelegramError, badRequest } from './errors.ts';
import { parseHeaderParams, parseMultipart } from './multipart.ts';
import type { Params, UploadedFile } from './types.ts';

const MAX_BODY_BYTES = 60 * 1024 * 1024;

/** Fields that Telegram parses as integers; form/query values for them are coerced. */
const INT_FIELDS = new Set([
  'chat_id', 'from_chat_id', 'message_id', 'reply_to_message_id', 'message_thread_id', 'user_id',
  'offset', 'limit', 'timeout', 'cache_time', 'max_connections', 'until_date', 'duration', 'width', 'height',
]);
/** Fields that are free text; never coerced. */
const TEXT_FIELDS = new Set(['text', 'caption', 'data', 'callback_data', 'description', 'title', 'query', 'url', 'secret_token']);

/** Coerce a string value coming from query/urlencoded/multipart the way Telegram would read it. */
function coerceFormValue(key: string, value: string): unknown {
  if (TEXT_FIELDS.has(key)) return value;
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  const t = value.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TelegramError(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

export async function parseParams(
  req: http.IncomingMessage,
  url: URL,
): Promise<{ params: Params; files?: UploadedFile[] }> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = coerceFormValue(k, v);
  if (req.method === 'GET' || req.method === 'HEAD') return { params };
  const body = await readBody(req);
  if (body.length === 0) return { params };
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (ct.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('JSON object expected');
    Object.assign(params, parsed);
    return { params };
  }
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = coerceFormValue(k, v);
    return { params };
  }
  if (ct.startsWith('multipart/form-data')) {
    const boundary = parseHeaderParams(req.headers['content-type'] ?? '').boundary;
    if (!boundary) throw badRequest('multipart boundary missing');
    const files: UploadedFile[] = [];
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename !== undefined) {
        const f: UploadedFile = { field: part.name, filename: part.filename, bytes: Buffer.from(part.data) };
        if (part.contentType !== undefined) f.contentType = part.contentType;
        files.push(f);
      } else {
        params[part.name] = coerceFormValue(part.name, part.data.toString('utf8'));
      }
    }
    // link attach://<field> references (top level and nested, e.g. InputMedia) back to their parameter
    for (const f of files) {
      for (const [k, v] of Object.entries(params)) {
        if (v === `attach://${f.field}` || (typeof v === 'object' && v !== null && JSON.stringify(v).includes(`"attach://${f.field}"`))) {
          f.param = k;
          break;
        }
      }
      if (f.param === undefined && !(f.field in params)) f.param = f.field; // direct upload, e.g. curl -F document=@x
    }
    return files.length > 0 ? { params, files } : { params };
  }
  // unknown content type: ignore body (Telegram would too)
  return { params };
}
