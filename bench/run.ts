// npm run bench [-- <name>]: runs the benchmarks; each prints its figures beside a
// baseline measured in the same run.
import { benchDigest } from './digest.js';
import { benchTelegramLoad } from './telegramLoad.bench.js';
import { benchWebChatTurn } from './webChatTurn.bench.js';

const benches: Record<string, () => Promise<void>> = {
  'web-chat-turn': () => benchWebChatTurn(Number(process.env.BENCH_N ?? 2000)),
  'telegram-load': () => benchTelegramLoad(Number(process.env.BENCH_N ?? 2000)),
  // BENCH_SCALE 350 ≈ 105k customers and > 1M events (seeded once into the temp dir, ~45 s)
  digest: () => benchDigest({ scale: Number(process.env.BENCH_SCALE ?? 350), runs: Number(process.env.BENCH_RUNS ?? 10) }),
};

const only = process.argv[2];
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
