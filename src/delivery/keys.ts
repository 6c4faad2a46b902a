/**
 * Every outbox key the bot writes, in one place. A key names what is owed and to which chat, from values that
 * are fixed once the debt exists (slot, ids, update id, state), so owing it again is a no-op and a restart or
 * a second instance computes the same key. Changing a key's shape re-sends what was already sent: don't.
 */

/** Which digest: the scheduled one of a slot, or one asked for by an update (now, or a preview to the asker). */
export type DigestOccasion = { slot: string } | { updateId: number; preview: boolean };

const digestPrefix = (occasion: DigestOccasion) =>
  'slot' in occasion ? `digest:${occasion.slot}` : `digest:${occasion.preview ? 'preview' : 'now'}:update:${occasion.updateId}`;

export const outboxKeys = {
  /** A notice of an event (see src/broadcasts/notices.ts) to one chat. */
  notice: (event: string, chatId: bigint) => `${event}:chat:${chatId}`,
  reminder: (slot: string, unitId: number, chatId: bigint) => `reminder:${slot}:unit:${unitId}:chat:${chatId}`,
  digestText: (occasion: DigestOccasion, chatId: bigint) => `${digestPrefix(occasion)}:chat:${chatId}:text`,
  digestChart: (occasion: DigestOccasion, chatId: bigint, chart: string) => `${digestPrefix(occasion)}:chat:${chatId}:chart:${chart}`,
  bulletinDraft: (slot: string, chatId: bigint) => `bulletin-draft:${slot}:chat:${chatId}`,
  bulletin: (draftId: number, chatId: bigint) => `bulletin:${draftId}:chat:${chatId}`,
  /** An escalation run's one message to a chat on the chain (`chat`) or a unit's group (`notice`), naming the steps it lists (a digest). */
  escalationRun: (slot: string, steps: string, to: { chat: bigint } | { notice: bigint }) =>
    `escalation:${slot}:steps:${steps}${'chat' in to ? `:chat:${to.chat}` : `:notice:${to.notice}`}`,
  alertCopy: (alertId: number, send: number, chatId: bigint) => `alert:${alertId}:send:${send}:chat:${chatId}`,
  alertRollCall: (alertId: number, chatId: bigint) => `alert:${alertId}:rollcall:chat:${chatId}`,
  /** An edit of the roll-call, once per state it shows. */
  alertRollCallUpdate: (alertId: number, state: string, chatId: bigint) => `alert:${alertId}:rollcall:${state}:chat:${chatId}`,
  alertEscalation: (alertId: number, firstTargetId: number, to: { chat: bigint } | { office: bigint }) =>
    `alert:${alertId}:escalate:${firstTargetId}${'chat' in to ? `:chat:${to.chat}` : `:office:${to.office}`}`,
  alertLifted: (alertId: number, chatId: bigint) => `alert:${alertId}:closed:chat:${chatId}`,
  /** The office hears of a robot that refuses messages once per robot and failure episode. */
  robotFailed: (robotId: number, since: string, to: { chat: bigint } | { robot: number }) => `robot-failed:${robotId}:${since}${'chat' in to ? `:chat:${to.chat}` : `:robot:${to.robot}`}`,
  /** /robots test: one test message per robot and update. */
  robotTest: (updateId: number, robotId: number) => `robot-test:update:${updateId}:robot:${robotId}`,
  /** The office hears of a chat that refuses messages once per chat and day. */
  deliveryFailed: (chatId: bigint, day: string, officeChatId: bigint) => `delivery-failed:${chatId}:${day}:chat:${officeChatId}`,
};

/**
 * The same debts to a unit's, the leadership's or the office's group robot: what is owed, then the robot. A debt
 * split into several messages adds `:part:N` to all but the first.
 */
export const robotKeys = {
  notice: (event: string, robotId: number) => `${event}:robot:${robotId}`,
  reminder: (slot: string, unitId: number, robotId: number) => `reminder:${slot}:unit:${unitId}:robot:${robotId}`,
  digestText: (occasion: DigestOccasion, robotId: number) => `${digestPrefix(occasion)}:robot:${robotId}:text`,
  digestChart: (occasion: DigestOccasion, robotId: number, chart: string) => `${digestPrefix(occasion)}:robot:${robotId}:chart:${chart}`,
  bulletin: (draftId: number, robotId: number) => `bulletin:${draftId}:robot:${robotId}`,
  escalationRun: (slot: string, steps: string, robotId: number) => `escalation:${slot}:steps:${steps}:robot:${robotId}`,
  alertCopy: (alertId: number, send: number, robotId: number) => `alert:${alertId}:send:${send}:robot:${robotId}`,
  alertLifted: (alertId: number, robotId: number) => `alert:${alertId}:closed:robot:${robotId}`,
  alertEscalation: (alertId: number, firstTargetId: number, robotId: number) => `alert:${alertId}:escalate:${firstTargetId}:robot:${robotId}`,
  deliveryFailed: (chatId: bigint, day: string, robotId: number) => `delivery-failed:${chatId}:${day}:robot:${robotId}`,
};
