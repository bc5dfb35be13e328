// One chat at a time across instances: two chat locks on one PostgreSQL database stand for
// two instances (each has its own connections, as two processes would).
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatLock, createPostgresChatLock } from '../../src/core/chatLock.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';
import { withAdmin } from '../helpers/testPostgres.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe('the chat lock on PostgreSQL', () => {
  let t: TestDb;
  const locks: ChatLock[] = [];
  const lock = (waitMs = 30_000) => {
    const l = createPostgresChatLock({ databaseUrl: t.url, connections: 3, waitMs });
    locks.push(l);
    return l;
  };
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((l) => l.close()));
    await t.close();
  });

  it("holds one chat's turn on the other instance until the first is done, and lets other chats run", async () => {
    t = await createTestDb();
    const [a, b] = [lock(), lock()];
    const log: string[] = [];
    const first = gate();
    const one = a.run('web:visitor-1', async () => {
      log.push('a starts');
      await first.opened;
      log.push('a ends');
    });
    await expect.poll(() => log).toEqual(['a starts']);
    const two = b.run('web:visitor-1', async () => {
      log.push('b runs');
    });
    // another chat is not held back by visitor-1's turn
    await b.run('web:visitor-2', async () => {
      log.push('b other chat');
    });
    expect(log).toEqual(['a starts', 'b other chat']);
    first.open();
    await Promise.all([one, two]);
    expect(log).toEqual(['a starts', 'b other chat', 'a ends', 'b runs']);
  });

  it('frees the chat at once when the instance holding it dies (its connection closes)', async () => {
    t = await createTestDb();
    const [a, b] = [lock(), lock()];
    const never = gate();
    void a.run('telegram:42', () => never.opened).catch(() => undefined);
    await expect
      .poll(() => withAdmin(t.url, async (c) => (await c.query(`SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`)).rows[0].n))
      .toBe(1);
    let ran = false;
    const waiting = b.run('telegram:42', async () => {
      ran = true;
    });
    // the holder's process is gone: the server ends its session, as it does for a killed process
    await withAdmin(t.url, (c) =>
      c.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`),
    );
    await waiting;
    expect(ran).toBe(true);
    never.open();
  });

  it('gives up waiting after its budget with an error, so the turn is retried later', async () => {
    t = await createTestDb();
    const [a, b] = [lock(), lock(200)];
    const held = gate();
    const holding = a.run('wechat:o1', () => held.opened);
    await expect
      .poll(() => withAdmin(t.url, async (c) => (await c.query(`SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`)).rows[0].n))
      .toBe(1);
    await expect(b.run('wechat:o1', async () => 'ran')).rejects.toThrow(/lock timeout/);
    held.open();
    await holding;
    // the connection that timed out was closed, not reused; the next turn gets a fresh one
    expect(await b.run('wechat:o1', async () => 'ran')).toBe('ran');
  });
});
