// The database URL for tools that run without the bot's full configuration (the org:import CLI).
// Same rules as src/config/index.ts: DATABASE_URL from the environment with `.env` loaded underneath,
// defaulting to the SQLite file the app uses.
import { existsSync } from 'node:fs';
import { ROBOT_SECRET_NAME } from '../domain/robots.ts';

export const DEFAULT_DATABASE_URL = 'file:./data/duban.db';
export const DEFAULT_EVIDENCE_DIR = 'data/evidence';

/**
 * DATABASE_URL, or `file:./data/duban.db`. When reading the real process environment, `.env` in the
 * working directory is loaded first (variables already set win). Throws on a URL that is neither
 * SQLite (`file:`) nor PostgreSQL (`postgres://`, `postgresql://`).
 */
export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env, envFile = '.env'): string {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const url = env.DATABASE_URL?.trim();
  if (!url) return DEFAULT_DATABASE_URL;
  if (!/^(file:|postgres(ql)?:\/\/)/.test(url)) {
    throw new Error('Configuration error: DATABASE_URL must start with file: (SQLite) or postgresql:// or postgres:// (PostgreSQL)');
  }
  return url;
}

/** The database and the evidence folder, for tools that copy what the bot keeps (backup, restore). */
export function resolveStorage(env: Record<string, string | undefined> = process.env, envFile = '.env'): { databaseUrl: string; evidenceDir: string } {
  const databaseUrl = resolveDatabaseUrl(env, envFile);
  return { databaseUrl, evidenceDir: env.EVIDENCE_DIR?.trim() || DEFAULT_EVIDENCE_DIR };
}

/**
 * The robots' signing secrets: every variable named like `DINGTALK_LEADERSHIP_SECRET` (see ROBOT_SECRET_NAME)
 * but the webhook's own. The organisation file names them; their values never leave this map.
 */
export function robotSecretsFrom(env: Record<string, string | undefined>): ReadonlyMap<string, string> {
  const secrets = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (name !== 'WEBHOOK_SECRET' && ROBOT_SECRET_NAME.test(name) && value && value.trim() !== '') secrets.set(name, value.trim());
  }
  return secrets;
}

/** The same for tools: the process environment with `.env` loaded underneath. */
export function resolveRobotSecrets(env: Record<string, string | undefined> = process.env, envFile = '.env'): ReadonlyMap<string, string> {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  return robotSecretsFrom(env);
}
