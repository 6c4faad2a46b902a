/** Escapes text for Telegram's HTML parse mode; every user-supplied string passes through here. */
export const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The text of an HTML fragment, for where Telegram shows no markup (a button's alert, a menu). */
export const plainText = (html: string): string =>
  html.replace(/<[^>]+>/g, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');

/** Telegram's limit for one message's text. */
const MESSAGE_LIMIT = 4096;

/**
 * Splits a long HTML text into messages under Telegram's limit, at line breaks, so no tag is cut
 * (every line this bot renders is balanced on its own). A single over-long line is cut hard.
 */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const pieces = line.length > limit ? chunk(line, limit) : [line];
    for (const piece of pieces) {
      const candidate = current === '' ? piece : `${current}\n${piece}`;
      if (candidate.length > limit) {
        parts.push(current);
        current = piece;
      } else {
        current = candidate;
      }
    }
  }
  if (current.trim() !== '' || parts.length === 0) parts.push(current);
  return parts;
}

const chunk = (line: string, size: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < line.length; i += size) out.push(line.slice(i, i + size));
  return out;
};

/** A person named so that Telegram notifies them, also without a username. */
export const mention = (telegramId: bigint, name: string): string => `<a href="tg://user?id=${telegramId}">${escapeHtml(name)}</a>`;

/** Text that is already HTML (a rendered fragment): passed into a message as it is, not escaped again. */
export class Html {
  constructor(readonly value: string) {}
}

/** Variables of a message: plain strings are escaped for HTML, numbers formatted, Html fragments kept. */
export type TranslationVars = Record<string, string | number | Html>;
export type Translate = (key: string, vars?: TranslationVars) => string;

/** The variables as Fluent takes them, escaped for Telegram's HTML parse mode. */
export function escapeVars(vars: TranslationVars): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) {
    out[name] = value instanceof Html ? value.value : typeof value === 'string' ? escapeHtml(value) : value;
  }
  return out;
}

/** The part of a Telegram message entity that formatting needs (grammY's MessageEntity has it). */
interface TextEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

/** Entities kept as HTML when a person's text becomes part of a message (an edited bulletin); the rest is plain text. */
const ENTITY_TAGS: Record<string, string> = { bold: 'b', italic: 'i', underline: 'u', strikethrough: 's', code: 'code', pre: 'pre', text_link: 'a' };

/**
 * A person's text with its formatting (bold, italic, links…) as Telegram HTML, everything else escaped. Offsets
 * are UTF-16 units, as Telegram counts them; entities nest, so tags close in reverse order of opening.
 */
export function entitiesToHtml(text: string, entities: readonly TextEntity[] = []): string {
  const kept = entities.filter((e) => e.type in ENTITY_TAGS && e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
  let out = '';
  let at = 0;
  const open: { end: number; tag: string }[] = [];
  const closeUntil = (position: number) => {
    while (open.length > 0 && open.at(-1)!.end <= position) {
      const { end, tag } = open.pop()!;
      out += escapeHtml(text.slice(at, end)) + `</${tag}>`;
      at = end;
    }
  };
  for (const entity of kept) {
    closeUntil(entity.offset);
    out += escapeHtml(text.slice(at, entity.offset));
    at = entity.offset;
    const tag = ENTITY_TAGS[entity.type]!;
    // An entity reaching past its parent is cut at the parent's end, so the tags stay balanced.
    const end = Math.min(entity.offset + entity.length, open.at(-1)?.end ?? text.length);
    out += tag === 'a' ? `<a href="${escapeHtml(entity.url ?? '')}">` : `<${tag}>`;
    open.push({ end, tag });
  }
  closeUntil(text.length);
  return out + escapeHtml(text.slice(at));
}
