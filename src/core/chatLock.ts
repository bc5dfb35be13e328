// One chat's messages run one at a time, in order. Inside a process a keyed mutex does it.
// Several instances on one PostgreSQL also take a session advisory lock per chat on a
// connection of their own, held for the turn: a message that reached the other instance
// waits for it, and if an instance dies mid-turn its connection closes and PostgreSQL
// frees the lock at once (no lease to wait out). PostgreSQL grants a lock's waiters in the
// order they asked, so the chat's order is the order its messages arrived.
import pg from 'pg';
import { KeyedMutex } from './keyedMutex.js';

export interface ChatLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One process: the mutex alone (SQLite serves one instance). */
export function createProcessChatLock(): ChatLock {
  const mutex = new KeyedMutex();
  return { run: (key, fn) => mutex.run(key, fn), close: async () => {} };
}

export interface PostgresChatLockOptions {
  databaseUrl: string;
  /** connections for locks: as many chats as may run a turn at once in this instance */
  connections: number;
  /** a turn waits this long for another instance's turn of the same chat, then fails (and is retried) */
  waitMs: number;
  onError?: (err: Error) => void;
}

export function createPostgresChatLock(o: PostgresChatLockOptions): ChatLock {
  const mutex = new KeyedMutex();
  const pool = new pg.Pool({
    connectionString: o.databaseUrl,
    max: o.connections,
    // also how long a turn waits for one of this instance's lock connections when all are held
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // set once per connection: a lock wait past it fails the turn, which is retried later
    options: `-c lock_timeout=${Math.max(1, Math.round(o.waitMs))}`,
  });
  // an idle connection that dies (the server restarted) is an event, not a crash
  pool.on('error', (err) => o.onError?.(err));
  const hold = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // a connection whose lock or unlock failed is closed, not reused: closing frees its locks
    let broken: Error | undefined;
    // a checked-out connection that dies emits 'error' on itself: without a listener that
    // would end the process; the pending query fails on its own and the turn with it
    const onLost = (err: Error) => {
      broken = err;
      o.onError?.(err);
    };
    client.on('error', onLost);
    try {
      try {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      } catch (err) {
        broken = err as Error;
        throw err;
      }
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch((err: Error) => {
          broken = err;
        });
      }
    } finally {
      client.removeListener('error', onLost);
      client.release(broken);
    }
  };
  return {
    // this instance's own waiters queue in the mutex, holding no connection
    run: (key, fn) => mutex.run(key, () => hold(key, fn)),
    close: () => pool.end(),
  };
}
