import type { Block, MessageDocument, Span } from './document.ts';
import { bytes, paginate, type PageWords, type RobotBody } from './pages.ts';

/**
 * Feishu (飞书) custom robot, from 自定义机器人使用指南 (open.feishu.cn): a request body of at most 20 KB; rich
 * text as `post` (text, a, at; `<at user_id="all">` for everyone); an image needs an app's image_key, which a
 * custom robot cannot get, so a chart goes as a link to its public URL beside its table. Feishu @s by user id,
 * not by mobile: a unit's `mention` list is not used here (the organisation file says so on import).
 */
export const FEISHU_BODY_BYTES = 20_000;
/** Room for `timestamp` and `sign`, added to the body when it is sent. */
const SIGNATURE_ROOM = 120;

type PostElement = { tag: 'text'; text: string; style?: string[] } | { tag: 'a'; text: string; href: string } | { tag: 'at'; user_id: string };

const element = (span: Span): PostElement =>
  span.href ? { tag: 'a', text: span.text, href: span.href } : span.bold ? { tag: 'text', text: span.text, style: ['bold'] } : { tag: 'text', text: span.text };

function rows(blocks: readonly Block[]): PostElement[][] {
  return blocks.flatMap((b): PostElement[][] => (b.kind === 'gap' ? [[{ tag: 'text', text: '' }]] : b.kind === 'line' ? [b.spans.map(element)] : []));
}

export function renderFeishu(doc: MessageDocument, words: PageWords, imageUrl?: string, linkText = '图表'): RobotBody[] {
  const build = ({ title, blocks, last }: { title: string; blocks: Block[]; last: boolean }): RobotBody => {
    const content = rows(blocks);
    if (doc.mentionAll && last) content.push([{ tag: 'at', user_id: 'all' }]);
    return { msg_type: 'post', content: { post: { zh_cn: { title, content } } } };
  };
  const blocks: Block[] = [...doc.blocks];
  if (doc.image) {
    if (imageUrl) blocks.push({ kind: 'line', spans: [{ text: linkText, href: imageUrl }] });
    blocks.push({ kind: 'table', rows: doc.image.table });
  }
  const title = doc.image ? doc.image.caption : doc.title;
  return paginate(title, blocks, { limit: FEISHU_BODY_BYTES - SIGNATURE_ROOM, size: (body) => bytes(JSON.stringify(body)), build }, words);
}
