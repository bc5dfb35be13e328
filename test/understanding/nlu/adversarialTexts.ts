// Long texts built to hit the costly paths of understanding: many reschedule markers
// (each once made the rest of the text be parsed again), month names (chrono-node), runs
// of digits, period words far from an hour, model names, one character repeated, mixed
// scripts, emoji and random Unicode. Shared by test/understanding/nlu/longTexts.test.ts and
// bench/nluLong.bench.ts so the bench times what the tests check.

/** Telegram's own limit, and the longest text the pipeline lets a customer's turn reach understanding. */
export const LONG_TEXT_LENGTH = 4096;

export interface AdversarialText {
  name: string;
  text: string;
}

/** Repeats `unit` after `head` up to exactly `length` UTF-16 units, never splitting a surrogate pair. */
export function fillTo(length: number, unit: string, head = '', tail = ''): string {
  let text = head;
  const units = [...unit];
  for (let i = 0; text.length + tail.length < length; i++) text += units[i % units.length];
  // An emoji is two units: drop the last character if it overshot, and pad with a space.
  while (text.length + tail.length > length) text = [...text].slice(0, -1).join('');
  return (text + tail).padEnd(length, ' ');
}

/** A fixed pseudo-random sequence (no Math.random: the texts must be the same every run). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function randomUnicode(length: number, seed: number): string {
  const random = seededRandom(seed);
  let text = '';
  while (text.length < length) {
    const codePoint = Math.floor(random() * 0x2ffff);
    if (codePoint >= 0xd800 && codePoint < 0xe000) continue; // lone surrogates are no characters
    const ch = String.fromCodePoint(codePoint);
    if (text.length + ch.length > length) break;
    text += ch;
  }
  return text.padEnd(length, ' ');
}

export function adversarialTexts(length = LONG_TEXT_LENGTH): AdversarialText[] {
  return [
    // the issue: a reschedule, then marker after marker with nothing after them
    { name: '改 after a slot', text: fillTo(length, '改', '把明天的试驾改到周六下午3点') },
    { name: '改到… repeated', text: fillTo(length, '改到周六下午3点') },
    // every marker is followed by a digit, so no cheap look can skip it
    { name: '改1 repeated', text: fillTo(length, '改1', '把明天的试驾改到周六下午3点') },
    { name: '"to" repeated', text: fillTo(length, ' to', 'please move my test drive to saturday at 3pm') },
    // "instead of" reads the text before it: the new slot comes last, so every one is read
    { name: '"instead of" repeated', text: fillTo(length, ' instead of', 'reschedule', ' 3pm saturday') },
    { name: 'month names', text: fillTo(length, 'dec 5 ') },
    { name: 'dates and times', text: fillTo(length, '12月5号下午3点，') },
    { name: 'digits', text: fillTo(length, '1') },
    { name: 'phone-like numbers', text: fillTo(length, '138 0013 800 ') },
    // hundreds of separate number runs, each once handed to libphonenumber
    { name: 'short number runs', text: fillTo(length, '1234567 x ') },
    { name: 'mobile-like numbers', text: fillTo(length, '14012345678，') },
    { name: '一点 repeated', text: fillTo(length, '一点') },
    { name: 'period words, then an hour', text: fillTo(length, '早', '', '3点') },
    { name: 'model names', text: fillTo(length, '星耀E6 宝马X5 m 8 S5 ') },
    { name: 'one letter', text: fillTo(length, 'a') },
    { name: 'one Han character', text: fillTo(length, '试') },
    // no booking, so the intent waits for the FAQ search's confidence
    { name: 'Han chatter', text: fillTo(length, '这车颜色挺好看的，家里人都喜欢。') },
    { name: 'mixed scripts and emoji', text: fillTo(length, '明天E6 test drive 🚗 3点 ok? 試駕 ') },
    { name: 'whitespace runs', text: fillTo(length, ' \t\n', 'x', 'y') },
    { name: 'random Unicode', text: randomUnicode(length, 20261203) },
  ];
}
