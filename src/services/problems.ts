import type { Db, Tx } from '../db/types.ts';
import type { ActionContext } from '../domain/actor.ts';
import { daysBetween, localDate } from '../domain/calendar.ts';
import { defaultDueDate, FOUND_BY, PROBLEM_KINDS, problemCode, type FoundBy, type ProblemKind, type ProblemStatus } from '../domain/problems.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { auditedResult, writeAudit } from './audit.ts';
import type { EvidenceInput } from '../domain/reports.ts';

// ───────────────────────────── the service ─────────────────────────────

export interface NewProblemInput {
  kind: ProblemKind;
  description: string | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  foundBy: FoundBy;
  unitId: number;
  dueDate: string;
  evidence: EvidenceInput[];
}

export interface ProblemRow {
  id: number;
  kind: string;
  description: string;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  foundBy: string;
  unitId: number;
  dueDate: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  unit: { name: string };
}

export interface ProblemFilter {
  statuses?: ProblemStatus[];
  unitId?: number;
  kind?: ProblemKind;
}

const withUnit = { unit: { select: { name: true } } } as const;

/**
 * Problem tickets (环境问题): a fire point, dust, a complaint, an inspector's finding. Each change is checked,
 * written in one transaction with its evidence and one audit row (entity 'problem'), and returned as a value;
 * the caller tells the chats. Lifecycle: open → fixed (the unit, with an after photo) → closed (销号, the
 * office) or back to open (rejected, with a reason).
 */
