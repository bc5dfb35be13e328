// A secret the service makes for itself the first time it needs it, kept in the store so
// every instance on the same database uses the same one (and a restart keeps it).
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/createPrisma.js';
import { isUniqueViolation } from '../store/prismaErrors.js';

export async function loadServiceSecret(db: Db, name: string, now: Date): Promise<Buffer> {
  const found = await db.serviceSecret.findUnique({ where: { name } });
  if (found) return Buffer.from(found.value, 'base64url');
  const value = randomBytes(32).toString('base64url');
  try {
    await db.serviceSecret.create({ data: { name, value, createdAt: now } });
    return Buffer.from(value, 'base64url');
  } catch (err) {
    // another instance made it first: use theirs
    if (!isUniqueViolation(err)) throw err;
    const theirs = await db.serviceSecret.findUniqueOrThrow({ where: { name } });
    return Buffer.from(theirs.value, 'base64url');
  }
}
