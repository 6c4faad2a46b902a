import type { MessageDocument } from './document.ts';
import { markdownBlocks, markdownTitle } from './markdown.ts';
import { bytes, paginate, type PageWords, type RobotBody } from './pages.ts';

/**
 * DingTalk (钉钉) custom robot (自定义机器人, open.dingtalk.com custom-robot-access / robot-message-type): markdown
 * with a title, images only by a public URL in the markdown, `at.atMobiles` (shown when the text names `@mobile`)
 * and `at.isAtAll`. The documentation found states no size for markdown text; parts are kept to 4,096 bytes,
 * WeCom's markdown limit, which DingTalk renders whole on a phone. A single line break needs two trailing spaces.
 */
export const DINGTALK_MARKDOWN_BYTES = 4096;

export function renderDingtalk(doc: MessageDocument, words: PageWords, imageUrl?: string): RobotBody[] {
  const mobiles = [...(doc.mentionMobiles ?? [])];
  const at = { atMobiles: mobiles, isAtAll: doc.mentionAll === true };
  const atLine = mobiles.map((m) => `@${m}`).join(' ');
  const build = ({ title, blocks, last }: { title: string; blocks: MessageDocument['blocks']; last: boolean }): RobotBody => {
    let text = `${markdownTitle(title)}  \n${markdownBlocks(blocks, '  \n')}`;
    if (last && atLine) text += `  \n${atLine}`;
    return { msgtype: 'markdown', markdown: { title: [...title].slice(0, 60).join(''), text }, at: last ? at : { atMobiles: [], isAtAll: false } };
  };
  const size = (body: RobotBody) => bytes((body.markdown as { text: string }).text);
  if (doc.image && imageUrl) {
    return [{ msgtype: 'markdown', markdown: { title: doc.image.caption, text: `${markdownTitle(doc.image.caption)}  \n![${doc.image.caption}](${imageUrl})` }, at: { atMobiles: [], isAtAll: false } }];
  }
  const blocks = doc.image ? [...doc.blocks, { kind: 'table' as const, rows: doc.image.table }] : doc.blocks;
  return paginate(doc.title, blocks, { limit: DINGTALK_MARKDOWN_BYTES, size, build }, words);
}
