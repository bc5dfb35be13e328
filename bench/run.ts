// npm run bench [-- <name>]: runs the benchmarks; each prints its figures beside a
// baseline measured in the same run.
import { benchTelegramLoad } from './telegramLoad.bench.js';
import { benchWebChatTurn } from './webChatTurn.bench.js';

const benches: Record<string, () => Promise<void>> = {
  'web-chat-turn': () => benchWebChatTurn(Number(process.env.BENCH_N ?? 2000)),
  'telegram-load': () => benchTelegramLoad(Number(process.env.BENCH_N ?? 2000)),
};

const only = process.argv[2];
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
