import { ROBOT_CHAT, type OwedMessage } from '../delivery/outbox.ts';
import { plainText } from '../render/html.ts';
import { documentFromHtml, type MessageDocument } from '../render/channels/document.ts';
import { renderForRobot } from '../render/channels/index.ts';
import type { RobotTarget } from '../services/robots.ts';
import type { BroadcastDeps } from './context.ts';

/** A message for robots: the bot's HTML (as Telegram gets it) read as a document, or a document built here. */
type RobotMessage = { html: string; mentionAll?: boolean } | { doc: MessageDocument };

/**
 * What a group robot is owed of a message: the same document the Telegram chats get, rendered for the robot's
 * platform (src/render/channels/), each part its own outbox row under the robot's key, so it is sent once.
 * The robot's own `mention` mobiles are @-ed; an alert @s everyone.
 */
export async function robotMessages(
  deps: Pick<BroadcastDeps, 't' | 'robots'>,
  robots: readonly RobotTarget[],
  key: (robotId: number) => string,
  kind: string,
  message: RobotMessage,
  notBefore?: Date,
): Promise<OwedMessage[]> {
  if (robots.length === 0) return [];
  const base = 'doc' in message ? message.doc : documentFromHtml(message.html, message.mentionAll ? { mentionAll: true } : {});
  const words = {
    more: (count: number) => plainText(deps.t('robot-more', { count })),
    continued: (title: string, part: number) => plainText(deps.t('robot-continued', { title, part })),
    chartLink: plainText(deps.t('robot-chart-link')),
  };
  const out: OwedMessage[] = [];
  for (const robot of robots) {
    const doc: MessageDocument = { ...base, mentionMobiles: robot.mentions };
    const imageUrl = doc.image ? await deps.robots.publishImage(key(robot.id), doc.image.png) : undefined;
    renderForRobot(robot.kind, doc, words, imageUrl).forEach((body, i) => {
      out.push({
        key: i === 0 ? key(robot.id) : `${key(robot.id)}:part:${i + 1}`,
        chatId: ROBOT_CHAT,
        robotId: robot.id,
        kind,
        method: 'robot',
        params: body,
        ...(notBefore ? { notBefore } : {}),
      });
    });
  }
  return out;
}
