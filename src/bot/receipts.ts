import type { Transformer } from 'grammy';

/**
 * The updates of one getUpdates are confirmed to Telegram by the next getUpdates (its offset), after which Telegram
 * will not send them again; grammY's runner sends it as soon as it has room. So the next one waits until every
 * update handed over so far is recorded (UpdateLog.receive, through onlyOnce): a process that dies in between
 * leaves those updates with Telegram, to be fetched again, instead of losing them.
 */
export class Receipts {
  private readonly pending = new Set<Promise<unknown>>();

  /** Notes an update's receipt (the statement that records it) until it settles. */
  track<T>(receipt: Promise<T>): Promise<T> {
    this.pending.add(receipt);
    const settled = () => this.pending.delete(receipt);
    receipt.then(settled, settled);
    return receipt;
  }

  /** The transformer that holds each getUpdates until the receipts started before it have settled. */
  beforeConfirming(): Transformer {
    return async (prev, method, payload, signal) => {
      if (method === 'getUpdates') await this.settled(signal as AbortSignal | undefined);
      return prev(method, payload, signal);
    };
  }

  private async settled(signal: AbortSignal | undefined): Promise<void> {
    // The updates of the last getUpdates are handed to their middleware in this turn: let their receipts start.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.pending.size === 0 || signal?.aborted) return;
    // A receipt that failed has been answered as a failure (onlyOnce throws): waiting longer would not record it.
    // The runner passes one signal for all its calls: the listener goes once this call has waited.
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    signal?.addEventListener('abort', stop, { once: true });
    try {
      await Promise.race([Promise.allSettled([...this.pending]), stopped]);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }
}
