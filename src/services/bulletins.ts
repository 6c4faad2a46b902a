import { LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import type { DraftService } from './drafts.ts';
import { writeAudit } from './audit.ts';

/** Owner of drafts written by the office's weekly job: any admin may publish or discard them. */
const OFFICE_DRAFT_OWNER = 0n;

/** The weekly bulletin (通报): a draft for the office, published once by whoever presses first. */
export class BulletinService {
  constructor(
    private readonly db: Db,
    private readonly drafts: DraftService,
    private readonly now: () => Date,
  ) {}

  saveDraft(chatId: bigint, text: string): Promise<number> {
    return this.drafts.save('bulletin', OFFICE_DRAFT_OWNER, chatId, { text });
  }

  /**
   * Takes the draft for publishing or discarding: its text, or null when it is gone (a double press, two admins
   * at once, or expired). Whoever removes the draft is the one who acts on it.
   */
  async take(draftId: number): Promise<string | null> {
    const draft = await this.drafts.open<{ text: string }>('bulletin', draftId, OFFICE_DRAFT_OWNER);
    if (!draft.ok || !(await this.drafts.finish(draftId))) return null;
    return draft.value.text;
  }

  /** Records the publication with the messages it owes (`owe`, same transaction), audited. */
  async publish(draftId: number, by: bigint, chats: number, owe: (tx: Tx) => Promise<unknown>): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await owe(tx);
      await writeAudit(tx, { at: this.now(), actorTelegramId: by, action: 'bulletin.publish', entity: 'bulletin', entityId: draftId, after: { chats } });
    }, LONG_TRANSACTION);
  }
}
