// Group commit for PostgreSQL hot paths: on a busy bot each statement's round trip, socket writes and commit
// cost more than its work in the database, so the items of a burst go as one statement.

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs items as batches, one statement each. An item goes in the next turn of the event loop with the others
 * of its turn; while `maxInFlight` batches are in flight, items wait and go together when one returns (a lone
 * item on a quiet bot waits for nothing). `run` answers each item, in order. A batch that fails is tried again
 * item by item, in order — the failed statement wrote nothing — so one bad item fails alone.
 */
export class Batches<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    // One: a second statement in flight only competes for the same cores (measured on 2), the next batch grows
    // instead. The statements batched here take no lock another transaction holds for long.
    private readonly maxInFlight = 1,
    private readonly maxSize = 200,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.scheduled && this.inFlight < this.maxInFlight) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxSize);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async send(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const answers = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One after another: the items are answered in the order they came, as a batch answers them.
      for (const w of batch) await this.run([w.item]).then(([answer]) => w.resolve(answer!), w.reject);
    }
  }
}
