// The organisation file (prisma/org.yaml): parsing with line-level errors. parseOrgFile is pure.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { checkOrg, checkRobotSecrets } from './checks.ts';
import { describeZodIssue, formatOrgErrors, formatPath, positionOf, sortErrors, type OrgFileError } from './positions.ts';
import { orgSchema, type OrgDocument } from './schema.ts';

type ParseOrgResult = { ok: true; org: OrgDocument } | { ok: false; errors: OrgFileError[] };

/**
 * Parse an organisation file. Every error carries the 1-based line and column of the offending node;
 * nothing is reported as ok unless the YAML, the schema and the cross-references are all valid.
 */
export function parseOrgFile(textIn: string, options: { secretIsSet?: (name: string) => boolean } = {}): ParseOrgResult {
  const lc = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lc.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}` })),
    };
  }

  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ line: 1, column: 1, message: `YAML: ${(e as Error).message}` }] };
  }

  const parsed = orgSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues
      .flatMap((issue) => describeZodIssue(issue, input))
      .map((i) => ({ ...positionOf(doc, lc, i.path, i.atKey), message: `${formatPath(i.path)}: ${i.message}` }));
    return { ok: false, errors: sortErrors(errors) };
  }

  const issues = [...checkOrg(parsed.data), ...(options.secretIsSet ? checkRobotSecrets(parsed.data, options.secretIsSet) : [])];
  if (issues.length > 0) {
    return {
      ok: false,
      errors: sortErrors(issues.map((i) => ({ ...positionOf(doc, lc, i.path, i.atKey), message: `${formatPath(i.path)}: ${i.message}` }))),
    };
  }
  return { ok: true, org: parsed.data };
}

/** Thrown for a file that does not parse, or an import that conflicts with the database. */
export class OrgImportError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length > 0 ? `${message}\n${details.map((d) => `  ${d}`).join('\n')}` : message);
    this.name = 'OrgImportError';
  }
}

/** Read and parse a file; throws OrgImportError with `file:line:col: message` lines if it is malformed. */
export async function loadOrgFile(filePath: string): Promise<OrgDocument> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (e) {
    throw new OrgImportError(`cannot read the organisation file ${filePath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseOrgFile(text);
  if (!parsed.ok) throw new OrgImportError(`${filePath} is not a valid organisation file`, formatOrgErrors(filePath, parsed.errors).split('\n'));
  return parsed.org;
}
