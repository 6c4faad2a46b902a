import { isUniqueViolation, LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import { localDate } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { DraftService } from './drafts.ts';
import { writeAudit } from './audit.ts';

/** Owner of bulletin drafts: any admin may edit, publish or discard them, whoever or whatever drafted them. */
const OFFICE_DRAFT_OWNER = 0n;
/** Another publish took the number meanwhile (PostgreSQL, two drafts at once): the loser tries again with the next. */
const PUBLISH_ATTEMPTS = 5;

interface BulletinDraft {
  /** The editable part as HTML: everything but the title with its number and the 落款, which publishing adds. */
  text: string;
}

/** What publishing did: the number it took, or the earlier publication's when it had already been published. */
export interface Publication {
  year: number;
  number: number;
  text: string;
  /** True when this draft had been published before (a second press): nothing more was owed. */
  already: boolean;
}

/** Parts completed and tasks closed (销号) in a period, for the bulletin's first section. */
interface CompletedWork {
  parts: { taskId: number; title: string; unitName: string }[];
  closed: { taskId: number; title: string }[];
}

/**
 * The bulletin (通报): a draft the office edits, then published once, numbered 第 N 期 of its year at that moment.
 * Publishing removes the draft, takes the number, records the bulletin and owes its messages in one transaction,
 * so a second press, a second admin or a second instance publishes nothing more and takes no number.
 */
export class BulletinService {
  constructor(
    private readonly db: Db,
    private readonly drafts: DraftService,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  saveDraft(chatId: bigint, text: string): Promise<number> {
    return this.drafts.save('bulletin', OFFICE_DRAFT_OWNER, chatId, { text } satisfies BulletinDraft);
  }

  /** The draft's editable text, or draft-gone once it was published, discarded or expired. */
  async draft(draftId: number): Promise<Result<string>> {
    const draft = await this.drafts.open<BulletinDraft>('bulletin', draftId, OFFICE_DRAFT_OWNER);
    return draft.ok ? ok(draft.value.text) : draft;
  }

  /** Replaces the draft's text (the office's edit), audited; draft-gone when there is no draft to edit. */
  async edit(draftId: number, text: string, by: bigint): Promise<Result<void>> {
    const before = await this.draft(draftId);
    if (!before.ok) return before;
    await this.drafts.update(draftId, { text } satisfies BulletinDraft);
    await writeAudit(this.db, { at: this.now(), actorTelegramId: by, action: 'bulletin.edit', entity: 'bulletin-draft', entityId: draftId, after: { length: text.length } });
    return ok(undefined);
  }

  /** Discards the draft; false when it was already gone (published, discarded by someone else, or expired). */
  async discard(draftId: number): Promise<boolean> {
    return (await this.draft(draftId)).ok && (await this.drafts.finish(draftId));
  }

  /** When the last bulletin was published, or null before the first: the start of the next one's period. */
  async lastPublishedAt(): Promise<Date | null> {
    const last = await this.db.bulletin.findFirst({ orderBy: { publishedAt: 'desc' }, select: { publishedAt: true } });
    return last?.publishedAt ?? null;
  }

  /** Parts finished and tasks closed (销号) since `since`, cancelled tasks left out, oldest first. */
  async completedSince(since: Date): Promise<CompletedWork> {
    const [parts, closures] = await Promise.all([
      this.db.taskAssignment.findMany({
        where: { doneAt: { gte: since }, task: { status: { not: 'cancelled' } } },
        select: { taskId: true, unit: { select: { name: true } }, task: { select: { title: true } } },
        orderBy: [{ doneAt: 'asc' }, { id: 'asc' }],
      }),
      this.db.auditLog.findMany({ where: { action: 'task.close', at: { gte: since } }, select: { entityId: true }, orderBy: { at: 'asc' } }),
    ]);
    const closedIds = [...new Set(closures.map((c) => Number(c.entityId)))];
    // Closed then, and still closed: a task reopened since is not reported as 销号.
    const closed = await this.db.task.findMany({ where: { id: { in: closedIds }, status: 'closed' }, select: { id: true, title: true } });
    const order = new Map(closedIds.map((id, i) => [id, i]));
    return {
      parts: parts.map((p) => ({ taskId: p.taskId, title: p.task.title, unitName: p.unit.name })),
      closed: closed.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((t) => ({ taskId: t.id, title: t.title })),
    };
  }

  /**
   * Publishes the draft once: takes the draft, gives it the next number of the year, renders its final text
   * (`render`), records it and owes its messages (`owe`, same transaction), audited. A draft published before
   * answers with that publication and owes nothing; a draft discarded or expired is draft-gone.
   */
  async publish(
    draftId: number,
    by: bigint,
    render: (draft: string, numbered: { year: number; number: number; publishedAt: Date }) => string,
    owe: (tx: Tx, text: string) => Promise<number>,
  ): Promise<Result<Publication>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.$transaction((tx) => this.publishIn(tx, draftId, by, render, owe), LONG_TRANSACTION);
      } catch (error) {
        // Only the (year, number) or draftId constraint: someone published meanwhile. Look again.
        if (!isUniqueViolation(error) || attempt === PUBLISH_ATTEMPTS) throw error;
      }
    }
  }

  private async publishIn(
    tx: Tx,
    draftId: number,
    by: bigint,
    render: (draft: string, numbered: { year: number; number: number; publishedAt: Date }) => string,
    owe: (tx: Tx, text: string) => Promise<number>,
  ): Promise<Result<Publication>> {
    const earlier = async () => {
      const published = await tx.bulletin.findUnique({ where: { draftId } });
      return published ? ok({ year: published.year, number: published.number, text: published.text, already: true }) : null;
    };
    const before = await earlier();
    if (before) return before;
    const draft = await this.drafts.open<BulletinDraft>('bulletin', draftId, OFFICE_DRAFT_OWNER, tx);
    if (!draft.ok) return (await earlier()) ?? draft;
    // Whoever removes the draft publishes it. On PostgreSQL a second transaction waits here for the first, then
    // removes nothing and finds the first one's bulletin.
    const { count } = await tx.draft.deleteMany({ where: { id: draftId } });
    if (count === 0) return (await earlier()) ?? fail('draft-gone');
    const publishedAt = this.now();
    const year = Number(localDate(publishedAt, this.timeZone).slice(0, 4));
    const last = await tx.bulletin.aggregate({ where: { year }, _max: { number: true } });
    const number = (last._max.number ?? 0) + 1;
    const text = render(draft.value.text, { year, number, publishedAt });
    await tx.bulletin.create({ data: { year, number, draftId, text, publishedAt, publishedBy: by } });
    const chats = await owe(tx, text);
    await writeAudit(tx, { at: publishedAt, actorTelegramId: by, action: 'bulletin.publish', entity: 'bulletin', entityId: draftId, after: { year, number, chats } });
    return ok({ year, number, text, already: false });
  }
}
