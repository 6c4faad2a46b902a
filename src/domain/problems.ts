import { addDays } from './calendar.ts';
import { parseCode } from './codes.ts';
import type { UserError } from './result.ts';
import { lengthOf } from './text.ts';

// ───────────────────────────── words and rules (pure) ─────────────────────────────

export const PROBLEM_KINDS = ['fire', 'dust', 'complaint', 'inspection', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** Who found a problem; the scoring rules deduct by this level (src/config/rules.ts, problemPenalty). */
export const FOUND_BY = ['county', 'city', 'province', 'central'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export const PROBLEM_STATUSES = ['open', 'fixed', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

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

/** The deadline a new problem of this kind gets when entered on `today`, by the rules' days per kind. */
export const defaultDueDate = (kind: ProblemKind, today: string, deadlineDays: Readonly<Record<ProblemKind, number>>): string =>
  addDays(today, deadlineDays[kind]);

export const problemCode = (id: number) => `P${id}`;

/** A problem as typed: P7, p7, #7 or 7 (see parseCode). */
export const parseProblemCode = (token: string): number | null => parseCode(token, 'P');

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
export const PROBLEM_LIMITS = { description: 2000, where: 200, name: 60 } as const;

const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/gu;
const clipped = (text: string, max = 20) => [...text].slice(0, max).join('');

/** Parses the one-line form; every problem in it is reported at once. */
export function parseProblemForm(text: string): { form: ProblemForm | null; errors: UserError[] } {
  const errors: UserError[] = [];
  // Normalised only to read keywords (kinds, levels, field names: each lookup folds its word); the stored
  // description and place are what was written, full-width "，" and "：" kept.
  const [head = '', ...fieldParts] = text.split(/[|｜]/u).map((s) => s.trim());
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
        if (lengthOf(value) > PROBLEM_LIMITS.name) errors.push({ key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.name } });
        else form.unit = value;
        break;
      case 'where':
        if (lengthOf(value) > PROBLEM_LIMITS.where) errors.push({ key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.where } });
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
  if (lengthOf(description) > PROBLEM_LIMITS.description) errors.push({ key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.description } });
  form.description = description === '' ? null : description;
  return { form: errors.length === 0 ? form : null, errors };
}
