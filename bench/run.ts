// npm run bench [-- <name>]: runs the benchmarks; each prints its figures beside a
// baseline measured in the same run. Each bench is imported only when it runs, so one
// that needs the whole service does not load it for the others.
const benches: Record<string, () => Promise<void>> = {
  'web-chat-turn': async () => (await import('./webChatTurn.bench.js')).benchWebChatTurn(Number(process.env.BENCH_N ?? 2000)),
  'telegram-load': async () => (await import('./telegramLoad.bench.js')).benchTelegramLoad(Number(process.env.BENCH_N ?? 2000)),
  // adversarial 4,096-character texts through understand(), against a short message and a regex scan
  'nlu-long': async () => (await import('./nluLong.bench.js')).benchNluLong(Number(process.env.BENCH_RUNS ?? 9)),
  // /healthz during a burst of 50 long and adversarial chat turns, against the idle probe (target: max < 100 ms)
  'healthz-burst': async () => (await import('./healthzBurst.bench.js')).benchHealthzBurst(Number(process.env.BENCH_RUNS ?? 3)),
  // the chaos scenario (test/chaos) at BENCH_N messages with BENCH_KILLS SIGKILLs, against the same messages without faults
  chaos: async () =>
    (await import('./chaos.bench.js')).benchChaos({
      messages: Number(process.env.BENCH_N ?? 2000),
      kills: Number(process.env.BENCH_KILLS ?? 8),
      seed: Number(process.env.BENCH_SEED ?? 20261205),
    }),
  // spawn to the first web chat answer: a fresh store (no cached models) and an existing one, against a bare Node server
  startup: async () => (await import('./startup.bench.js')).benchStartup(Number(process.env.BENCH_RUNS ?? 3)),
  // web chat turns on one PostgreSQL: one instance against two behind a balancer (throughput ratio, p99 at an offered rate)
  instances: async () =>
    (await import('./instances.bench.js')).benchInstances({
      durationMs: Number(process.env.BENCH_SECONDS ?? 10) * 1000,
      visitors: Number(process.env.BENCH_VISITORS ?? 16),
      rate: Number(process.env.BENCH_RATE ?? 200),
    }),
  // BENCH_SCALE 350 ≈ 105k customers and > 1M events (seeded once into the temp dir, ~45 s)
  digest: async () => (await import('./digest.js')).benchDigest({ scale: Number(process.env.BENCH_SCALE ?? 350), runs: Number(process.env.BENCH_RUNS ?? 10) }),
};

const only = process.argv[2];
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
