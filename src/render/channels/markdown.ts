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

/** The blocks as markdown lines; `lineBreak` is what the platform needs between two lines. */
export function markdownBlocks(blocks: readonly Block[], lineBreak: string): string {
  let out = '';
  for (const block of blocks) {
    if (block.kind === 'gap') out += '\n';
    else if (block.kind === 'line') out += (out === '' || out.endsWith('\n') ? '' : lineBreak) + markdownSpans(block.spans);
  }
  return out;
}

export const markdownTitle = (title: string) => `**${plain(title)}**`;
