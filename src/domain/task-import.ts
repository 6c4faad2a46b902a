import type { NewTaskInput } from './tasks.ts';
import { textKey } from './text.ts';

/**
 * Importing the key-task list again: a row whose task already exists (the same title and lead unit, still open)
 * changes that task, or nothing; it never makes a second one. What a row changes is worked out here, pure.
 */

/** Which task a row is: its title as people read it (width, spaces and case aside) and its lead unit. */
export const importKey = (title: string, leadUnitId: number): string => `${textKey(title)}\u0000${leadUnitId}`;

/** The statuses in which a task is still the office's open work: the ones an imported row can match. */
export const IMPORT_MATCHES = ['open', 'in_progress', 'done'] as const;

/** A task as the import finds it. */
export interface ExistingTask {
  id: number;
  committeeId: number;
  description: string | null;
  dueDate: string;
  measure: string | null;
  parts: { unitId: number; role: string; quota: number | null; dueDate: string }[];
}

/** One thing a row changes on its task. */
export type TaskChange =
  | { kind: 'due'; from: string; to: string }
  | { kind: 'committee'; from: number; to: number }
  | { kind: 'description'; from: string | null; to: string | null }
  | { kind: 'measure'; from: string | null; to: string | null }
  | { kind: 'quota'; unitId: number; from: number | null; to: number | null }
  | { kind: 'unit-added'; unitId: number; quota: number | null }
  | { kind: 'unit-removed'; unitId: number };

/** A unit's part once the row is applied; `moved`: its deadline follows the task's new one. */
export interface PartAfter {
  unitId: number;
  role: 'lead' | 'cooperating';
  quota: number | null;
  dueDate: string;
  added: boolean;
  moved: boolean;
}

const blank = (text: string | null): string | null => (text === null || text.trim() === '' ? null : text);

/**
 * What the row changes, and the parts as they will be. The file is what the office means: every field it has is
 * taken, an empty description or measure included. A new deadline moves the parts still on the task's deadline;
 * a part moved on its own (an extension, an edit naming the unit) keeps its deadline, as with /edit.
 */
export function taskChanges(existing: ExistingTask, input: NewTaskInput): { changes: TaskChange[]; parts: PartAfter[] } {
  const changes: TaskChange[] = [];
  const dueChanged = existing.dueDate !== input.dueDate;
  if (dueChanged) changes.push({ kind: 'due', from: existing.dueDate, to: input.dueDate });
  if (existing.committeeId !== input.committeeId) changes.push({ kind: 'committee', from: existing.committeeId, to: input.committeeId });
  if (blank(existing.description) !== blank(input.description)) changes.push({ kind: 'description', from: blank(existing.description), to: blank(input.description) });
  if (blank(existing.measure) !== blank(input.measure)) changes.push({ kind: 'measure', from: blank(existing.measure), to: blank(input.measure) });

  const before = new Map(existing.parts.map((p) => [p.unitId, p]));
  const parts: PartAfter[] = [];
  for (const a of input.assignments) {
    const part = before.get(a.unitId);
    if (!part) {
      changes.push({ kind: 'unit-added', unitId: a.unitId, quota: a.quota });
      parts.push({ ...a, dueDate: input.dueDate, added: true, moved: false });
      continue;
    }
    if (part.quota !== a.quota) changes.push({ kind: 'quota', unitId: a.unitId, from: part.quota, to: a.quota });
    const moved = dueChanged && part.dueDate === existing.dueDate;
    parts.push({ ...a, dueDate: moved ? input.dueDate : part.dueDate, added: false, moved });
  }
  const kept = new Set(input.assignments.map((a) => a.unitId));
  for (const part of existing.parts) if (!kept.has(part.unitId)) changes.push({ kind: 'unit-removed', unitId: part.unitId });
  return { changes, parts };
}

/** The changes a unit is told of: its own quota, its deadline if it moved, its joining or leaving, and the task's own fields. */
export function changesFor(unitId: number, changes: readonly TaskChange[], part: PartAfter | undefined): TaskChange[] {
  return changes.filter((c) => {
    switch (c.kind) {
      case 'due':
        return part?.moved === true;
      case 'quota':
      case 'unit-added':
      case 'unit-removed':
        return c.unitId === unitId;
      default:
        return part !== undefined;
    }
  });
}
