// The robots' seam without a network: signatures against vectors computed independently (Python's hmac, base64
// and urllib.parse.quote_plus, the DingTalk and Feishu guides' own sample code), and every renderer within its
// platform's limit for the biggest messages the bot writes.
import { createHash } from 'node:crypto';
import type { Context } from 'grammy';
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/domain/digest.ts';
import { ALERT_TEXT_MAX } from '../../src/domain/alerts.ts';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import { robotUrlProblem } from '../../src/domain/robots.ts';
import { robotOutcome, robotRequest } from '../../src/delivery/robots/platforms.ts';
import { dingtalkSign, feishuSign } from '../../src/delivery/robots/signing.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { alertMessageText } from '../../src/render/alerts.ts';
import { DINGTALK_MARKDOWN_BYTES, renderDingtalk } from '../../src/render/channels/dingtalk.ts';
import { documentFromHtml, type MessageDocument } from '../../src/render/channels/document.ts';
import { FEISHU_BODY_BYTES, renderFeishu } from '../../src/render/channels/feishu.ts';
import { MAX_PARTS, type RobotBody } from '../../src/render/channels/pages.ts';
import { renderWecom, WECOM_IMAGE_BYTES, WECOM_MARKDOWN_BYTES } from '../../src/render/channels/wecom.ts';
import { renderDigest } from '../../src/render/digest.ts';
import { escapeHtml, escapeVars, type TranslationVars } from '../../src/render/html.ts';

const i18n = createI18n<Context>('zh-CN', () => 'zh-CN');
const t = (key: string, vars?: TranslationVars) => i18n.t('zh-CN', key, vars && escapeVars(vars));
const words = { more: (n: number) => `……还有 ${n} 项`, continued: (title: string, part: number) => `${title}（续 ${part}）` };
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('signatures', () => {
  it('DingTalk: base64(HmacSHA256(secret, ms + "\\n" + secret)), url-encoded on the URL with the ms timestamp', () => {
    expect(dingtalkSign('SECtest0123456789abcdef', 1700000000000)).toBe('/lfnxUUu80FwVTsIlv2F1cMGBb+PxEKAwYh/bsRxXcc=');
    expect(dingtalkSign('this is secret', 1577262236757)).toBe('hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=');
    const { url, body } = robotRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789', { msgtype: 'text' }, 'SECtest0123456789abcdef', 1700000000000);
    expect(url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789&timestamp=1700000000000&sign=%2FlfnxUUu80FwVTsIlv2F1cMGBb%2BPxEKAwYh%2FbsRxXcc%3D');
    expect(body).toEqual({ msgtype: 'text' });
  });

  it('Feishu: HmacSHA256 keyed with s + "\\n" + secret over an empty message, in the body with the seconds', () => {
    expect(feishuSign('demo-secret-飞书', 1700000000)).toBe('Z1hAecEULoTOvz3LOvpM+Lz7yTsjl81vpoGG/sIdNuE=');
    const hook = 'https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef';
    const { url, body } = robotRequest('feishu', hook, { msg_type: 'text' }, 'demo-secret-飞书', 1700000000999);
    expect(url).toBe(hook);
    expect(body).toEqual({ timestamp: '1700000000', sign: 'Z1hAecEULoTOvz3LOvpM+Lz7yTsjl81vpoGG/sIdNuE=', msg_type: 'text' });
  });

  it('WeCom and unsigned robots: the request as it is', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4';
    expect(robotRequest('wecom', url, { a: 1 }, undefined, 1)).toEqual({ url, body: { a: 1 } });
  });
});

