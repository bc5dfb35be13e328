// npm run bench -- chaos: the chaos scenario of test/chaos/chaos.test.ts at a larger size
// (BENCH_N messages, 2,000 by default, and BENCH_KILLS SIGKILLs, 8 by default), beside a
// baseline measured in the same run: the same customers saying the same things with no
// refused sends and no kills (its time to quiet). Prints what the faults cost as ratios,
// and whether anything was lost or doubled (the run's problems, if any, with the temp dir
// holding its store and the service's log).
import { runChaos, type ChaosOptions, type ChaosReport } from '../test/chaos/runChaos.js';

/** About 4.4 messages a customer: 70% on Telegram, 13% on WeChat, 17% on the web chat. */
function customersFor(messages: number): ChaosOptions['customers'] {
  const customers = Math.max(10, Math.round(messages / 4.4));
  const wechat = Math.round(customers * 0.13);
  const web = Math.round(customers * 0.17);
  return { telegram: customers - wechat - web, wechat, web, blockers: Math.max(1, Math.round(customers / 100)) };
}

export async function benchChaos(opts: { messages: number; kills: number; seed: number }): Promise<void> {
  const customers = customersFor(opts.messages);
  const common = {
    seed: opts.seed,
    customers,
    leaseMs: 2_000,
    // Customers arrive over a while, as a day's would: about 6 messages a second, what the
    // Telegram outbox sends when each of its 4 chats at a time waits out Telegram's 1 s per
    // chat between replies (faster, and answers queue for minutes in the baseline already)
    rampMs: Math.max(3_000, opts.messages * 170),
    stepTimeoutMs: 300_000,
    quietTimeoutMs: 120_000,
    progress: (line: string) => console.log(`  ${line}`),
  };
  console.log(
    `\nchaos, ${opts.messages} messages wanted (${customers.telegram} Telegram, ${customers.wechat} WeChat, ${customers.web} web customers; seed ${opts.seed})`,
  );
  console.log('baseline: no refused sends, no kills');
  const baseline = await runChaos({ ...common, kills: 0, faults: false });
  console.log(`chaos: refused and held sends, ${opts.kills} SIGKILLs`);
  const chaos = await runChaos({ ...common, kills: opts.kills, faults: true });
  printChaos(baseline, chaos);
}

function printChaos(baseline: ChaosReport, chaos: ChaosReport): void {
  const row = (name: string, b: string | number, c: string | number, ratio?: string) =>
    console.log(`  ${name.padEnd(38)} ${String(b).padStart(12)} ${String(c).padStart(12)}${ratio ? `  ${ratio}` : ''}`);
  const x = (c: number, b: number) => (b > 0 ? `${(c / b).toFixed(2)}×` : '');
  const repeats = (r: ChaosReport) => r.outcome.repeats.telegram + r.outcome.repeats.wechat;
  console.log(`\n  ${''.padEnd(38)} ${'baseline'.padStart(12)} ${'chaos'.padStart(12)}  ratio`);
  row('messages', baseline.messages.total, chaos.messages.total);
  row('kills (SIGKILL, restart on the store)', 0, chaos.kills.length);
  row(
    'sends refused: 429 / 502 / held / 403',
    `0/0/0/${baseline.faults.blocked}`,
    `${chaos.faults.tooManyRequests}/${chaos.faults.badGateway}/${chaos.faults.held}/${chaos.faults.blocked}`,
  );
  row(
    'answered',
    `${baseline.outcome.answered}/${baseline.outcome.answered + baseline.outcome.unanswered}`,
    `${chaos.outcome.answered}/${chaos.outcome.answered + chaos.outcome.unanswered}`,
  );
  row(
    'inbound events done',
    `${baseline.outcome.inbound.done}/${baseline.outcome.inbound.events}`,
    `${chaos.outcome.inbound.done}/${chaos.outcome.inbound.events}`,
  );
  row('events run again (a cut-off turn)', baseline.outcome.inbound.runAgain, chaos.outcome.inbound.runAgain);
  row('repeats (deliveries beyond the first)', repeats(baseline), repeats(chaos), `${(repeats(chaos) / Math.max(1, chaos.kills.length)).toFixed(2)} a kill`);
  row(
    'bookings: confirms / rows / doubled',
    `${baseline.outcome.bookings.confirms}/${baseline.outcome.bookings.rows}/${baseline.outcome.bookings.doubled}`,
    `${chaos.outcome.bookings.confirms}/${chaos.outcome.bookings.rows}/${chaos.outcome.bookings.doubled}`,
  );
  row(
    'dead letters: 403 on purpose / other',
    `${baseline.outcome.deadLetters.deliberate}/${baseline.outcome.deadLetters.other}`,
    `${chaos.outcome.deadLetters.deliberate}/${chaos.outcome.deadLetters.other}`,
  );
  row('restart, max (ms)', '-', Math.max(0, ...chaos.kills.map((k) => k.restartMs)));
  row('max time to answer after a kill (ms)', '-', chaos.maxAnswerAfterKillMs);
  row('time to quiet (s)', (baseline.timeToQuietMs / 1000).toFixed(1), (chaos.timeToQuietMs / 1000).toFixed(1), x(chaos.timeToQuietMs, baseline.timeToQuietMs));
  row('answer wait p50 (ms)', baseline.answerMs.p50, chaos.answerMs.p50, x(chaos.answerMs.p50, baseline.answerMs.p50));
  row('answer wait p95 (ms)', baseline.answerMs.p95, chaos.answerMs.p95, x(chaos.answerMs.p95, baseline.answerMs.p95));
  row('answer wait max (ms)', baseline.answerMs.max, chaos.answerMs.max, x(chaos.answerMs.max, baseline.answerMs.max));
  for (const [name, r] of [
    ['baseline', baseline],
    ['chaos', chaos],
  ] as const) {
    if (!r.problems.length) continue;
    console.log(`\n  ${name}: ${r.problems.length} problem(s) (store and service log in ${r.dir}):`);
    for (const p of r.problems.slice(0, 30)) console.log(`    - ${p}`);
  }
  console.log(`\n  ${baseline.problems.length + chaos.problems.length === 0 ? 'nothing lost, nothing doubled' : 'PROBLEMS above'}`);
}
