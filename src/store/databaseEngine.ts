// Which database a DATABASE_URL names. SQLite (a file) is the embedded default;
// PostgreSQL is for several instances on one store (docs/deploy.md).
export type DatabaseEngine = 'sqlite' | 'postgres';

export function databaseEngine(databaseUrl: string): DatabaseEngine | null {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgres';
  return null;
}

/** A database URL without credentials, for error messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/** host:port/database of a PostgreSQL URL: what an operator needs to find it, no password. */
export function describePostgresUrl(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return redactUrl(databaseUrl);
  }
}
