/** The record of every request the fake got, and the waiters that tests park on it. */
import type { RecordedCall, SentItem, WaitOptions } from './types.ts';
import { asString, chatKey } from './values.ts';

interface Waiter {
  method: string;
  since: number;
  match: (c: RecordedCall) => boolean;
  resolve: (c: RecordedCall) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class CallLog {
  private recorded: RecordedCall[] = [];
  private nextSeq = 0;
  private waiters = new Set<Waiter>();

  constructor(
    private readonly maxRecorded: number,
    private readonly isClosed: () => boolean,
  ) {}

  /** the seq for a call about to be recorded */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** rejects every pending waitForCall */
  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`fake telegram closed while waiting for ${w.method}`));
    }
    this.waiters.clear();
  }

  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.recorded] : this.recorded.filter((c) => c.method === method);
  }

  clearCalls(): void {
    this.recorded = [];
  }

  mark(): number {
    return this.nextSeq;
  }

  waitForCall(
    method: string,
    predicateOrOptions?: ((call: RecordedCall) => boolean) | WaitOptions,
    timeoutMs?: number,
  ): Promise<RecordedCall> {
    const opts: WaitOptions =
      typeof predicateOrOptions === 'function' ? { where: predicateOrOptions } : { ...predicateOrOptions };
    const timeout = timeoutMs ?? opts.timeoutMs ?? 5000;
    const since = opts.since ?? 0;
    const chat = opts.chatId === undefined ? undefined : chatKey(opts.chatId);
    const match = (c: RecordedCall) =>
      (chat === undefined || chatKey(c.params.chat_id) === chat) && (opts.where === undefined || opts.where(c));
    for (const c of this.recorded) {
      if (c.method === method && c.seq >= since && this.isDone(c) && match(c)) return Promise.resolve(c);
    }
    if (this.isClosed()) return Promise.reject(new Error('fake telegram is closed'));
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        since,
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const recent = this.calls(method)
            .slice(-5)
            .map((c) => `#${c.seq} ${JSON.stringify(c.params).slice(0, 200)} -> ${JSON.stringify(c.response)?.slice(0, 120)}`);
          reject(
            new Error(
              `waitForCall('${method}'${chat !== undefined ? `, chat ${chat}` : ''}, since ${since}) timed out after ${timeout}ms.` +
                ` Last ${method} calls:\n${recent.join('\n') || '(none)'}\nAll methods seen: ${[...new Set(this.recorded.map((c) => c.method))].join(', ')}`,
            ),
          );
        }, timeout),
      };
      this.waiters.add(waiter);
    });
  }

  sentItems(chatId?: number | string): SentItem[] {
    const chat = chatId === undefined ? undefined : chatKey(chatId);
    const out: SentItem[] = [];
    for (const c of this.recorded) {
      if (c.response?.ok !== true) continue;
      let text: string | undefined;
      if (c.method === 'sendMessage' || c.method === 'editMessageText') text = asString(c.params.text);
      else if (c.method === 'sendPhoto' || c.method === 'sendDocument') text = asString(c.params.caption);
      else if (c.method === 'sendMediaGroup') {
        // One item for the album: its captions, one a line.
        const media = typeof c.params.media === 'string' ? (JSON.parse(c.params.media) as { caption?: string }[]) : [];
        text = media.map((m) => m.caption ?? '').join('\n');
      }
      if (text === undefined) continue;
      const key = c.params.chat_id === undefined ? '' : chatKey(c.params.chat_id);
      if (chat !== undefined && key !== chat) continue;
      out.push({ seq: c.seq, method: c.method, chatId: key, text });
    }
    return out;
  }

  sent(chatId?: number | string): string[] {
    return this.sentItems(chatId).map((s) => s.text);
  }

  private isDone(c: RecordedCall): boolean {
    return c.response !== undefined || c.dropped === true;
  }

  record(call: RecordedCall): void {
    this.recorded.push(call);
    // trim in chunks so benchmarks don't pay an O(n) splice per request
    if (this.recorded.length > this.maxRecorded + Math.max(1, this.maxRecorded >> 4)) {
      this.recorded.splice(0, this.recorded.length - this.maxRecorded);
    }
  }

  complete(call: RecordedCall): void {
    for (const w of this.waiters) {
      if (w.method === call.method && call.seq >= w.since && w.match(call)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(call);
      }
    }
  }
}
