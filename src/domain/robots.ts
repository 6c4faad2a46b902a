/**
 * The group robots of WeCom (企业微信), DingTalk (钉钉) and Feishu (飞书) that the bot also posts to: their
 * kinds, who owns one, and the shape of each kind's webhook address. What the platforms accept and how they are
 * called is in src/delivery/robots/, how a message looks on each in src/render/channels/.
 */

export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

/**
 * The webhook's path and query per kind (any host, so a proxy or a test server works):
 * WeCom `…/cgi-bin/webhook/send?key=KEY`, DingTalk `…/robot/send?access_token=TOKEN`, Feishu
 * `…/open-apis/bot/v2/hook/ID` (the platforms' robot guides, see src/delivery/robots/platforms.ts).
 */
export function robotUrlProblem(kind: RobotKind, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  const token = (name: string) => parsed.searchParams.get(name) ?? '';
  switch (kind) {
    case 'wecom':
      if (!parsed.pathname.endsWith('/cgi-bin/webhook/send')) return 'a WeCom robot’s URL ends in /cgi-bin/webhook/send?key=…';
      if (!/^[A-Za-z0-9-]{8,}$/.test(token('key'))) return 'a WeCom robot’s URL carries its key: ?key=…';
      return null;
    case 'dingtalk':
      if (!parsed.pathname.endsWith('/robot/send')) return 'a DingTalk robot’s URL ends in /robot/send?access_token=…';
      if (!/^[A-Za-z0-9]{8,}$/.test(token('access_token'))) return 'a DingTalk robot’s URL carries its token: ?access_token=…';
      if (parsed.searchParams.has('sign') || parsed.searchParams.has('timestamp')) return 'the URL must not carry timestamp or sign: the bot signs each request itself';
      return null;
    case 'feishu':
      if (!/\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9-]{8,}$/.test(parsed.pathname)) return 'a Feishu robot’s URL ends in /open-apis/bot/v2/hook/<id>';
      return null;
  }
}

/** The webhook without what makes it usable (key, token, hook id): how a robot is named in lists and logs. */
export function robotUrlLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const secret = parsed.searchParams.get('key') ?? parsed.searchParams.get('access_token') ?? parsed.pathname.split('/').pop() ?? '';
    return `${parsed.host}…${secret.slice(-4)}`;
  } catch {
    return '…';
  }
}

/** Names of the environment variables that may hold a robot's signing secret. */
export const ROBOT_SECRET_NAME = /^[A-Z][A-Z0-9_]*_SECRET$/;

/** A mainland mobile number, as the platforms @ people by it. */
export const MOBILE = /^1\d{10}$/;
