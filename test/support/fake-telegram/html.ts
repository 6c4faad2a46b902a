/** Telegram's checks on text and captions, including its HTML parse mode. */
import { badRequest } from './errors.ts';

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

const HTML_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote',
]);

/** Validates Telegram HTML and returns the visible text (what Telegram counts against the limits). */
function parseTelegramHtml(text: string): string {
  const stack: string[] = [];
  let out = '';
  let i = 0;
  const at = (idx: number) => Buffer.byteLength(text.slice(0, idx));
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '<') {
      // mirrors tdlib's parse_html: the tag name runs to the next space or '>'
      if (text[i + 1] === '/') {
        const open = stack.pop();
        if (open === undefined) throw badRequest(`can't parse entities: Unexpected end tag at byte offset ${at(i)}`);
        let j = i + 2;
        while (j < text.length && !/[\s>]/.test(text[j]!)) j++;
        const name = text.slice(i + 2, j).toLowerCase();
        while (j < text.length && /\s/.test(text[j]!)) j++;
        if (text[j] !== '>') throw badRequest(`can't parse entities: Unclosed end tag at byte offset ${at(i)}`);
        if (name !== '' && open !== name) {
          throw badRequest(`can't parse entities: Unmatched end tag at byte offset ${at(i)}, expected "</${open}>", found "</${name}>"`);
        }
        i = j + 1;
        continue;
      }
      let j = i + 1;
      while (j < text.length && !/[\s>]/.test(text[j]!)) j++;
      if (j >= text.length) throw badRequest(`can't parse entities: Unclosed start tag at byte offset ${at(i)}`);
      const name = text.slice(i + 1, j).toLowerCase();
      if (!HTML_TAGS.has(name)) throw badRequest(`can't parse entities: Unsupported start tag "${name}" at byte offset ${at(i)}`);
      let k = j;
      let quote: string | undefined;
      for (; k < text.length; k++) {
        const c = text[k];
        if (quote !== undefined) {
          if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (k >= text.length) throw badRequest(`can't parse entities: Unclosed start tag at byte offset ${at(i)}`);
      stack.push(name);
      i = k + 1;
      continue;
    }
    if (ch === '&') {
      const m = /^&(#x[0-9a-f]{1,6}|#\d{1,7}|lt|gt|amp|quot);/i.exec(text.slice(i, i + 12));
      if (m) {
        const e = m[1]!.toLowerCase();
        out +=
          e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"'
          : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  const open = stack.at(-1);
  if (open !== undefined) throw badRequest(`can't parse entities: Can't find end tag corresponding to start tag "${open}"`);
  return out;
}

/** Checks text/caption like Telegram and returns the visible text. */
export function checkText(text: string | undefined, parseMode: unknown, kind: 'text' | 'caption'): string | undefined {
  if (text === undefined) {
    if (kind === 'text') throw badRequest('message text is empty');
    return undefined;
  }
  const visible = typeof parseMode === 'string' && parseMode.toLowerCase() === 'html' ? parseTelegramHtml(text) : text;
  if (kind === 'text' && visible.trim() === '') throw badRequest('message text is empty');
  if (kind === 'text' && visible.length > TEXT_LIMIT) throw badRequest('message is too long');
  if (kind === 'caption' && visible.length > CAPTION_LIMIT) throw badRequest('message caption is too long');
  return visible;
}
