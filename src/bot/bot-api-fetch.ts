// The bot's Bot API calls go over Node's own http client, not node-fetch 2, which grammY uses on Node.js by
// default: node-fetch builds a WHATWG Request, Headers and body wrapper for every call, which on a busy bot was a
// third of the process's CPU per update (bench/throughput.ts). grammY takes a fetch of our own (client.fetch) and
// uses only its answer's json(). Not undici: its package loads its whole fetch, WebSocket and cache stack at start
// (70–100 ms of the start on 2 cores) for the one request per call used here, which node:http does as fast.
import http from 'node:http';
import type { Readable } from 'node:stream';
import type { ApiClientOptions } from 'grammy';

/** What grammY's client passes to fetch: a JSON body, or a multipart stream for a file upload. */
interface BotApiRequest {
  method: string;
  headers: Record<string, string>;
  body: string | Readable;
  signal?: AbortSignal;
}

interface Transport {
  request: typeof http.request;
  agent: http.Agent;
}

const transports = new Map<string, Promise<Transport>>();

/** One keep-alive agent per protocol; https (and with it tls) is loaded only for an https API root. */
function transportFor(url: string): Promise<Transport> {
  const protocol = url.startsWith('https:') ? 'https' : 'http';
  let transport = transports.get(protocol);
  if (!transport) {
    transport = (protocol === 'https' ? import('node:https') : Promise.resolve(http)).then((module) => ({
      request: module.request as typeof http.request,
      // No socket timeout: grammY times each call out itself (a long poll is open for as long as it asks).
      agent: new module.Agent({ keepAlive: true }),
    }));
    transports.set(protocol, transport);
  }
  return transport;
}

async function botApiFetch(url: string, init: BotApiRequest): Promise<{ json(): Promise<unknown> }> {
  const { request, agent } = await transportFor(url);
  const text = await new Promise<string>((resolve, reject) => {
    const call = request(url, { method: init.method, headers: init.headers, agent, signal: init.signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    call.on('error', reject);
    if (typeof init.body === 'string') call.end(init.body);
    else init.body.on('error', (error) => call.destroy(error)).pipe(call);
  });
  return { json: async () => JSON.parse(text) as unknown };
}

/** The client options of every grammY Bot and Api the app makes: its fetch, and the API root when one is set. */
export const botApiClient = (apiRoot: string | undefined): ApiClientOptions => ({
  fetch: botApiFetch as unknown as NonNullable<ApiClientOptions['fetch']>,
  ...(apiRoot ? { apiRoot } : {}),
});
