// Reads a dev or test set: one JSON object per line, each validated; a bad line is an
// error naming the file and line, so a typo in a set never silently lowers a score.
import fs from 'node:fs';
import type { z } from 'zod';

export function readJsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${n}: not valid JSON`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      return parsed.data;
    });
}
