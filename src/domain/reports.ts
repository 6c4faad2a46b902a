/** What a unit's report carries, and what its answer says. */

export interface EvidenceInput {
  kind: 'photo' | 'document';
  fileId: string;
  fileUniqueId: string;
  fileName: string | null;
}

export type ReportValue = { kind: 'amount'; amount: number } | { kind: 'percent'; percent: number };

/** A recorded report, with what its answer says: the unit's progress right after it. */
export interface ReportReceipt {
  reportId: number;
  evidenceIds: number[];
  code: string;
  unitName: string;
  measure: string | null;
  /** The unit's quota; null for a task reported in percent. */
  quota: number | null;
  /** With a quota, the unit's total so far (this report included); without, its latest percent. */
  done: number;
  /** 0–1 (1 once the unit said its part is done), or null; as in the task summaries. */
  ratio: number | null;
}

/** A report as a liaison sends it: to a task, for a unit, an amount or a percent, a note, evidence. */
export interface ReportInput {
  taskId: number;
  unitId: number;
  value: ReportValue;
  note: string | null;
  evidence: EvidenceInput[];
  /** The sender confirmed it after being told an identical report came in just before. */
  confirmedDuplicate?: boolean;
}

/** An identical report (same unit, task, value and note) this soon after another asks for confirmation first. */
export const DUPLICATE_REPORT_MINUTES = 10;

/** Since when an identical report counts as a likely double send. */
export const duplicateSince = (now: Date): Date => new Date(now.getTime() - DUPLICATE_REPORT_MINUTES * 60_000);
