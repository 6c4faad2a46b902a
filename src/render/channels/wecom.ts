import { createHash } from 'node:crypto';
import type { MessageDocument } from './document.ts';
import { markdownBlocks, markdownTitle } from './markdown.ts';
import { bytes, paginate, type PageWords, type RobotBody } from './pages.ts';

/**
 * WeCom (企业微信) group robot, from 群机器人配置说明 (developer.work.weixin.qq.com, doc 91770):
 * markdown content at most 4,096 bytes of UTF-8; text content at most 2,048 bytes, with `mentioned_mobile_list`
 * (mobiles, or "@all") — markdown cannot @ by mobile, so mentions follow as a short text message; an image as
 * base64 with the md5 of its bytes, at most 2 MB before encoding, PNG or JPG.
 */
export const WECOM_MARKDOWN_BYTES = 4096;
const WECOM_TEXT_BYTES = 2048;
export const WECOM_IMAGE_BYTES = 2 * 1024 * 1024;

export function renderWecom(doc: MessageDocument, words: PageWords): RobotBody[] {
  const bodies: RobotBody[] = [];
  if (doc.image && doc.image.png.length <= WECOM_IMAGE_BYTES) {
    bodies.push({ msgtype: 'image', image: { base64: doc.image.png.toString('base64'), md5: createHash('md5').update(doc.image.png).digest('hex') } });
  } else {
    const blocks = doc.image ? [...doc.blocks, { kind: 'table' as const, rows: doc.image.table }] : doc.blocks;
    bodies.push(
      ...paginate(
        doc.title,
        blocks,
        {
          limit: WECOM_MARKDOWN_BYTES,
          size: (body) => bytes((body.markdown as { content: string }).content),
          build: ({ title, blocks: part }) => ({ msgtype: 'markdown', markdown: { content: `${markdownTitle(title)}\n${markdownBlocks(part, '\n')}` } }),
        },
        words,
      ),
    );
  }
  const mobiles = doc.mentionAll ? ['@all'] : [...(doc.mentionMobiles ?? [])];
  if (mobiles.length > 0) {
    let title = doc.title;
    while (bytes(title) > WECOM_TEXT_BYTES) title = [...title].slice(0, -1).join('');
    bodies.push({ msgtype: 'text', text: { content: title, mentioned_mobile_list: mobiles } });
  }
  return bodies;
}
