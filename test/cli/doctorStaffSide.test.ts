// doctor on the web's staff side: the loopback demo is fine on one machine, fails when the
// service listens beyond it, is closed (a warning) once published, and sign-in once any
// staff member has a password.
import { afterEach, describe, expect, it } from 'vitest';
import { collectChecks } from '../../src/cli/doctor.js';
import { loadConfig } from '../../src/infra/config.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('doctor: the staff side', () => {
  let t: TestDb;
  afterEach(async () => t?.close());

  const staffSide = async (env: Record<string, string>) =>
    (await collectChecks(loadConfig({ DATABASE_URL: t.url, ...env }))).find((c) => c.part === 'staff side')!;

  it('tells the demo, the published store without passwords, and sign-in apart; fails an open demo on a public bind', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    expect(await staffSide({})).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^demo: open to this machine only/) });
    expect(await staffSide({ HOST: '0.0.0.0' })).toMatchObject({ status: 'fail', required: true, detail: expect.stringContaining('HOST=0.0.0.0') });
    expect(await staffSide({ PUBLIC_URL: 'https://chat.example.com' })).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^closed/) });
    expect(await staffSide({ TRUST_PROXY: '127.0.0.1' })).toMatchObject({ status: 'warn' });

    await t.db.staff.update({ where: { id: 'st-01' }, data: { passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA' } });
    expect(await staffSide({ HOST: '0.0.0.0' })).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^staff sign in with their own password \(1 has one/),
    });
  });
});

describe('doctor: WeChat migration switch', () => {
  let t: TestDb;
  afterEach(async () => t?.close());

  it('warns while plain callbacks are still accepted beside the AES key', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const wechat = async (env: Record<string, string>) =>
      (await collectChecks(loadConfig({ DATABASE_URL: t.url, WECHAT_TOKEN: 'tok', WECHAT_ENCODING_AES_KEY: key, ...env }))).find((c) => c.part === 'wechat')!;
    expect(await wechat({ WECHAT_ACCEPT_PLAIN: 'true' })).toMatchObject({ status: 'warn', detail: expect.stringContaining('unset WECHAT_ACCEPT_PLAIN') });
    expect((await wechat({})).detail).toMatch(/^safe mode \(AES\); passive replies only/);
  });
});
