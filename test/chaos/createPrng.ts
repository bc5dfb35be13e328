// Seeded randomness for the chaos scenario, so a run can be repeated: which user says what,
// when the service is killed, and which sends the fake refuses. A send's fate is a hash of
// the seed, the message and its attempt number, not a draw in arrival order, so the same
// message gets the same faults however the concurrent sends interleave.

/** mulberry32: a small, fast PRNG; returns floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float in [0, 1) fixed by the seed and the parts (FNV-1a over their text). */
export function hashToUnit(seed: number, ...parts: (string | number)[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return createPrng(h)();
}

/** One of `items`, drawn by `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
