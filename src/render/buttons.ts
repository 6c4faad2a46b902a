import { z } from 'zod';

/**
 * The callback data of every button the bot puts under a message, built and parsed here and nowhere else:
 * `<prefix>:<part>:<part>…`, at most Telegram's 64 bytes. Parsing is by schema, like a command's arguments, so
 * forged or stale data never reaches a query: it parses to null. The shapes are those of buttons already in
 * chats: change one and the buttons under old messages stop working.
 */

const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
const word = z.string().regex(/^[\w-]{1,24}$/);

const shapes = {
  alert: { prefix: 'al', schema: z.tuple([z.enum(['ack', 'status']), id]) },
  bulletin: { prefix: 'bl', schema: z.tuple([z.enum(['publish', 'discard']), id]) },
  extension: { prefix: 'ext', schema: z.tuple([z.enum(['approve', 'deny']), id]) },
  newtask: { prefix: 'nt', schema: z.tuple([z.enum(['save', 'cancel']), id]) },
  newtaskGuided: { prefix: 'nt', schema: z.tuple([z.literal('g'), id, word]).rest(word) },
  problemGuided: { prefix: 'pb', schema: z.tuple([id, word]).rest(word) },
  /** A page of /tasks and its filter: a (all), o (overdue), c<committee id>, u<unit id>. */
  tasksPage: { prefix: 'tp', schema: z.tuple([z.coerce.number().int().min(0).max(10_000), z.string().regex(/^(?:[ao]|[cu]\d{1,9})$/)]) },
  reportTask: { prefix: 'rp', schema: z.tuple([id]) },
  /** A report held back as a likely double send: count it after all, or drop it (its draft). */
  reportDuplicate: { prefix: 'rp', schema: z.tuple([z.enum(['count', 'drop']), id]) },
  /** A verdict on several tasks (/cancel T16-T18 …) previewed: carry it out, or drop it (its draft). One kind per verdict. */
  cancelBatch: { prefix: 'cx', schema: z.tuple([z.enum(['confirm', 'drop']), id]) },
  closeBatch: { prefix: 'cl', schema: z.tuple([z.enum(['confirm', 'drop']), id]) },
  reopenBatch: { prefix: 'ro', schema: z.tuple([z.enum(['confirm', 'drop']), id]) },
  /** /digest again soon after one went out: send it again, or not. */
  digestAgain: { prefix: 'dg', schema: z.tuple([z.enum(['send', 'skip'])]) },
  /** /import's preview: write what it shows, or not (its draft). */
  importConfirm: { prefix: 'im', schema: z.tuple([z.enum(['confirm', 'cancel']), id]) },
  /** A hint under a message the bot could act on: report it as /report, import the file, or leave it. */
  hint: { prefix: 'hi', schema: z.tuple([z.enum(['report', 'import', 'ignore'])]) },
} as const;

type Shapes = typeof shapes;
type ButtonKind = keyof Shapes;
type ButtonData<K extends ButtonKind> = z.output<Shapes[K]['schema']>;

const build = (kind: ButtonKind, parts: readonly (string | number)[]) => [shapes[kind].prefix, ...parts].join(':');

export const buttonData = {
  alert: (verb: 'ack' | 'status', alertId: number) => build('alert', [verb, alertId]),
  bulletin: (verb: 'publish' | 'discard', draftId: number) => build('bulletin', [verb, draftId]),
  extension: (verdict: 'approve' | 'deny', extensionId: number) => build('extension', [verdict, extensionId]),
  newtask: (verb: 'save' | 'cancel', draftId: number) => build('newtask', [verb, draftId]),
  /** A step of a guided form: the draft, the action (one letter), and what was picked. */
  newtaskGuided: (draftId: number, action: string, arg?: string | number) => build('newtaskGuided', ['g', draftId, action, ...(arg === undefined ? [] : [arg])]),
  problemGuided: (draftId: number, action: string, arg?: string | number) => build('problemGuided', [draftId, action, ...(arg === undefined ? [] : [arg])]),
  tasksPage: (page: number, filter: string) => build('tasksPage', [page, filter]),
  reportTask: (taskId: number) => build('reportTask', [taskId]),
  reportDuplicate: (verb: 'count' | 'drop', draftId: number) => build('reportDuplicate', [verb, draftId]),
  verdictBatch: (verdict: 'cancel' | 'close' | 'reopen', verb: 'confirm' | 'drop', draftId: number) => build(`${verdict}Batch`, [verb, draftId]),
  digestAgain: (verb: 'send' | 'skip') => build('digestAgain', [verb]),
  importConfirm: (verb: 'confirm' | 'cancel', draftId: number) => build('importConfirm', [verb, draftId]),
  hint: (verb: 'report' | 'import' | 'ignore') => build('hint', [verb]),
};

/** The prefix a kind's buttons are routed by. */
export const buttonPrefix = (kind: ButtonKind): string => shapes[kind].prefix;

/** What a button's data (after `<prefix>:`) says, or null when it is not a button of that kind. */
export function parseButton<K extends ButtonKind>(kind: K, data: string): ButtonData<K> | null {
  const parsed = shapes[kind].schema.safeParse(data.split(':'));
  return parsed.success ? (parsed.data as ButtonData<K>) : null;
}

/**
 * Whether callback data is a button the bot could have put under a message: a known prefix whose rest parses
 * as one of that prefix's kinds. The router answers anything else as stale, before any handler sees it.
 */
export function isButtonData(data: string): boolean {
  const [prefix, ...rest] = data.split(':');
  return Object.values(shapes).some((shape) => shape.prefix === prefix && shape.schema.safeParse(rest).success);
}
