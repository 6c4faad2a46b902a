import type { InlineKeyboardMarkup } from 'grammy/types';
import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import type { RobotTarget } from '../services/robots.ts';
import type { Translate } from '../render/html.ts';
import { htmlMessages } from '../render/messages.ts';
import { localDate } from '../domain/calendar.ts';
import { deliverableFrom, type BroadcastDeps } from './context.ts';
import { liaisonMentions, withMentions } from './liaisons.ts';
import { robotMessages } from './robots.ts';

/**
 * The events that owe notices, each a deterministic name (ids, and the update that caused it where one event
 * can happen again): with the chat it is the outbox key, so a retried update owes nothing twice.
 */
type NoticeEvent = string & { readonly noticeEvent: true };
const event = (text: string) => text as NoticeEvent;

export const noticeEvents = {
  taskCreated: (taskId: number) => event(`task:${taskId}:created`),
  taskDecided: (taskId: number, verdict: string, updateId: number) => event(`task:${taskId}:${verdict}:update:${updateId}`),
  /** A verdict on several tasks, confirmed once (its draft): each unit's one message. */
  tasksDecided: (verdict: string, draftId: number) => event(`tasks:${verdict}:draft:${draftId}`),
  taskDone: (taskId: number, updateId: number) => event(`task:${taskId}:done:update:${updateId}`),
  /** A key-task list imported on Confirm: the update of the press (a draft's id may come again on SQLite). */
  tasksImported: (updateId: number) => event(`import:update:${updateId}`),
  extensionRequested: (extensionId: number) => event(`extension:${extensionId}:request`),
  extensionDecided: (extensionId: number) => event(`extension:${extensionId}:decision`),
  problemCreated: (problemId: number) => event(`problem:${problemId}:created`),
  problemFixed: (problemId: number, round: number) => event(`problem:${problemId}:fixed:${round}`),
  problemRejected: (problemId: number, round: number) => event(`problem:${problemId}:rejected:${round}`),
  problemClosed: (problemId: number) => event(`problem:${problemId}:closed`),
  /** A group moved to a supergroup's id: once per move (the old id moves once). */
  chatMigrated: (fromChatId: bigint) => event(`chat:${fromChatId}:migrated`),
  /** The bot removed from a bound group: once per removal (its binding is made inactive once). */
  botRemoved: (chatId: bigint, updateId: number) => event(`chat:${chatId}:bot-removed:update:${updateId}`),
  /** A liaison left their unit's group: once a day, though Telegram may tell it twice (a service message and a member update). */
  liaisonLeft: (chatId: bigint, telegramId: bigint, day: string) => event(`chat:${chatId}:liaison-left:${telegramId}:${day}`),
};

/** A notice's text, rendered with the default locale's translate. */
type Render = (t: Translate) => string;

/**
 * Messages the bot sends to bound chats because something happened (a new task, a decision), in the default
 * locale since a group has no single reader. They go through the outbox like everything the bot sends on its
 * own: recorded first under a key made of the event and the chat, then sent once, paced; one written in quiet
 * hours is owed when they end (only alerts do not wait).
 */
export class Notices {
  constructor(private readonly deps: Pick<BroadcastDeps, 'chats' | 'outbox' | 't' | 'nudge' | 'robots' | 'members' | 'now' | 'config'>) {}

  /**
   * To the units' groups, each calling its liaisons by name (those not away the day it is delivered), and to
   * their robots; not to `except`, the chat whose answer already says it (one message where one will do: a
   * liaison who registers a problem in its own group gets the confirmation only).
   */
  toUnits(event: NoticeEvent, unitIds: number[], render: Render, except?: bigint): Promise<number> {
    return this.toEachUnit(event, new Map(unitIds.map((id) => [id, render])), except);
  }

  /** Like toUnits, each unit with its own text (an import tells each unit its own tasks). Returns how many groups. */
  async toEachUnit(event: NoticeEvent, renders: ReadonlyMap<number, Render>, except?: bigint): Promise<number> {
    const { deps } = this;
    const unitIds = [...renders.keys()];
    if (unitIds.length === 0) return 0;
    const groups = (await deps.chats.unitGroups(unitIds)).filter((g) => g.chatId !== except);
    const robots = await deps.robots.ofUnits(unitIds);
    if (groups.length === 0 && robots.length === 0) return 0;
    const notBefore = deliverableFrom(deps);
    const mentions = await liaisonMentions(deps.members, [...new Set(groups.map((g) => g.unitId))], localDate(notBefore ?? deps.now(), deps.config.timeZone));
    // One rendering per distinct render: a notice the same for every unit is rendered once.
    const texts = new Map<Render, string>();
    const textOf = (unitId: number) => {
      const render = renders.get(unitId)!;
      if (!texts.has(render)) texts.set(render, render(deps.t));
      return texts.get(render)!;
    };
    await deps.outbox.enqueue([
      ...groups.flatMap((g) => htmlMessages(outboxKeys.notice(event, g.chatId), g.chatId, 'notice', withMentions(textOf(g.unitId), mentions.get(g.unitId)), {}, notBefore)),
      // A robot @s its own mobiles: a Telegram mention means nothing there.
      ...(
        await Promise.all(
          robots.map((robot) => robotMessages(deps, [robot], (robotId) => robotKeys.notice(event, robotId), 'notice', { html: textOf(robot.unitId!) }, notBefore)),
        )
      ).flat(),
    ]);
    deps.nudge();
    return groups.length;
  }

  /** When a notice written now is sent: undefined for at once, else the end of quiet hours (what an answer can say). */
  heldUntil(): Date | undefined {
    return deliverableFrom(this.deps);
  }

  /** To the office's groups (with the keyboard, if any) and, for reading only, its robots. */
  async toOffice(event: NoticeEvent, render: Render, keyboard?: InlineKeyboardMarkup): Promise<void> {
    await this.send(event, await this.deps.chats.officeChats(), render, keyboard, await this.deps.robots.office());
  }

  /** /robots test: one test message to each robot, keyed by the update that asked. Returns how many robots. */
  async testRobots(updateId: number, robots: readonly RobotTarget[], render: Render): Promise<number> {
    const html = render(this.deps.t);
    await this.deps.outbox.enqueue(await robotMessages(this.deps, robots, (robotId) => outboxKeys.robotTest(updateId, robotId), 'notice', { html }));
    this.deps.nudge();
    return robots.length;
  }

  async toChat(event: NoticeEvent, chatId: bigint, render: Render): Promise<void> {
    await this.send(event, [chatId], render);
  }

  private async send(event: NoticeEvent, chatIds: bigint[], render: Render, keyboard?: InlineKeyboardMarkup, robots: RobotTarget[] = []): Promise<void> {
    if (chatIds.length === 0 && robots.length === 0) return;
    const text = render(this.deps.t);
    const notBefore = deliverableFrom(this.deps);
    // A robot cannot take a button press: what the keyboard asks for is done in Telegram.
    const robotText = keyboard ? `${text}\n\n${this.deps.t('robot-buttons-in-telegram')}` : text;
    await this.deps.outbox.enqueue([
      ...chatIds.flatMap((chatId) => htmlMessages(outboxKeys.notice(event, chatId), chatId, 'notice', text, keyboard ? { reply_markup: keyboard } : {}, notBefore)),
      ...(await robotMessages(this.deps, robots, (robotId) => robotKeys.notice(event, robotId), 'notice', { html: robotText }, notBefore)),
    ]);
    this.deps.nudge();
  }
}
