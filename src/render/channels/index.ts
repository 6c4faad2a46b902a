import type { RobotKind } from '../../domain/robots.ts';
import { renderDingtalk } from './dingtalk.ts';
import type { MessageDocument } from './document.ts';
import { renderFeishu } from './feishu.ts';
import type { PageWords, RobotBody } from './pages.ts';
import { renderWecom } from './wecom.ts';

/** A document as the messages one robot gets, in its platform's format and sizes. */
export function renderForRobot(kind: RobotKind, doc: MessageDocument, words: PageWords & { chartLink: string }, imageUrl?: string): RobotBody[] {
  switch (kind) {
    case 'wecom':
      return renderWecom(doc, words);
    case 'dingtalk':
      return renderDingtalk(doc, words, imageUrl);
    case 'feishu':
      return renderFeishu(doc, words, imageUrl, words.chartLink);
  }
}
