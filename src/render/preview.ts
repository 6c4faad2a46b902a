import type { OwedMessage } from '../delivery/outbox.ts';
import type { JobName } from '../domain/schedule.ts';
import { plainText, type Translate } from './html.ts';

/** A message a dry run of a day's jobs found the bot would send, and the job and time that would send it. */
export interface PlannedMessage {
  job: JobName;
  /** Local HH:MM: the job's time, or the end of quiet hours when the message waits for it. */
  time: string;
  message: OwedMessage;
}

/** What the bot would send on its own on one local date. */
export interface DayPlan {
  date: string;
  jobs: { job: JobName; time: string }[];
  messages: PlannedMessage[];
}

/** The summary an admin reads first: each job of the day, with how many messages to how many chats. */
export function previewSummary(t: Translate, plan: DayPlan): string {
  const lines = [t('preview-title', { date: plan.date })];
  if (plan.jobs.length === 0) lines.push(t('preview-no-jobs'));
  for (const { job, time } of plan.jobs) {
    const owed = plan.messages.filter((m) => m.job === job);
    const chats = new Set(owed.map((m) => m.message.chatId)).size;
    lines.push(t('preview-job', { time, job: t(`preview-job-${job}`), messages: owed.length, chats }));
  }
  lines.push('', t('preview-footer'));
  return lines.join('\n');
}

/** What the listing calls the chats: a group by its name, a person's private chat by the person's. */
type ChatNames = ReadonlyMap<bigint, { name: string; private: boolean }>;

/** Every message in full, as plain text, each headed by its time, job and chat: the file that goes with the summary. */
export function previewListing(t: Translate, plan: DayPlan, names: ChatNames): string {
  const chatName = (chatId: bigint) => {
    const known = names.get(chatId);
    if (!known) return t('preview-chat-unknown', { chat: chatId.toString() });
    return known.private ? t('preview-chat-private', { name: known.name }) : known.name;
  };
  const blocks = [plainText(previewSummary(t, plan))];
  for (const { job, time, message } of plan.messages) {
    const params = message.params as { text?: unknown; caption?: unknown };
    const text = plainText(String(params.text ?? params.caption ?? message.album?.map((p) => p.caption).join('\n') ?? ''));
    const head = plainText(t('preview-message-head', { time, job: t(`preview-job-${job}`), chat: chatName(message.chatId) }));
    blocks.push(`${'─'.repeat(24)}\n${head}${message.method === 'sendPhoto' || message.method === 'sendMediaGroup' ? `\n${plainText(t('preview-photo'))}` : ''}\n${text}`);
  }
  return `${blocks.join('\n\n')}\n`;
}