export class ProblemService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly timeZone: string,
    private readonly deadlineDays: Readonly<Record<ProblemKind, number>>,
  ) {}

  today(): string {
    return localDate(this.now(), this.timeZone);
  }

  /** The deadline a problem of this kind entered today gets when none is typed. */
  defaultDueDate(kind: ProblemKind): string {
    return defaultDueDate(kind, this.today(), this.deadlineDays);
  }

  async create(at: ActionContext, input: NewProblemInput): Promise<Result<ProblemRow & { evidenceIds: number[] }>> {
    const { actor } = at;
    if (actor.role !== 'admin' && actor.role !== 'leader' && actor.role !== 'liaison') return auditedResult(this.db, at, 'problem', null, fail('problem-create-not-allowed'));
    if (actor.role === 'liaison' && actor.unitId !== input.unitId) return auditedResult(this.db, at, 'problem', null, fail('problem-not-your-unit'));
    if (!(PROBLEM_KINDS as readonly string[]).includes(input.kind) || !(FOUND_BY as readonly string[]).includes(input.foundBy)) return fail('errors-bad-args');
    if (daysBetween(this.today(), input.dueDate) < 0) return fail('problem-due-in-past', { date: input.dueDate });
    const unit = await this.db.unit.findUnique({ where: { id: input.unitId }, select: { id: true, name: true, kind: true } });
    if (!unit) return fail('unit-unknown', { name: String(input.unitId) });
    if (unit.kind !== 'department' && unit.kind !== 'township') return fail('problem-unit-kind', { unit: unit.name });
    return this.db.$transaction(async (tx) => {
      const createdAt = this.now();
      const problem = await tx.problem.create({
        data: {
          kind: input.kind,
          description: input.description ?? '',
          location: input.location,
          latitude: input.latitude,
          longitude: input.longitude,
          foundBy: input.foundBy,
          unitId: unit.id,
          dueDate: input.dueDate,
          reportedByTelegramId: actor.telegramId,
          createdAt,
        },
        include: withUnit,
      });
      const evidenceIds = await this.addEvidence(tx, problem.id, 'before', input.evidence, createdAt);
      await this.audit(tx, at, problem.id, 'problem.create', undefined, {
        status: 'open',
        kind: input.kind,
        unit: unit.name,
        foundBy: input.foundBy,
        dueDate: input.dueDate,
        location: input.location,
        photos: evidenceIds.length,
      });
      return ok({ ...problem, evidenceIds });
    });
  }

  /** The unit says it is put right, with an after photo (required). `round` counts the fixes, for the notice key. */
  async fix(at: ActionContext, input: { problemId: number; note: string | null; evidence: EvidenceInput[] }) {
    return this.transition(at, input.problemId, 'fix', input.note, input.evidence);
  }

  /** The office verifies and closes (销号). */
  async verify(at: ActionContext, problemId: number, note: string | null) {
    return this.transition(at, problemId, 'verify', note, []);
  }

  /** The office sends a fixed problem back to the unit, with a reason. */
  async reject(at: ActionContext, problemId: number, reason: string) {
    return this.transition(at, problemId, 'reject', reason, []);
  }

  private async transition(
    at: ActionContext,
    problemId: number,
    action: 'fix' | 'verify' | 'reject',
    text: string | null,
    evidence: EvidenceInput[],
  ): Promise<Result<{ problem: ProblemRow; round: number; evidenceIds: number[] }>> {
    const { actor } = at;
    const code = problemCode(problemId);
    if (action !== 'fix' && actor.role !== 'admin') return auditedResult(this.db, at, 'problem', problemId, fail('errors-not-allowed-action'));
    return auditedResult(this.db, at, 'problem', problemId, await this.db.$transaction(async (tx) => {
      const problem = await tx.problem.findUnique({ where: { id: problemId }, include: withUnit });
      if (!problem) return fail('problem-unknown', { code });
      if (action === 'fix' && actor.role !== 'admin' && !(actor.role === 'liaison' && actor.unitId === problem.unitId)) {
        return fail('problem-not-your-unit');
      }
      const from = action === 'fix' ? 'open' : 'fixed';
      if (problem.status !== from) return fail(`problem-cannot-${action}-${problem.status}`, { code });
      if (action === 'fix' && evidence.length === 0) return fail('problem-fixed-needs-photo', { code });
      const to = action === 'fix' ? 'fixed' : action === 'verify' ? 'closed' : 'open';
      const when = this.now();
      // Conditional on the status read above: of two presses at once, one wins and the other changes nothing.
      const changed = await tx.problem.updateMany({
        where: { id: problem.id, status: from },
        data: { status: to, closedAt: to === 'closed' ? when : null, ...(action === 'reject' ? { rejectedAt: when } : {}) },
      });
      if (changed.count === 0) return fail('problem-changed', { code });
      const evidenceIds = await this.addEvidence(tx, problem.id, 'after', evidence, when);
      const round = (await tx.auditLog.count({ where: { entity: 'problem', entityId: String(problem.id), action: `problem.${action}` } })) + 1;
      await this.audit(tx, at, problem.id, `problem.${action}`, { status: from }, {
        status: to,
        ...(text !== null ? { [action === 'reject' ? 'reason' : 'note']: text } : {}),
        ...(evidenceIds.length > 0 ? { photos: evidenceIds.length } : {}),
      });
      return ok({ problem: { ...problem, status: to, closedAt: to === 'closed' ? when : null }, round, evidenceIds });
    }));
  }

  async keepEvidenceCopy(evidenceId: number, storedPath: string): Promise<void> {
    await this.db.problemEvidence.update({ where: { id: evidenceId }, data: { storedPath } });
  }

  list(filter: ProblemFilter = {}): Promise<ProblemRow[]> {
    return this.db.problem.findMany({
      where: {
        ...(filter.statuses ? { status: { in: filter.statuses } } : {}),
        ...(filter.unitId ? { unitId: filter.unitId } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      },
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      include: withUnit,
    });
  }

  /** Everything /problem P7 shows: the problem, its evidence by stage, every change with who and when. */
  async detail(problemId: number) {
    const problem = await this.db.problem.findUnique({ where: { id: problemId }, include: { ...withUnit, evidence: { select: { stage: true, kind: true } } } });
    if (!problem) return null;
    const trail = await this.db.auditLog.findMany({ where: { entity: 'problem', entityId: String(problemId) }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    const ids = [...new Set([problem.reportedByTelegramId, ...trail.map((a) => a.actorTelegramId).filter((id): id is bigint => id !== null)])];
    const names = new Map((await this.db.member.findMany({ where: { telegramId: { in: ids } }, select: { telegramId: true, displayName: true } })).map((m) => [m.telegramId, m.displayName]));
    return {
      problem,
      before: problem.evidence.filter((e) => e.stage === 'before').length,
      after: problem.evidence.filter((e) => e.stage === 'after').length,
      trail: trail.map((a) => ({
        at: a.at,
        action: a.action,
        actorName: a.actorTelegramId === null ? null : (names.get(a.actorTelegramId) ?? String(a.actorTelegramId)),
        after: parseJson(a.after),
      })),
    };
  }

  private async addEvidence(tx: Tx, problemId: number, stage: 'before' | 'after', evidence: EvidenceInput[], createdAt: Date): Promise<number[]> {
    const ids: number[] = [];
    for (const file of evidence) {
      const row = await tx.problemEvidence.create({
        data: { problemId, stage, kind: file.kind, fileId: file.fileId, fileUniqueId: file.fileUniqueId, createdAt },
        select: { id: true },
      });
      ids.push(row.id);
    }
    return ids;
  }

  /** Problems still open, or escalated and not yet reset: what the escalation run judges. */
  escalationCandidates() {
    return this.db.problem.findMany({ where: { OR: [{ status: 'open' }, { escalationLevel: { gt: 0 } }] }, orderBy: { id: 'asc' }, include: withUnit });
  }

  /** Problems still waiting for the unit's rectification: the morning reminders and the bulletin list them. */
  open(): Promise<ProblemRow[]> {
    return openProblems(this.db);
  }

  /** Problems not yet closed, each costing its unit points until verified: for the digest. */
  unclosed(): Promise<{ unitId: number; foundBy: FoundBy }[]> {
    return unclosedProblems(this.db);
  }

  private audit(tx: Tx, at: ActionContext, problemId: number, action: string, before: unknown, after: unknown) {
    return writeAudit(tx, { at: this.now(), actorTelegramId: at.actor.telegramId, chatId: at.chatId, action, entity: 'problem', entityId: problemId, before, after });
  }
}

export type ProblemDetail = NonNullable<Awaited<ReturnType<ProblemService['detail']>>>;

function parseJson(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Problems not yet closed (open, or fixed and waiting for the office's verification): each costs its unit
 * points in the ranking until it is closed (销号). For the digest.
 */
export async function unclosedProblems(db: Db): Promise<{ unitId: number; foundBy: FoundBy }[]> {
  const rows = await db.problem.findMany({ where: { status: { in: ['open', 'fixed'] } }, select: { unitId: true, foundBy: true } });
  return rows.filter((r) => (FOUND_BY as readonly string[]).includes(r.foundBy)).map((r) => ({ unitId: r.unitId, foundBy: r.foundBy as FoundBy }));
}

/** Problems still waiting for the unit's rectification: the morning reminders and the bulletin list them. */
function openProblems(db: Db): Promise<ProblemRow[]> {
  return db.problem.findMany({ where: { status: 'open' }, orderBy: [{ dueDate: 'asc' }, { id: 'asc' }], include: withUnit });
}
