import { spanText, type Block, type Span } from './document.ts';

/** A robot message's JSON body, without the signature a platform may want (added when it is sent). */
export type RobotBody = Record<string, unknown>;

/** What the pagination says in the county's words: supplied by the caller's translate. */
export interface PageWords {
  /** the last line when what is left is cut: "……还有 N 项" */
  more: (count: number) => string;
  /** the title of part 2, 3 …: "（续 2/3）" after the title */
  continued: (title: string, part: number) => string;
}

/** How one platform writes a part, and how it counts its size. */
interface PageSpec {
  /** the largest size a part may have, in the unit of `size` */
  limit: number;
  size: (body: RobotBody) => number;
  build: (part: { title: string; blocks: Block[]; last: boolean }) => RobotBody;
}

/** At most this many messages per document and robot (each counts against the robot's 20 a minute); the rest is cut. */
export const MAX_PARTS = 4;

/** A table as lines: no robot markdown draws one. */
const flatten = (blocks: readonly Block[]): Block[] =>
  blocks.flatMap((b): Block[] => (b.kind === 'table' ? b.rows.map((row, i) => ({ kind: 'line', spans: [{ text: row.join('  '), ...(i === 0 ? { bold: true } : {}) }] })) : [b]));

const countLines = (blocks: readonly Block[]) => blocks.filter((b) => b.kind !== 'gap').length;

/**
 * Splits a document's blocks into parts that each fit the platform's limit, at block boundaries (so no markup
 * is ever cut); a single line too long for a part is shortened by characters with "…", and past MAX_PARTS the
 * last part ends in "……还有 N 项".
 */
export function paginate(title: string, blocksIn: readonly Block[], spec: PageSpec, words: PageWords): RobotBody[] {
  const blocks = flatten(blocksIn);
  const titleOf = (index: number) => (index === 0 ? title : words.continued(title, index + 1));
  const fits = (index: number, part: Block[], last = false) => spec.size(spec.build({ title: titleOf(index), blocks: part, last })) <= spec.limit;
  const parts: Block[][] = [];
  let current: Block[] = [];
  let i = 0;
  for (; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind === 'gap' && current.length === 0) continue;
    if (fits(parts.length, [...current, block])) {
      current.push(block);
      continue;
    }
    if (current.length > 0) {
      parts.push(current);
      current = [];
      if (parts.length === MAX_PARTS) break;
      if (block.kind === 'gap') continue;
    }
    current = [fits(parts.length, [block]) ? block : shorten(block, (b) => fits(parts.length, [b]))];
  }
  if (parts.length < MAX_PARTS && (current.length > 0 || parts.length === 0)) parts.push(current);
  const left = countLines(blocks.slice(i));
  if (i < blocks.length && left > 0) {
    // The cut: the last part gives up blocks from its end until the "还有 N 项" line fits after them.
    const last = parts.at(-1)!;
    let dropped = left;
    const moreLine = (): Block => ({ kind: 'line', spans: [{ text: words.more(dropped) }] });
    while (last.length > 0 && !fits(parts.length - 1, [...last, moreLine()])) {
      const removed = last.pop()!;
      if (removed.kind !== 'gap') dropped++;
    }
    last.push(moreLine());
  }
  while (parts.length > 1 && parts.at(-1)!.length === 0) parts.pop();
  return parts.map((part, index) => spec.build({ title: titleOf(index), blocks: part, last: index === parts.length - 1 }));
}

/** A line cut to the longest prefix (in characters) that fits, ending in "…". */
function shorten(block: Block, fits: (b: Block) => boolean): Block {
  if (block.kind !== 'line') return block;
  const chars = [...spanText(block.spans)];
  const cut = (n: number): Block => ({ ...block, spans: takeChars(block.spans, n) });
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

function takeChars(spans: readonly Span[], n: number): Span[] {
  const out: Span[] = [];
  let left = n;
  for (const span of spans) {
    if (left <= 0) break;
    const chars = [...span.text];
    out.push({ ...span, text: chars.slice(0, left).join('') });
    left -= chars.length;
  }
  out.push({ text: '…' });
  return out;
}

/** UTF-8 bytes: what WeCom and DingTalk count. */
export const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
