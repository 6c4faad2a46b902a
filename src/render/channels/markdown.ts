import type { Block, Span } from './document.ts';

/**
 * The markdown WeCom and DingTalk robots read: `**bold**` and `[text](url)`. Characters their markdown would take
 * as markup in our text become their full-width forms, so a task title never turns into a list or a tag.
 */
const plain = (text: string) => text.replace(/[*_`#<>[\]~|]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function markdownSpans(spans: readonly Span[]): string {
  return spans
    .map((span) => {
      const text = plain(span.text);
      if (text.trim() === '') return text;
      const bold = span.bold ? `**${text}**` : text;
      return span.href ? `[${bold}](${span.href})` : bold;
    })
    .join('');
}

/** The blocks as markdown: lines joined by `lineBreak` (what the platform needs between two lines), gaps as blank lines. */
export function markdownBlocks(blocks: readonly Block[], lineBreak: string): string {
  const paragraphs: string[][] = [[]];
  for (const block of blocks) {
    if (block.kind === 'gap') paragraphs.push([]);
    else if (block.kind === 'line') paragraphs.at(-1)!.push(markdownSpans(block.spans));
  }
  return paragraphs
    .filter((p) => p.length > 0)
    .map((p) => p.join(lineBreak))
    .join('\n\n');
}

export const markdownTitle = (title: string) => `**${plain(title)}**`;
