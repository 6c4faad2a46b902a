// The organisation file (prisma/org.yaml) as a schema: the fields of a committee and a unit, and their limits.
import { z } from 'zod';
import { MOBILE, ROBOT_KINDS, ROBOT_SECRET_NAME, robotUrlProblem } from '../domain/robots.ts';

export const ORG_UNIT_KINDS = ['department', 'township', 'leader', 'district', 'grid', 'other'] as const;

/** Longest short name accepted: short names are typed in chat commands. */
const SHORT_NAME_MAX = 12;
/** Longest alias: another full name people use (交通运输局 for 交通局). */
const ALIAS_MAX = 40;

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

/** A group robot: `{ kind: wecom, url: "https://…", secret: DINGTALK_X_SECRET, mention: ["13800000000"] }`. */
const robotSchema = z
  .strictObject({
    kind: z.enum(ROBOT_KINDS, { error: `must be one of: ${ROBOT_KINDS.join(', ')}` }),
    url: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
    secret: z
      .string()
      .trim()
      .regex(ROBOT_SECRET_NAME, 'must name an environment variable ending in _SECRET (e.g. DINGTALK_LEADERSHIP_SECRET), never the secret itself')
      .optional()
      .transform((v) => v ?? null),
    mention: z
      .array(z.string().trim().regex(MOBILE, 'must be an 11-digit mobile number'))
      .max(20, 'must list at most 20 mobiles')
      .optional()
      .transform((v) => v ?? []),
  })
  .superRefine((robot, ctx) => {
    const problem = robotUrlProblem(robot.kind, robot.url);
    if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: problem });
    // WeCom's group robot has no signing: its key is the secret (群机器人配置说明).
    // Feishu @s by user id, not by mobile (自定义机器人使用指南).
    if (robot.kind === 'feishu' && robot.mention.length > 0) ctx.addIssue({ code: 'custom', path: ['mention'], message: 'a Feishu robot cannot @ people by mobile' });
    if (robot.kind === 'wecom' && robot.secret !== null) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a WeCom robot is not signed: its key in the URL is the secret' });
  });

const robotList = z
  .array(robotSchema)
  .max(5, 'must list at most 5 robots')
  .optional()
  .transform((v) => v ?? []);

const unitSchema = z.strictObject({
  name: text(100),
  shortName: z
    .union([z.null(), z.literal('').transform(() => null), shortNameSchema])
    .optional()
    .transform((v) => v ?? null),
  aliases: z
    .array(z.string().trim().min(1, 'must not be empty').max(ALIAS_MAX, `must be at most ${ALIAS_MAX} characters`).regex(/^\S+$/u, 'must not contain spaces'))
    .max(10, 'must list at most 10 aliases')
    .optional()
    .transform((v) => v ?? []),
  kind: z.enum(ORG_UNIT_KINDS, { error: `must be one of: ${ORG_UNIT_KINDS.join(', ')}` }),
  parent: optionalText(100),
  headName: optionalText(100),
  headTitle: optionalText(100),
  robots: robotList,
  /** The task force's own office (生态委办公室): not offered or accepted as a task's lead. */
  office: z
    .boolean()
    .optional()
    .transform((v) => v ?? false),
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
  /** The leadership group's and the office group's robots; the units' are on each unit. */
  robots: z
    .strictObject({ leadership: robotList, office: robotList })
    .optional()
    .transform((v) => v ?? { leadership: [], office: [] }),
});

export type OrgUnit = z.output<typeof unitSchema>;
export type OrgCommittee = z.output<typeof committeeSchema>;
/** A parsed and checked organisation file. The order of each list is the display order (sortOrder). */
export type OrgDocument = z.output<typeof orgSchema>;
