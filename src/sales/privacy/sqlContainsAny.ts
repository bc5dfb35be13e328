// "column contains one of these strings" as portable SQL (LIKE with an escape character,
// SQLite and PostgreSQL alike): what finds a customer's name or id inside JSON payloads
// and keys, which Prisma's filters cannot search as text.
import { Prisma } from '../../generated/prisma/client.js';

/** LIKE's wildcards and the escape character itself, escaped. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One condition per needle (empty ones skipped): a string is contained as it is, a list
 * is its parts in that order with anything between (a phone written 138 1234 5678).
 * `column` is trusted SQL (a quoted column, a CAST).
 */
export function sqlContainsAny(column: string, needles: (string | string[])[]): Prisma.Sql[] {
  const col = Prisma.raw(column);
  return needles
    .map((n) => (Array.isArray(n) ? n : [n]).filter(Boolean))
    .filter((parts) => parts.length)
    .map((parts) => Prisma.sql`${col} LIKE ${`%${parts.map(escapeLike).join('%')}%`} ESCAPE '\\'`);
}
