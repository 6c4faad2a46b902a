import type { Transformer } from 'grammy';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the outbox holds at a scrape: rows by status and the age of the oldest row waiting to be sent. */
export interface OutboxDepth {
  byStatus: Record<string, number>;
  oldestPendingSeconds: number | null;
}

/**
 * The bot's Prometheus series, on a registry of its own (two apps in one test process do not share counters).
 * Everything is counted where it happens, but the outbox, which is read when scraped.
 */
export class Metrics {
  readonly registry = new Registry();

  /** An update handled: `command` is the command or button prefix (or the update's kind), `outcome` ok | refused | error | duplicate. */
  readonly updates = new Counter({
    name: 'duban_updates_total',
    help: 'Updates handled, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly handlerSeconds = new Histogram({
    name: 'duban_update_handler_seconds',
    help: 'Time from an update reaching the bot to its handler finishing, by command',
    labelNames: ['command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** `status` is `ok`, Telegram's error code (`429`, `400`, …) or `network`. */
  readonly botApiCalls = new Counter({
    name: 'duban_bot_api_calls_total',
    help: 'Bot API calls, by method and status',
    labelNames: ['method', 'status'] as const,
    registers: [this.registry],
  });

  readonly floodWaits = new Counter({
    name: 'duban_bot_api_429_total',
    help: 'Bot API calls answered 429 Too Many Requests, by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: 'duban_job_runs_total',
    help: 'Scheduled job runs, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobSeconds = new Histogram({
    name: 'duban_job_duration_seconds',
    help: 'Scheduled job run time, by job',
    labelNames: ['job'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly lastDigest = new Gauge({
    name: 'duban_last_digest_success_timestamp_seconds',
    help: 'When the daily digest last ran to the end (Unix time)',
    registers: [this.registry],
  });

  constructor() {
    // The event-loop lag is sampled every 5 s, not every 10 ms as prom-client does: each sample wakes the idle
    // process, and on a 2-core VM a wake-up costs about half a millisecond of CPU (once a second was 25-30 ms of an
    // idle minute, bench/footprint.ts). A stall longer than 5 s is always seen; shorter ones in proportion to their
    // length. What users wait for is duban_update_handler_seconds, measured on every update.
    collectDefaultMetrics({ register: this.registry, prefix: 'duban_', eventLoopMonitoringPrecision: 5000 });
  }

  /** The outbox gauges, read from the database at each scrape so they are never stale. */
  observeOutbox(depth: () => Promise<OutboxDepth>): void {
    new Gauge({
      name: 'duban_outbox_messages',
      help: 'Outbox rows, by status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [status, count] of Object.entries((await depth()).byStatus)) this.set({ status }, count);
      },
    });
    new Gauge({
      name: 'duban_outbox_oldest_pending_seconds',
      help: 'How long the oldest due outbox row has waited to be sent (0 when none waits)',
      registers: [this.registry],
      async collect() {
        this.set((await depth()).oldestPendingSeconds ?? 0);
      },
    });
  }

  /** Records a job run; a digest that ran to the end also sets the last-digest time. */
  jobRan(job: string, outcome: 'ok' | 'failed', seconds: number, at: Date): void {
    this.jobRuns.inc({ job, outcome });
    this.jobSeconds.observe({ job }, seconds);
    if (job === 'digest' && outcome === 'ok') this.lastDigest.set(at.getTime() / 1000);
  }

  /** A grammY API transformer counting every call by method and outcome (installed on the bot's and the sender's Api). */
  botApi(): Transformer {
    return async (prev, method, payload, signal) => {
      let status = 'network';
      try {
        const result = await prev(method, payload, signal);
        status = result.ok ? 'ok' : String(result.error_code);
        return result;
      } finally {
        this.botApiCalls.inc({ method, status });
        if (status === '429') this.floodWaits.inc({ method });
      }
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
