/**
 * Fake WeCom, DingTalk and Feishu robot webhooks on 127.0.0.1, one server per platform, each checking what the
 * platform checks and answering with its error codes (see src/delivery/robots/platforms.ts for the sources):
 * - WeCom `/cgi-bin/webhook/send?key=`: unknown key 93000; text ≤ 2,048 bytes, markdown ≤ 4,096 bytes, image
 *   base64 with a matching md5 ≤ 2 MB, else 40008/40058; more than 20 a minute per robot 45009.
 * - DingTalk `/robot/send?access_token=`: unknown token 300001; with a secret, `timestamp` in ms on the URL within
 *   an hour and `sign` = base64(HmacSHA256) url-encoded, else 310000; more than 20 a minute: 410100, and the robot
 *   stays throttled for 10 minutes.
 * - Feishu `/open-apis/bot/v2/hook/<id>`: unknown hook 19001; body ≤ 20 KB else 9499; with a secret, `timestamp`
 *   in seconds and `sign` in the body, else 19021; more than 5 a second or 100 a minute 11232.
 * Every request is recorded, accepted or not.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RobotKind } from '../../../src/domain/robots.ts';

interface FakeRobotRequest {
  robot: string;
  at: number;
  body: Record<string, unknown>;
  /** the platform's code in the answer (0: accepted) */
  code: number;
}

export interface FakeRobots {
  kind: RobotKind;
  /** The webhook URL for a robot id (registered on first use), as it goes in the org file. */
  url(robot: string): string;
  /** Expect signing for this robot with this secret. */
  sign(robot: string, secret: string): void;
  requests: FakeRobotRequest[];
  accepted(robot?: string): FakeRobotRequest[];
  refused(robot?: string): FakeRobotRequest[];
  close(): Promise<void>;
}

const MINUTE = 60_000;

export async function startFakeRobots(kind: RobotKind, options: { delayMs?: number } = {}): Promise<FakeRobots> {
  const secrets = new Map<string, string>();
  const known = new Set<string>();
  const times = new Map<string, number[]>();
  const penaltyUntil = new Map<string, number>();
  const requests: FakeRobotRequest[] = [];
  let port = 0;

  const overLimit = (robot: string, now: number): boolean => {
    const list = (times.get(robot) ?? []).filter((t) => t > now - MINUTE);
    times.set(robot, list);
    if (kind === 'feishu') return list.length >= 100 || list.filter((t) => t > now - 1000).length >= 5;
    return list.length >= 20;
  };

  const answer = (robot: string, body: Record<string, unknown>, url: URL, rawLength: number): number => {
    const now = Date.now();
    if (kind === 'wecom') {
      if (!known.has(robot)) return 93000;
      const type = body.msgtype;
      if (type === 'text') {
        const text = body.text as { content?: string } | undefined;
        if (typeof text?.content !== 'string' || Buffer.byteLength(text.content) > 2048) return 40058;
      } else if (type === 'markdown') {
        const md = body.markdown as { content?: string } | undefined;
        if (typeof md?.content !== 'string' || Buffer.byteLength(md.content) > 4096) return 40058;
      } else if (type === 'image') {
        const image = body.image as { base64?: string; md5?: string } | undefined;
        const png = Buffer.from(image?.base64 ?? '', 'base64');
        if (png.length === 0 || png.length > 2 * 1024 * 1024 || createHash('md5').update(png).digest('hex') !== image?.md5) return 40009;
      } else return 40008;
      if (overLimit(robot, now)) return 45009;
    } else if (kind === 'dingtalk') {
      if (!known.has(robot)) return 300001;
      if ((penaltyUntil.get(robot) ?? 0) > now) return 410100;
      const secret = secrets.get(robot);
      if (secret) {
        const timestamp = Number(url.searchParams.get('timestamp'));
        const sign = url.searchParams.get('sign');
        const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
        if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > 3600_000 || sign !== expected) return 310000;
        // The sign must have been url-encoded: a raw "+" would have arrived as a space.
        if (/[+/=]/.test(expected) && !/%2B|%2F|%3D/i.test(url.search)) return 310000;
      }
      if (body.msgtype !== 'markdown' && body.msgtype !== 'text') return 40035;
      if (overLimit(robot, now)) {
        penaltyUntil.set(robot, now + 10 * MINUTE);
        return 410100;
      }
    } else {
      if (!known.has(robot)) return 19001;
      if (rawLength > 20 * 1024) return 9499;
      const secret = secrets.get(robot);
      if (secret) {
        const timestamp = Number(body.timestamp);
        const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
        if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > 3600 || body.sign !== expected) return 19021;
      }
      if (!['text', 'post', 'interactive', 'image'].includes(String(body.msg_type))) return 9499;
      if (overLimit(robot, now)) return 11232;
    }
    times.get(robot)?.push(now) ?? times.set(robot, [now]);
    return 0;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const robot =
        kind === 'wecom' && url.pathname === '/cgi-bin/webhook/send'
          ? (url.searchParams.get('key') ?? '')
          : kind === 'dingtalk' && url.pathname === '/robot/send'
            ? (url.searchParams.get('access_token') ?? '')
            : kind === 'feishu' && url.pathname.startsWith('/open-apis/bot/v2/hook/')
              ? url.pathname.slice('/open-apis/bot/v2/hook/'.length)
              : null;
      if (req.method !== 'POST' || robot === null) {
        res.writeHead(404).end('not found');
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end('bad json');
        return;
      }
      const code = answer(robot, body, url, raw.length);
      requests.push({ robot, at: Date.now(), body, code });
      const reply = kind === 'feishu' ? { code, msg: code === 0 ? 'success' : 'error', data: {} } : { errcode: code, errmsg: code === 0 ? 'ok' : 'error' };
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply)), options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const root = `http://127.0.0.1:${port}`;
  return {
    kind,
    url(robot) {
      known.add(robot);
      if (kind === 'wecom') return `${root}/cgi-bin/webhook/send?key=${robot}`;
      if (kind === 'dingtalk') return `${root}/robot/send?access_token=${robot}`;
      return `${root}/open-apis/bot/v2/hook/${robot}`;
    },
    sign(robot, secret) {
      secrets.set(robot, secret);
    },
    requests,
    accepted: (robot) => requests.filter((r) => r.code === 0 && (robot === undefined || r.robot === robot)),
    refused: (robot) => requests.filter((r) => r.code !== 0 && (robot === undefined || r.robot === robot)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
