// doctor's outbox line: what waits, what was given up on (dead letters, which need a look)
// and what was dropped unsent as past its use (expired, which need none).
import { afterEach, describe, expect, it } from 'vitest';
import { collectChecks } from '../../src/cli/doctor.js';
import { loadConfig } from '../../src/infra/config.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('doctor: outbox', () => {
  let t: TestDb;
  afterEach(async () => t?.close());

  const at = new Date('2026-12-03T02:00:00Z');
  const row = (key: string, status: string, lastError: string | null = null) =>
    t.db.outboxMessage.create({
      data: { idempotencyKey: key, channel: 'telegram', recipient: '42', payload: { text: 'hi' }, status, lastError, nextAttemptAt: at, createdAt: at },
    });
  const outboxCheck = async () => (await collectChecks(loadConfig({ DATABASE_URL: t.url }))).find((c) => c.part === 'outbox')!;

  it('counts expired messages beside dead letters', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    await row('waiting', 'pending');
    await row('dead', 'dead', 'attempt 9: HTTP 500 from platform');
    await row('td:b1:h2', 'expired', 'not sent: expired at 2026-12-03T06:00:00.000Z');
    await row('td:b2:h2', 'expired', 'not sent: expired at 2026-12-03T07:00:00.000Z');
    await row('done', 'sent');
    const check = await outboxCheck();
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(/^1 waiting, 1 dead letter\(s\), 2 expired unsent\n/);
    expect(check.detail).toContain('telegram → attempt 9: HTTP 500 from platform');
  });

  it('is not a warning for expired messages alone: dropping them was the point', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    await row('td:b1:d1', 'expired', 'not sent: expired at 2026-12-03T06:00:00.000Z');
    expect(await outboxCheck()).toMatchObject({ status: 'ok', detail: '0 waiting, 0 dead letter(s), 1 expired unsent' });
  });
});
