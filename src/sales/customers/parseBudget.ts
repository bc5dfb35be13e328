// A budget as a salesperson types it: "15-20万", "150000-200000", "20万以内", "25万以上",
// "18万左右", "15w-20w", "up to 200k" → CNY bounds. Bare numbers under 1000 are read as 万
// ("15-20" = 150k–200k). null when it cannot be read or is implausible for a car.
export interface Budget {
  min: number | null;
  max: number | null;
}

const NUM = String.raw`(\d+(?:\.\d+)?)\s*(万|w|W|k|K|千|元)?`;
const MIN_CNY = 10_000;
const MAX_CNY = 20_000_000;

function toCny(n: string, unit: string | undefined, fallbackUnit?: string): number {
  const v = Number(n);
  const u = unit ?? fallbackUnit;
  if (u === '万' || u === 'w' || u === 'W') return Math.round(v * 10_000);
  if (u === 'k' || u === 'K' || u === '千') return Math.round(v * 1_000);
  if (u === '元') return Math.round(v);
  return v < 1000 ? Math.round(v * 10_000) : Math.round(v);
}

const ok = (v: number | null) => v === null || (v >= MIN_CNY && v <= MAX_CNY);

export function parseBudget(input: string): Budget | null {
  const s = input
    .normalize('NFKC')
    .replace(/[,，\s]/g, '')
    .replace(/^(预算|budget:?)/i, '')
    .replace(/(人民币|rmb|cny|¥|￥)/gi, '');
  if (!s) return null;
  let b: Budget | null = null;
  let m: RegExpMatchArray | null;
  if ((m = s.match(new RegExp(`^${NUM}(?:-|~|–|—|到|至|to)${NUM}$`, 'i')))) {
    // "15-20万": the unit after the second number applies to the first too
    b = { min: toCny(m[1], m[2], m[4]), max: toCny(m[3], m[4]) };
  } else if (
    (m = s.match(new RegExp(`^(?:<|≤|upto|under|below|max|最多|不超过)?${NUM}(以内|以下|之内|内)?$`, 'i'))) &&
    (m[0].match(/^(?:<|≤|upto|under|below|max|最多|不超过)/i) || m[3])
  ) {
    b = { min: null, max: toCny(m[1], m[2]) };
  } else if (
    (m = s.match(new RegExp(`^(?:>|≥|over|above|min|至少|最少)?${NUM}(以上|起|\\+)?$`, 'i'))) &&
    (m[0].match(/^(?:>|≥|over|above|min|至少|最少)/i) || m[3])
  ) {
    b = { min: toCny(m[1], m[2]), max: null };
  } else if ((m = s.match(new RegExp(`^(?:about|around|约|大概)?${NUM}(左右|上下)?$`, 'i')))) {
    const v = toCny(m[1], m[2]);
    b = m[0].match(/^(about|around|约|大概)/i) || m[3] ? { min: Math.round(v * 0.9), max: Math.round(v * 1.1) } : { min: v, max: v };
  }
  if (!b || !ok(b.min) || !ok(b.max)) return null;
  if (b.min !== null && b.max !== null && b.min > b.max) return null;
  return b;
}
