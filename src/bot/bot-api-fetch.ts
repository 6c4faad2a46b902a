// The bot's Bot API calls go over undici's request() instead of node-fetch 2, which grammY uses on Node.js by
// default: node-fetch builds a WHATWG Request, Headers and body wrapper for every call, which on a busy bot was a
// third of the process's CPU per update (bench/throughput.ts). grammY takes a fetch of our own (client.fetch) and
// uses only its answer's json().
import type { Readable } from 'node:stream';
import type { ApiClientOptions } from 'grammy';
import { request } from 'undici';

/** What grammY's client passes to fetch: a JSON body, or a multipart stream for a file upload. */
interface BotApiRequest {
  method: string;
  headers: Record<string, string>;
  body: string | Readable;
  signal?: AbortSignal;
}

async function botApiFetch(url: string, init: BotApiRequest): Promise<{ json(): Promise<unknown> }> {
  // No timeouts of undici's own: grammY times each call out itself, and undici's timers tick twice a second for
  // as long as a call is open, which a long poll always is.
  const { body } = await request(url, { method: 'POST', headers: init.headers, body: init.body, signal: init.signal, headersTimeout: 0, bodyTimeout: 0 });
  return { json: () => body.json() };
}

/** The client options of every grammY Bot and Api the app makes: its fetch, and the API root when one is set. */
export const botApiClient = (apiRoot: string | undefined): ApiClientOptions => ({
  fetch: botApiFetch as unknown as NonNullable<ApiClientOptions['fetch']>,
  ...(apiRoot ? { apiRoot } : {}),
});
