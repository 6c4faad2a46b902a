/**
 * A message as a document: what a reminder, escalation, digest, bulletin, alert or notice says, once, for every
 * channel. Telegram gets the HTML it was written in; the robots' renderers (wecom.ts, dingtalk.ts, feishu.ts)
 * render the same document in their platform's markup and size.
 *
 * The document is read from the one HTML text the bot writes (src/render, the locale files), so the wording has
 * one home: that HTML is our own, made of escaped text, `<b>` and `<a href>` (mentions), one balanced line at a
 * time, and reads back into spans exactly.
 */

export interface Span {
  text: string;
  bold?: boolean;
  /** a link (Telegram's `tg://user` mentions are not links elsewhere: they become plain names) */
  href?: string;
}

type Light = 'red' | 'yellow' | 'green';

export type Block =
  | { kind: 'line'; spans: Span[]; light?: Light }
  | { kind: 'gap' }
  /** rows of cells, the first the header: what a chart shows, where the image cannot go */
  | { kind: 'table'; rows: string[][] };

export interface MessageDocument {
  title: string;
  blocks: Block[];
  /** a chart: sent as an image where the platform takes one, else its table stands in */
  image?: { png: Buffer; caption: string; table: string[][] };
  /** @ everyone in the group (alerts) */
  mentionAll?: boolean;
  /** mobiles to @ (the robot's own `mention` list; WeCom and DingTalk @ by mobile) */
  mentionMobiles?: readonly string[];
}

const LIGHTS: Record<string, Light> = { '🔴': 'red', '🟡': 'yellow', '🟢': 'green' };

const decode = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

/** One line of the bot's HTML as spans. */
function spansOf(line: string): Span[] {
  const spans: Span[] = [];
  let bold = 0;
  let href: string | undefined;
  const tag = /<(\/?)([a-z-]+)((?:\s+[a-z_-]+="[^"]*")*)\s*>/gi;
  let at = 0;
  const push = (raw: string) => {
    if (raw === '') return;
    const span: Span = { text: decode(raw) };
    if (bold > 0) span.bold = true;
    if (href) span.href = href;
    spans.push(span);
  };
  for (let m = tag.exec(line); m; m = tag.exec(line)) {
    push(line.slice(at, m.index));
    at = m.index + m[0].length;
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    if (name === 'b' || name === 'strong') bold += closing ? -1 : 1;
    else if (name === 'a') {
      const target = /href="([^"]*)"/.exec(m[3] ?? '')?.[1];
      href = closing || !target || target.startsWith('tg:') ? undefined : decode(target);
    }
  }
  push(line.slice(at));
  return spans;
}

/** The bot's HTML text as a document: its first line the title, blank lines gaps, a leading light kept as the line's. */
export function documentFromHtml(html: string, extra: Omit<MessageDocument, 'title' | 'blocks'> = {}): MessageDocument {
  const [first = '', ...rest] = html.split('\n');
  const blocks: Block[] = [];
  for (const line of rest) {
    if (line.trim() === '') {
      if (blocks.length > 0 && blocks.at(-1)!.kind !== 'gap') blocks.push({ kind: 'gap' });
      continue;
    }
    const spans = spansOf(line);
    const light = LIGHTS[[...spanText(spans).trimStart()][0] ?? ''];
    blocks.push(light ? { kind: 'line', spans, light } : { kind: 'line', spans });
  }
  while (blocks.at(-1)?.kind === 'gap') blocks.pop();
  return { title: spanText(spansOf(first)), blocks, ...extra };
}

export const spanText = (spans: readonly Span[]) => spans.map((s) => s.text).join('');
