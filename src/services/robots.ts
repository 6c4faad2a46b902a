import { createHmac } from 'node:crypto';
import type { Db, Tx } from '../db/types.ts';
import { ROBOT_KINDS, robotUrlLabel, type RobotKind } from '../domain/robots.ts';

/** A robot as the broadcasts address it. */
export interface RobotTarget {
  id: number;
  kind: RobotKind;
  unitId: number | null;
  mentions: string[];
}

/** A robot as /robots lists it. */
interface RobotStatus extends RobotTarget {
  owner: string;
  unitName: string | null;
  label: string;
  lastSentAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  failing: boolean;
}

const ownerOrder = (owner: string) => (owner === 'office' ? 0 : owner === 'leadership' ? 1 : 2);

/**
 * The group robots (WeCom, DingTalk, Feishu) of the units, the leadership and the office, as the organisation
 * file set them (src/services/org-import.ts): who has which, for the broadcasts and /robots. Only active ones.
 */
export class RobotService {
  /**
   * `publicUrl`: where DingTalk and Feishu fetch chart images (PUBLIC_URL); `imageKey`: the secret the images'
   * paths are derived from (the bot's token), so a path cannot be guessed and the same message gets the same one.
   */
  constructor(
    private readonly db: Db,
    private readonly images: { publicUrl: string | undefined; imageKey: string },
  ) {}

  /** Keeps a chart for the robots that take images only by URL; the URL, or undefined without PUBLIC_URL. */
  async publishImage(owedKey: string, png: Buffer): Promise<string | undefined> {
    if (!this.images.publicUrl) return undefined;
    const token = createHmac('sha256', this.images.imageKey).update(`robot-image:${owedKey}`).digest('base64url');
    await this.db.robotImage.upsert({ where: { token }, create: { token, png: new Uint8Array(png) }, update: {} });
    return `${this.images.publicUrl}/robot-images/${token}.png`;
  }

  /** The PNG kept under a token, for the HTTP server. */
  async image(token: string): Promise<Buffer | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const row = await this.db.robotImage.findUnique({ where: { token } });
    return row ? Buffer.from(row.png) : null;
  }

  private async find(where: { owner?: string; unitId?: { in: number[] } | { not: null } }, tx: Db | Tx = this.db): Promise<RobotTarget[]> {
    const rows = await tx.robot.findMany({ where: { active: true, ...where }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
    return rows.filter((r) => ROBOT_KINDS.includes(r.kind as RobotKind)).map((r) => ({ id: r.id, kind: r.kind as RobotKind, unitId: r.unitId, mentions: JSON.parse(r.mentions) as string[] }));
  }

  leadership(tx?: Db | Tx): Promise<RobotTarget[]> {
    return this.find({ owner: 'leadership' }, tx);
  }

  office(tx?: Db | Tx): Promise<RobotTarget[]> {
    return this.find({ owner: 'office' }, tx);
  }

  /** The robots of the given units (every unit's when none are given). */
  ofUnits(unitIds?: readonly number[], tx?: Db | Tx): Promise<RobotTarget[]> {
    return this.find({ owner: 'unit', unitId: unitIds ? { in: [...unitIds] } : { not: null } }, tx);
  }

  /** The robots of a unit, or of the leadership or the office group. */
  of(owner: { unitId: number } | 'leadership' | 'office'): Promise<RobotTarget[]> {
    return owner === 'leadership' ? this.leadership() : owner === 'office' ? this.office() : this.ofUnits([owner.unitId]);
  }

  async list(): Promise<RobotStatus[]> {
    const rows = await this.db.robot.findMany({ where: { active: true }, include: { unit: { select: { name: true, sortOrder: true } } } });
    return rows
      .filter((r) => ROBOT_KINDS.includes(r.kind as RobotKind))
      .sort((a, b) => ownerOrder(a.owner) - ownerOrder(b.owner) || (a.unit?.sortOrder ?? 0) - (b.unit?.sortOrder ?? 0) || a.sortOrder - b.sortOrder)
      .map((r) => ({
        id: r.id,
        kind: r.kind as RobotKind,
        unitId: r.unitId,
        mentions: JSON.parse(r.mentions) as string[],
        owner: r.owner,
        unitName: r.unit?.name ?? null,
        label: robotUrlLabel(r.url),
        lastSentAt: r.lastSentAt,
        lastError: r.lastError,
        lastErrorAt: r.lastErrorAt,
        failing: r.failingSince !== null,
      }));
  }
}
