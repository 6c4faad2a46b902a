// The organisation file (prisma/org.yaml) as a schema: the fields of a committee and a unit, and their limits.
import { z } from 'zod';

export const ORG_UNIT_KINDS = ['department', 'township', 'leader', 'district', 'grid', 'other'] as const;

/** Longest short name accepted: short names are typed in chat commands. */
const SHORT_NAME_MAX = 12;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** An optional text field; an empty value (`headName:`) means "none". */
const optionalText = (max: number) =>
  z
    .union([z.null(), z.literal('').transform(() => null), text(max)])
    .optional()
    .transform((v) => v ?? null);

const shortNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SHORT_NAME_MAX, `must be at most ${SHORT_NAME_MAX} characters`)
  .regex(/^\S+$/u, 'must not contain spaces');

const unitSchema = z.strictObject({
  name: text(100),
  shortName: z
    .union([z.null(), z.literal('').transform(() => null), shortNameSchema])
    .optional()
    .transform((v) => v ?? null),
  kind: z.enum(ORG_UNIT_KINDS, { error: `must be one of: ${ORG_UNIT_KINDS.join(', ')}` }),
  parent: optionalText(100),
  headName: optionalText(100),
  headTitle: optionalText(100),
});

const committeeSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be 1–32 characters of a-z, 0-9, "-" or "_", starting with a letter'),
  name: text(100),
  shortName: shortNameSchema,
  officeUnit: optionalText(100),
});

export const orgSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }).optional(),
  committees: z.array(committeeSchema),
  units: z.array(unitSchema),
});

export type OrgUnit = z.output<typeof unitSchema>;
export type OrgCommittee = z.output<typeof committeeSchema>;
/** A parsed and checked organisation file. The order of each list is the display order (sortOrder). */
export type OrgDocument = z.output<typeof orgSchema>;
