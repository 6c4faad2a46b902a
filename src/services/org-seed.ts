// The default organisation, loaded on the first start. The importer (the YAML parser, the file's checks) is
// loaded only then: a start on a database that already holds an organisation does not carry it.
import { isUniqueViolation, type Db } from '../db/types.ts';
import type { ImportOrgOptions, OrgImportReport } from './org-import.ts';

/**
 * On first start (no units and no committees) load the organisation file; returns the report, or
 * null when the database already holds an organisation (loaded by another instance meanwhile included).
 */
export async function seedIfEmpty(db: Db, filePath: string, opts: Omit<ImportOrgOptions, 'dryRun'> = {}): Promise<OrgImportReport | null> {
  const isEmpty = async () => (await Promise.all([db.unit.count(), db.committee.count()])).every((n) => n === 0);
  if (!(await isEmpty())) return null;
  const [{ loadOrgFile }, { importOrg }] = await Promise.all([import('../org/parse.ts'), import('./org-import.ts')]);
  const org = await loadOrgFile(filePath);
  try {
    const imported = await importOrg(db, org, { source: filePath, ...opts });
    // Another instance's import committed between the check and this one's: it found everything there already.
    return imported.added.length > 0 ? imported : null;
  } catch (error) {
    // Instances starting together on an empty database race here: the import is one transaction, so the
    // losers' fail on a unique name and leave nothing behind, and the winner's organisation stands.
    if (isUniqueViolation(error) && !(await isEmpty())) return null;
    throw error;
  }
}
