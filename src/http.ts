import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What /readyz reports: each dependency, and whether the bot has finished starting. */
export interface Readiness {
  started: boolean;
  database: boolean;
  botApi: boolean;
}

interface HttpOptions {
  host: string;
  port: number;
  /** Whether the database answers; /healthz says 503 when it does not. */
  healthy: () => Promise<boolean>;
  /** /readyz: 200 only when the bot has started and the database and the Bot API both answer. */
  ready: () => Promise<Readiness>;
  metrics: { text(): Promise<string>; contentType: string };
  webhook?: { path: string; handle: RequestHandler };
  /** A chart kept for the robots that take images by URL only (DingTalk, Feishu): the PNG under its token. */
  robotImage?: (token: string) => Promise<Buffer | null>;
}

/** GET /healthz, /readyz and /metrics always; POST <webhook path> when the bot runs on a webhook. */
export async function startHttpServer(options: HttpOptions): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void route(options, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function route(options: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/healthz') {
    const database = await options.healthy().catch(() => false);
    res.writeHead(database ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: database, database: database ? 'up' : 'down' }));
    return;
  }
  if (req.method === 'GET' && path === '/readyz') {
    const readiness = await options.ready().catch((): Readiness => ({ started: false, database: false, botApi: false }));
    const ok = readiness.started && readiness.database && readiness.botApi;
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok, ...readiness }));
    return;
  }
  if (req.method === 'GET' && path === '/metrics') {
    const text = await options.metrics.text();
    res.writeHead(200, { 'content-type': options.metrics.contentType });
    res.end(text);
    return;
  }
  const image = /^\/robot-images\/([A-Za-z0-9_-]{43})\.png$/.exec(path);
  if (image && options.robotImage && req.method === 'GET') {
    const png = await options.robotImage(image[1]!);
    res.writeHead(png ? 200 : 404, png ? { 'content-type': 'image/png', 'cache-control': 'public, max-age=604800, immutable' } : { 'content-type': 'text/plain' });
    res.end(png ?? 'not found');
    return;
  }
  if (options.webhook && req.method === 'POST' && path === options.webhook.path) {
    // The handler checks X-Telegram-Bot-Api-Secret-Token (401) and the body (413, 400) itself.
    await options.webhook.handle(req, res);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
