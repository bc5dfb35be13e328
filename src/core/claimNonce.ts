// A request nonce is used once: the first claim inserts a row, and the unique key on
// (scope, nonce) refuses every later one, in every instance on the store and across
// restarts. Rows older than `keepMs` are deleted now and then so the table stays small.
import type { Db } from '../store/createPrisma.js';
import { isUniqueViolation } from '../store/prismaErrors.js';

interface NonceClaim {
  /** Who owns the nonces (`wechat`): the same nonce in another scope is another nonce. */
  scope: string;
  nonce: string;
  now: Date;
  /** How long a claim must refuse its nonce; the caller derives it from its freshness window. */
  keepMs: number;
  /**
   * What the signed request carried (a WeChat MsgId): the same nonce again with the same
   * event is the platform's own retry of that request (after a crash, say) and passes on to
   * the inbound dedupe; the same nonce with anything else is a replay.
   */
  eventKey?: string;
}

// When this process last deleted old rows, by client and scope. A prune per keepMs is
// enough (rows then live at most twice as long) and costs one indexed DELETE, instead of
// a write on every request. A WeakMap so a closed client (a test's database) is forgotten.
const lastPruned = new WeakMap<Db, Map<string, number>>();

/** True when the nonce was not seen within keepMs (it is now claimed); false for a replay. */
export async function claimNonce(db: Db, claim: NonceClaim): Promise<boolean> {
  const { scope, nonce, now, keepMs } = claim;
  const cutoff = new Date(now.getTime() - keepMs);
  // before the insert: a failed prune then fails the request without using up its nonce
  await pruneNowAndThen(db, scope, now, cutoff);
  if (await insertNonce(db, scope, nonce, now, claim.eventKey)) return true;
  // A row older than keepMs that no prune has reached yet no longer counts: the update
  // takes it over, and only one of two racing claims can match its old seenAt. A replay
  // (the usual case here) costs one read, no write.
  const seen = await db.seenNonce.findUnique({ where: { scope_nonce: { scope, nonce } }, select: { seenAt: true, eventKey: true } });
  if (!seen) return insertNonce(db, scope, nonce, now, claim.eventKey); // another instance pruned it just now
  if (seen.seenAt >= cutoff) return !!claim.eventKey && seen.eventKey === claim.eventKey;
  const { count } = await db.seenNonce.updateMany({ where: { scope, nonce, seenAt: { lt: cutoff } }, data: { seenAt: now } });
  return count === 1;
}

/** False when the (scope, nonce) row exists already. */
async function insertNonce(db: Db, scope: string, nonce: string, now: Date, eventKey?: string): Promise<boolean> {
  try {
    await db.seenNonce.create({ data: { scope, nonce, seenAt: now, eventKey } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return false;
  }
}

async function pruneNowAndThen(db: Db, scope: string, now: Date, cutoff: Date): Promise<void> {
  let byScope = lastPruned.get(db);
  if (!byScope) lastPruned.set(db, (byScope = new Map()));
  const last = byScope.get(scope);
  const keepMs = now.getTime() - cutoff.getTime();
  // a clock set back (tests, a corrected server clock) prunes again rather than never
  if (last !== undefined && now.getTime() >= last && now.getTime() - last < keepMs) return;
  await db.seenNonce.deleteMany({ where: { scope, seenAt: { lt: cutoff } } });
  byScope.set(scope, now.getTime());
}
