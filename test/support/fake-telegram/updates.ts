/** The updates a test pushed, waiting for the bot's getUpdates, and the one long poll that may be held open. */
import type { Update } from 'grammy/types';
import type { Store } from './store.ts';
import type { ApiResponse, UpdateInput } from './types.ts';

interface QueuedUpdate {
  update: Update;
  delivered: boolean;
}

export interface PendingPoll {
  limit: number;
  timer: NodeJS.Timeout;
  finish: (resp: ApiResponse, status?: number) => void;
}

export class UpdateQueue {
  queue: QueuedUpdate[] = [];
  pendingPoll: PendingPoll | undefined;
  webhookUrl = '';
  private nextUpdateId = 10001;
  private flushScheduled = false;

  constructor(private readonly store: Store) {}

  /** answers a held long poll with no updates */
  close(): void {
    this.pendingPoll?.finish({ ok: true, result: [] });
    this.pendingPoll = undefined;
  }

  pushUpdate(input: UpdateInput): Update {
    const update = { ...input, update_id: input.update_id ?? this.nextUpdateId } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, update.update_id + 1);
    this.store.learnFromUpdate(update);
    this.queue.push({ update, delivered: false });
    this.scheduleFlush();
    return update;
  }

  pendingUpdates(): Update[] {
    return this.queue.map((q) => q.update);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      const poll = this.pendingPoll;
      if (!poll || this.queue.length === 0) return;
      this.pendingPoll = undefined;
      poll.finish({ ok: true, result: this.takeUpdates(poll.limit) });
    });
  }

  takeUpdates(limit: number): Update[] {
    const batch = this.queue.slice(0, limit);
    for (const q of batch) q.delivered = true;
    return batch.map((q) => q.update);
  }

  confirmOffset(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((q) => !(q.delivered && q.update.update_id < offset));
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }
}
