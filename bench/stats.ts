// Small helpers to time things and print them beside their baseline.
export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

export interface RunStats {
  name: string;
  n: number;
  totalMs: number;
  perSec: number;
  p50: number;
  p99: number;
}

export async function timeEach(name: string, n: number, fn: (i: number) => Promise<unknown>): Promise<RunStats> {
  const lat: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    lat.push(performance.now() - t0);
  }
  const totalMs = performance.now() - start;
  lat.sort((a, b) => a - b);
  return { name, n, totalMs, perSec: (n / totalMs) * 1000, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

export function printComparison(title: string, subject: RunStats, baseline: RunStats): void {
  const row = (s: RunStats) =>
    `  ${s.name.padEnd(34)} ${String(s.n).padStart(6)} ops  ${s.perSec.toFixed(0).padStart(7)} ops/s  p50 ${s.p50.toFixed(2).padStart(7)} ms  p99 ${s.p99.toFixed(2).padStart(7)} ms`;
  console.log(`\n${title}`);
  console.log(row(baseline));
  console.log(row(subject));
  console.log(`  ratio (subject / baseline): throughput ${(subject.perSec / baseline.perSec).toFixed(3)}×, p50 ${(subject.p50 / baseline.p50).toFixed(1)}×`);
}
