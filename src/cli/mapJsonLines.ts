// `--jsonl` for every command: one JSON line out per JSON line in, in order.
import readline from 'node:readline';

/**
 * Reads JSON-object lines from stdin and writes one JSON line per input line, in order;
 * a bad line gets {"error": "..."} in its place so the output stays aligned with the input.
 */
export async function mapJsonLines(answer: (v: Record<string, unknown>, n: number) => Promise<unknown> | unknown): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    n++;
    try {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        v = undefined;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`line ${n}: not a JSON object`);
      process.stdout.write(`${JSON.stringify(await answer(v as Record<string, unknown>, n))}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ error: (err as Error).message })}\n`);
    }
  }
}
