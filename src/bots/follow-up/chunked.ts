// Splits an id list for `in (...)` queries: bounded statements on SQLite and PostgreSQL.
export function chunked<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
