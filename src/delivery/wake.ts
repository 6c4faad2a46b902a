import type { Db } from '../db/types.ts';

/**
 * The longest a sender sleeps with nothing due. Every row recorded in this process wakes it (nudge), and on
 * PostgreSQL every row another instance records wakes it too (NOTIFY after the commit, and a wake after the session
 * connection comes back), so this is only the net under a wake lost all the same (a row written by something other
 * than the bot): long, so that an idle bot does not read the outbox every minute, and bounded, so that such a row
 * waits 10 minutes at worst.
 */
export const MAX_IDLE_MS = 10 * 60_000;

/**
 * How long a sender with nothing to claim may sleep: until the soonest pending row of its kind comes due, or the
 * soonest claim (its own or a dead process's) runs past its lease, at most MAX_IDLE_MS. Enqueuing wakes it earlier
 * (in process, and by NOTIFY on PostgreSQL). Both reads are served by indexes: (status, notBefore) and (status, robotId, id).
 */
export async function idleWait(db: Db, now: Date, robots: boolean, leaseMs: number): Promise<number> {
  const robotId = robots ? { not: null } : null;
  const [due, claimed] = await Promise.all([
    db.outbox.findFirst({ where: { status: 'pending', robotId, notBefore: { gt: now } }, orderBy: { notBefore: 'asc' }, select: { notBefore: true } }),
    db.outbox.findFirst({ where: { status: 'sending', robotId }, orderBy: { claimedAt: 'asc' }, select: { claimedAt: true } }),
  ]);
  let wait = MAX_IDLE_MS;
  if (due) wait = Math.min(wait, due.notBefore.getTime() - now.getTime());
  // A lease already past is taken back by the next claim (at most a second apart); never a busy loop on it.
  if (claimed?.claimedAt) wait = Math.min(wait, Math.max(1000, claimed.claimedAt.getTime() + leaseMs - now.getTime() + 1));
  return Math.max(5, wait);
}
