import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface HttpOptions {
  host: string;
  port: number;
  /** Whether the database answers; /healthz says 503 when it does not. */
  healthy: () => Promise<boolean>;
  webhook?: { path: string; handle: RequestHandler };
}

/** GET /healthz always; POST <webhook path> when the bot runs on a webhook. */
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
  if (options.webhook && req.method === 'POST' && path === options.webhook.path) {
    // grammY answers 401 itself when X-Telegram-Bot-Api-Secret-Token is missing or wrong.
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