describe('platform answers', () => {
  it('success, throttling (DingTalk 10 minutes), retries and permanent refusals', () => {
    expect(robotOutcome('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ kind: 'sent' });
    expect(robotOutcome('feishu', 200, '{"code":0,"msg":"success","data":{}}')).toEqual({ kind: 'sent' });
    expect(robotOutcome('dingtalk', 200, '{"errcode":410100,"errmsg":"send too fast"}')).toMatchObject({ kind: 'throttled', afterMs: 600_000 });
    expect(robotOutcome('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({ kind: 'throttled', afterMs: 60_000 });
    expect(robotOutcome('feishu', 200, '{"code":11232,"msg":"frequency limited"}')).toMatchObject({ kind: 'throttled' });
    expect(robotOutcome('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toMatchObject({ kind: 'permanent', reason: '310000: sign not match' });
    expect(robotOutcome('feishu', 200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}')).toMatchObject({ kind: 'permanent' });
    expect(robotOutcome('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toMatchObject({ kind: 'permanent' });
    expect(robotOutcome('wecom', 502, 'Bad Gateway')).toMatchObject({ kind: 'retry' });
    expect(robotOutcome('dingtalk', 200, '{"errcode":-1,"errmsg":"系统繁忙"}')).toMatchObject({ kind: 'retry' });
    expect(robotOutcome('feishu', 404, 'not found')).toMatchObject({ kind: 'permanent' });
  });

  it('the org file’s URLs: the path and the query per kind, any host', () => {
    expect(robotUrlProblem('wecom', 'http://127.0.0.1:9/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBeNull();
    expect(robotUrlProblem('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send')).toMatch(/key/);
    expect(robotUrlProblem('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc123abc123')).toBeNull();
    expect(robotUrlProblem('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc123abc123&sign=x')).toMatch(/sign/);
    expect(robotUrlProblem('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/0123-4567-89ab')).toBeNull();
    expect(robotUrlProblem('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/')).toMatch(/hook/);
    expect(robotUrlProblem('dingtalk', 'ftp://x/robot/send?access_token=abc123abc123')).toMatch(/http/);
  });
});

/** A digest of 45 units with the longest names, 14 committees and many overdue tasks with long titles. */
function bigDigest(): string {
  const long = (prefix: string, n: number) => `${prefix}${'很长的名称'.repeat(20)}`.slice(0, n);
  const units = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, name: long(`${i + 1}号单位`, 100), kind: i < 25 ? 'township' : 'department' }));
  // Three parts open past their deadlines for each unit, so that all 45 are ranked and every one is a laggard.
  const today = '2026-11-30';
  const tasks = Array.from({ length: 135 }, (_, i) => ({
    id: i + 1,
    title: long(`第${i + 1}项任务`, 200),
    committee: `第${(i % 14) + 1}专业委员会${'污染防治'.repeat(3)}`,
    status: 'open' as const,
    dueDate: i % 3 === 0 ? '2026-11-29' : '2026-11-20',
    measure: null,
    parts: [{ unitId: (i % 45) + 1, dueDate: i % 3 === 0 ? '2026-11-29' : '2026-11-20', finishedOn: null, quota: null }],
  }));
  const days = (dueDate: string) => (dueDate === '2026-11-29' ? 1 : 10);
  const outcomes = units.map((u) => {
    const own = tasks.filter((x) => x.parts[0]!.unitId === u.id);
    const overdueDays = own.reduce((n, x) => n + days(x.dueDate), 0);
    return { unitId: u.id, parts: 3, due: 3, onTime: 0, late: 0, overdue: 3, overdueDays, earnedMilli: own.reduce((n, x) => n + Math.max(0, 1000 - 100 * days(x.dueDate)), 0) };
  });
  const digest = buildDigest(
    {
      today,
      units,
      outcomes,
      overdue: outcomes.map((o) => ({ unitId: o.unitId, parts: o.overdue, days: o.overdueDays })),
      taskGroups: tasks.map((x) => ({ committee: x.committee, finished: false, openDue: x.dueDate, tasks: 1 })),
      openProblems: [],
      laggardParts: tasks.map((x) => ({ unitId: x.parts[0]!.unitId, taskId: x.id, dueDate: x.dueDate })),
      headlineTasks: [],
      named: new Map(tasks.map((x) => [x.id, x])),
      newlyOverdue: tasks.filter((x) => x.dueDate === '2026-11-29').map((x) => ({ id: x.id, title: x.title, units: [units[x.parts[0]!.unitId - 1]!.name] })),
      closedSince: tasks.slice(0, 20).map((x) => ({ id: x.id, title: x.title })),
      closedSinceDate: '2026-11-29',
      previous: null,
      progress: new Map(),
    },
    DEFAULT_RULES,
  );
  expect(digest.townships.ranked.length + digest.departments.ranked.length).toBe(45);
  return renderDigest(t, digest, DEFAULT_RULES.scoring);
}

/** Every body of a document for one platform, with what the platform counts. */
const measured = {
  wecom: (doc: MessageDocument) => renderWecom(doc, words).map((b) => ({ b, size: b.msgtype === 'markdown' ? bytes((b.markdown as { content: string }).content) : 0, limit: WECOM_MARKDOWN_BYTES })),
  dingtalk: (doc: MessageDocument) => renderDingtalk(doc, words).map((b) => ({ b, size: bytes((b.markdown as { text: string }).text), limit: DINGTALK_MARKDOWN_BYTES })),
  // The signature is added when sent: count it too.
  feishu: (doc: MessageDocument) =>
    renderFeishu(doc, words).map((b) => ({ b, size: bytes(JSON.stringify({ timestamp: '1700000000', sign: 'x'.repeat(44), ...b })), limit: FEISHU_BODY_BYTES })),
};

const textOf = (b: RobotBody) => JSON.stringify(b);

describe('renderers within their limits', () => {
  const digest = bigDigest();

  for (const platform of ['wecom', 'dingtalk', 'feishu'] as const) {
    it(`${platform}: a digest of 45 units in at most ${MAX_PARTS} parts, each within the limit, every unit named or counted`, () => {
      const parts = measured[platform](documentFromHtml(digest));
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.length).toBeLessThanOrEqual(MAX_PARTS);
      for (const p of parts) expect(p.size).toBeLessThanOrEqual(p.limit);
      const all = parts.map((p) => textOf(p.b)).join('');
      // Nothing lost silently: a unit is either in a part or in the "还有 N 项" count.
      const shown = Array.from({ length: 45 }, (_, i) => `${i + 1}号单位`).filter((name) => all.includes(name)).length;
      const more = /还有 (\d+) 项/.exec(all);
      expect(shown === 45 || more !== null).toBe(true);
      if (platform !== 'feishu') for (const p of parts) expect((textOf(p.b).match(/\*\*/g) ?? []).length % 2).toBe(0);
    });

    it(`${platform}: the longest texts (an alert of ${ALERT_TEXT_MAX} characters, a 20,000-character line) fit, cut with …`, () => {
      const alert = alertMessageText(t, { id: 7, level: 'orange', text: '重'.repeat(ALERT_TEXT_MAX) }, 3);
      const line = `标题\n${'<b>长</b>'.repeat(10_000)}`;
      for (const html of [alert, line]) {
        const parts = measured[platform](documentFromHtml(html, { mentionAll: true }));
        for (const p of parts) expect(p.size).toBeLessThanOrEqual(p.limit);
      }
      const long = measured[platform](documentFromHtml(line)).map((p) => textOf(p.b)).join('');
      expect(long).toContain('…');
    });
  }

  it('WeCom: a chart goes as base64 with the md5 of its bytes (≤ 2 MB); an @all alert adds a text with mentioned_mobile_list', () => {
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    const [image] = renderWecom({ title: 'x', blocks: [], image: { png, caption: '排名', table: [['1.', '城关镇', '90 分']] } }, words);
    expect(image).toEqual({ msgtype: 'image', image: { base64: png.toString('base64'), md5: createHash('md5').update(png).digest('hex') } });
    expect(WECOM_IMAGE_BYTES).toBe(2 * 1024 * 1024);
    const alert = renderWecom(documentFromHtml(alertMessageText(t, { id: 1, level: 'orange', text: '启动响应' }, 1), { mentionAll: true }), words);
    expect(alert.at(-1)).toMatchObject({ msgtype: 'text', text: { mentioned_mobile_list: ['@all'] } });
  });

  it('DingTalk and Feishu: a chart by its public URL when there is one, else its table', () => {
    const doc: MessageDocument = { title: 'x', blocks: [], image: { png: Buffer.alloc(4), caption: '乡镇排名', table: [['1.', '城关镇', '90 分']] } };
    expect(textOf(renderDingtalk(doc, words, 'https://duban.example/robot-images/abc.png')[0]!)).toContain('![乡镇排名](https://duban.example/robot-images/abc.png)');
    expect(textOf(renderDingtalk(doc, words)[0]!)).toContain('城关镇  90 分');
    const feishu = textOf(renderFeishu(doc, words, 'https://duban.example/robot-images/abc.png', '查看图表')[0]!);
    expect(feishu).toContain('"href":"https://duban.example/robot-images/abc.png"');
    expect(feishu).toContain('城关镇  90 分');
  });

  it('reads the bot’s HTML back: title, bold spans, lights, links; Telegram mentions become names', () => {
    const doc = documentFromHtml(`⏰ <b>城关镇 今日督办提醒</b>\n<a href="tg://user?id=5">张 &amp; 李</a>\n\n🔴 <b>T12</b> ${escapeHtml('<散煤> 清零')}`);
    expect(doc.title).toBe('⏰ 城关镇 今日督办提醒');
    expect(doc.blocks).toEqual([
      { kind: 'line', spans: [{ text: '张 & 李' }] },
      { kind: 'gap' },
      { kind: 'line', light: 'red', spans: [{ text: '🔴 ' }, { text: 'T12', bold: true }, { text: ' <散煤> 清零' }] },
    ]);
    // Markdown-significant characters of our text cannot become markup.
    expect(textOf(renderWecom(doc, words)[0]!)).toContain('＜散煤＞');
    // A blank line stays a blank line: a paragraph break in WeCom's and DingTalk's markdown.
    expect((renderWecom(doc, words)[0]!.markdown as { content: string }).content).toBe('**⏰ 城关镇 今日督办提醒**\n张 & 李\n\n🔴 **T12** ＜散煤＞ 清零');
    expect((renderDingtalk(doc, words)[0]!.markdown as { text: string }).text).toBe('**⏰ 城关镇 今日督办提醒**  \n张 & 李\n\n🔴 **T12** ＜散煤＞ 清零');
  });
});
