// Two service processes on one PostgreSQL behind a round-robin balancer, started together
// on an empty database (one migrates and seeds, the other waits for it), driven at once by
// customers on Telegram, WeChat and the web chat, with one instance killed (SIGKILL) twice
// mid-run while the other serves, then restarted. The same checks as the single-process
// chaos test (test/chaos): every message answered, a reply repeated at most once per kill,
// no booking doubled, every job slot run once.
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/runChaos.js';
import { databaseUrlOf, withAdmin } from '../helpers/testPostgres.js';

describe('two instances on one PostgreSQL', () => {
  it('answer every customer message in order with one killed mid-run, and double nothing', async () => {
    const adminUrl = process.env.DEALERBOT_TEST_PG_ADMIN_URL!;
    const name = `two_instances_${process.pid}`;
    await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const report = await runChaos({
      seed: 20261206,
      customers: { telegram: 20, wechat: 6, web: 8, blockers: 1 },
      kills: 2,
      faults: true,
      leaseMs: 2_000,
      rampMs: 3_000,
      stepTimeoutMs: 60_000,
      quietTimeoutMs: 30_000,
      instances: 2,
      databaseUrl: databaseUrlOf(adminUrl, name),
    });
    const { outcome, kills } = report;
    console.log(
      `two instances: ${report.messages.total} messages, ${kills.length} kills (restarts ${kills.map((k) => k.restartMs).join('/')} ms), ` +
        `answered ${outcome.answered}, repeats ${outcome.repeats.telegram + outcome.repeats.wechat}, events run again ${outcome.inbound.runAgain}, ` +
        `quiet after ${report.timeToQuietMs} ms` +
        (report.problems.length ? `; logs: ${report.dir}; problems:\n${report.problems.join('\n')}` : ''),
    );
    expect(report.problems).toEqual([]);
    expect(kills).toHaveLength(2);
    expect(report.messages.total).toBeGreaterThan(100);
    expect(outcome.unanswered).toBe(0);
    expect(outcome.answered + outcome.unwatched).toBe(report.messages.total);
    expect(outcome.inbound.done).toBe(outcome.inbound.events);
    expect(outcome.repeats.telegram + outcome.repeats.wechat).toBeLessThanOrEqual(kills.length * 4);
    expect(outcome.bookings.doubled).toBe(0);
    expect(outcome.bookings.rows).toBe(outcome.bookings.confirms);
    expect(outcome.bookings.live).toBe(outcome.bookings.confirms - outcome.bookings.cancels);
    expect(outcome.deadLetters).toMatchObject({ other: 0 });
    expect(outcome.jobs).toMatchObject({ running: 0, failed: 0 });
  }, 180_000);
});
