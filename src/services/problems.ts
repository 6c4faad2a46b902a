import type { Db, Tx } from '../db/types.ts';
import type { Actor } from '../bot/context.ts';
import { addDays, daysBetween, localDate } from '../domain/calendar.ts';
import { fail, ok, type Result, type UserError } from '../domain/result.ts';
import { writeAudit } from './audit.ts';
import type { EvidenceInput } from './tasks.ts';
import type { Services } from './index.ts';

// ───────────────────────────── words and rules (pure) ─────────────────────────────

export const PROBLEM_KINDS = ['fire', 'dust', 'complaint', 'inspection', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** Who found a problem; the scoring rules deduct by this level (src/config/rules.ts, problemPenalty). */
export const FOUND_BY = ['county', 'city', 'province', 'central'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export const PROBLEM_STATUSES = ['open', 'fixed', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/**
 * The rectification deadline (整改时限) a problem gets when none is typed, in days after the day it is
 * entered: a fire point (着火点 / straw burning) must be put out and cleared the next day; dust (扬尘) within
 * 3 days; a complaint (信访) within the 15 days of the complaint rules; an inspector's finding (督察反馈)
 * within 30 days; anything else within 7. A typed `due:` always wins.
 */
export const PROBLEM_DEADLINE_DAYS: Readonly<Record<ProblemKind, number>> = {
  fire: 1,
  dust: 3,
  complaint: 15,
  inspection: 30,
  other: 7,
};

/** Words people type for each kind, in both languages (compared after NFKC and lower-casing). */
const KIND_WORDS: Record<ProblemKind, string[]> = {
  fire: ['fire', 'burning', 'fire-point', '着火点', '火点', '秸秆焚烧', '焚烧', '露天焚烧', '秸秆'],
  dust: ['dust', '扬尘'],
  complaint: ['complaint', '信访', '投诉', '举报'],
  inspection: ['inspection', 'inspector', '督察反馈', '督察', '督查', '督查反馈'],
  other: ['other', '其他', '其它'],
};

const FOUND_WORDS: Record<FoundBy, string[]> = {
  county: ['county', '县级', '县', '县里', '本级'],
  city: ['city', '市级', '市', '市里'],
  province: ['province', 'provincial', '省级', '省', '省里'],
  central: ['central', 'national', '中央', '中央级', '国家', '国家级'],
};

const STATUS_WORDS: Record<ProblemStatus | 'all', string[]> = {
  open: ['open', '待整改', '未整改', '整改中', '未销号'],
  fixed: ['fixed', '已整改', '待核验', '待销号'],
  closed: ['closed', '已销号', '销号', '已核验'],
  all: ['all', '全部', '所有'],
};

const norm = (word: string) => word.normalize('NFKC').trim().toLowerCase();
const lookup = <K extends string>(table: Record<K, string[]>) => {
  const map = new Map<string, K>();
  for (const [key, words] of Object.entries(table) as [K, string[]][]) for (const w of words) map.set(norm(w), key);
  return (word: string): K | null => map.get(norm(word)) ?? null;
};

/** 着火点 → fire, Dust → dust; null for a word that names no kind. */
export const parseKind = lookup(KIND_WORDS);
/** 市级 → city; null for a word that names no level. */
export const parseFoundBy = lookup(FOUND_WORDS);
/** open / 待整改 → open, all / 全部 → all. */
export const parseProblemStatus = lookup(STATUS_WORDS);

/** The deadline a new problem of this kind gets when entered on `today`. */
export const defaultDueDate = (kind: ProblemKind, today: string): string => addDays(today, PROBLEM_DEADLINE_DAYS[kind]);

const MAX_ID = 2 ** 31 - 1;
export const problemCode = (id: number) => `P${id}`;

/** A problem as typed: P7, p7, #7 or 7. */
export function parseProblemCode(token: string): number | null {
  if (token.length > 32) return null;
  const match = /^[Pp#]?(\d{1,10})$/.exec(token.normalize('NFKC').trim());
  if (!match) return null;
  const id = Number(match[1]);
  return id >= 1 && id <= MAX_ID ? id : null;
}

/** Only the P prefix: what tells /reject a problem from a task. */
export const looksLikeProblemCode = (token: string | undefined): boolean => /^[Pp]\d/.test((token ?? '').normalize('NFKC').trim());

// ───────────────────────────── the one-line form (pure) ─────────────────────────────

/** `/problem 着火点 [description] | unit: 城关镇 | where: 王庄村东 | found: city | due: 2026-12-03 | note: …`, names not resolved. */
export interface ProblemForm {
  kind: ProblemKind;
  description: string | null;
  unit: string | null;
  where: string | null;
  foundBy: FoundBy | null;
  /** the date as typed; parsed against today by the caller */
  due: string | null;
}

type FormField = 'unit' | 'where' | 'foundBy' | 'due' | 'note';

const FIELD_NAMES: Record<string, FormField> = {
  unit: 'unit', 单位: 'unit', 责任单位: 'unit', 属地: 'unit',
  where: 'where', location: 'where', place: 'where', 地点: 'where', 位置: 'where', 地址: 'where',
  found: 'foundBy', 'found-by': 'foundBy', foundby: 'foundBy', by: 'foundBy', level: 'foundBy', 发现: 'foundBy', 发现层级: 'foundBy', 层级: 'foundBy', 来源: 'foundBy',
  due: 'due', deadline: 'due', 时限: 'due', 整改时限: 'due', 截止: 'due', 截止日期: 'due',
  note: 'note', desc: 'note', description: 'note', 说明: 'note', 描述: 'note', 备注: 'note', 情况: 'note',
};

/** Limits on what people type. */
export const PROBLEM_LIMITS = { description: 500, where: 200, name: 60 } as const;

const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/gu;
const clipped = (text: string, max = 20) => [...text].slice(0, max).join('');

/** Parses the one-line form; every problem in it is reported at once. */
export function parseProblemForm(text: string): { form: ProblemForm | null; errors: UserError[] } {
  const errors: UserError[] = [];
  const [head = '', ...fieldParts] = text.normalize('NFKC').split(/[|｜]/u).map((s) => s.trim());
  const [kindWord = '', ...rest] = head.split(/\s+/u).filter(Boolean);
  const kind = parseKind(kindWord);
  if (kindWord === '') errors.push({ key: 'args-problem-kind-missing' });
  else if (kind === null) errors.push({ key: 'args-problem-kind', vars: { word: clipped(kindWord) } });
  const form: ProblemForm = { kind: kind ?? 'other', description: null, unit: null, where: null, foundBy: null, due: null };
  const notes: string[] = [];
  if (rest.length > 0) notes.push(rest.join(' '));
  const seen = new Set<FormField>();
  for (const part of fieldParts) {
    const match = /^([^:：]+)[:：]\s*(.*)$/su.exec(part);
    const field = match ? FIELD_NAMES[norm(match[1]!)] : undefined;
    if (!match || !field) {
      errors.push({ key: 'args-problem-field', vars: { field: clipped(part) } });
      continue;
    }
    const name = match[1]!.trim();
    if (seen.has(field)) errors.push({ key: 'args-problem-repeated', vars: { field: clipped(name) } });
    seen.add(field);
    const value = match[2]!.trim();
    if (value.replace(INVISIBLE, '') === '') {
      errors.push({ key: 'args-problem-empty-field', vars: { field: clipped(name) } });
      continue;
    }
    switch (field) {
      case 'unit':
        if (value.length > PROBLEM_LIMITS.name) errors.push({ key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.name } });
        else form.unit = value;
        break;
      case 'where':
        if (value.length > PROBLEM_LIMITS.where) errors.push({ key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.where } });
        else form.where = value;
        break;
      case 'foundBy': {
        const level = parseFoundBy(value);
        if (level === null) errors.push({ key: 'args-problem-found', vars: { word: clipped(value) } });
        else form.foundBy = level;
        break;
      }
      case 'due':
        form.due = value;
        break;
      case 'note':
        notes.push(value);
        break;
    }
  }
  const description = notes.join(' ').trim();
  if (description.length > PROBLEM_LIMITS.description) errors.push({ key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.description } });
  form.description = description === '' ? null : description;
  return { form: errors.length === 0 ? form : null, errors };
}

// ───────────────────────────── the service ─────────────────────────────

export interface ActionContext {
  actor: Actor;
  chatId: bigint;
}

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
  ) {}

  today(): string {
    return localDate(this.now(), this.timeZone);
  }

  async create(at: ActionContext, input: NewProblemInput): Promise<Result<ProblemRow & { evidenceIds: number[] }>> {
    const { actor } = at;
    if (actor.role !== 'admin' && actor.role !== 'leader' && actor.role !== 'liaison') return fail('problem-create-not-allowed');
    if (actor.role === 'liaison' && actor.unitId !== input.unitId) return fail('problem-not-your-unit');
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
    if (action !== 'fix' && actor.role !== 'admin') return fail('errors-not-allowed-action');
    return this.db.$transaction(async (tx) => {
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
        data: { status: to, closedAt: to === 'closed' ? when : null },
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
    });
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
        actorName: (a.actorTelegramId !== null && names.get(a.actorTelegramId)) || '-',
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
export function openProblems(db: Db): Promise<ProblemRow[]> {
  return db.problem.findMany({ where: { status: 'open' }, orderBy: [{ dueDate: 'asc' }, { id: 'asc' }], include: withUnit });
}

/** The service for a command, built once per Services (it holds no state of its own). */
const byServices = new WeakMap<object, ProblemService>();
export function problemsOf(services: Pick<Services, 'db' | 'now' | 'config'>): ProblemService {
  let service = byServices.get(services);
  if (!service) {
    service = new ProblemService(services.db, services.now, services.config.timeZone);
    byServices.set(services, service);
  }
  return service;
}
