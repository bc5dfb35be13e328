// The customers of a chaos run and what each one says, drawn from a seed: questions the
// demo store's FAQ answers, test-drive bookings (a date, a name, a phone, Confirm) some of
// which are cancelled again, on Telegram, WeChat and the web chat. Every step names the
// reply that answers it (a pattern only that answer matches), so a customer sends the
// next message only once the bot has answered the last one, as a person in a chat does.
import { createPrng, pick } from './createPrng.js';

export type ChaosChannel = 'telegram' | 'wechat' | 'web';

export interface Step {
  /** typed text, or a button pressed: its value, or the first offered value matching `pressLike` */
  say: { text: string } | { press: string } | { pressLike: RegExp };
  /** the reply that answers this step: its text or one of its buttons' values; none: not waited for */
  expect?: RegExp;
  /** counted by the booking checks */
  kind?: 'confirm' | 'cancel';
}

export interface Conversation {
  channel: ChaosChannel;
  /** Telegram user id, WeChat openid or web visitor, unique in the run */
  who: string;
  steps: Step[];
  /** the phone the customer types when booking (to find their bookings) */
  phone?: string;
  /** Telegram: the customer blocks the bot before the last step; its replies are refused with 403 */
  blocksBot?: boolean;
}

/** Questions the demo store's FAQ answers, with a pattern only the answer matches. */
const QUESTIONS: { text: string; answer: RegExp }[] = [
  { text: 'E6多少钱', answer: /^星耀 E6.*189,800/ },
  { text: '有什么优惠', answer: /^当前可享优惠/ },
  { text: '营业时间', answer: /^销售展厅每天 09:00–18:00/ },
  { text: '地址在哪', answer: /^门店地址/ },
  { text: '试驾要带什么', answer: /^请携带有效的中国大陆驾驶证/ },
  { text: 'S5续航多少', answer: /^CLTC 纯电续航/ },
  { text: '保养多久一次', answer: /^首次保养/ },
  { text: '可以贷款吗', answer: /^可选 12、24、36/ },
  // no entry is about seats: the M8's price entry says them, the FAQ may ask which of it and
  // the X7/M8 comparison is meant, or say it is none of its questions and offer a person, or
  // hand the chat to one
  { text: 'M8有几个座位', answer: /^星耀 M8|^您问的是下面哪一个|不在本店能解答的范围|转给人工顾问/ },
  // the home charger or the public ones: both entries answer "where are the chargers"
  { text: '充电桩在哪', answer: /7 kW 家用充电桩|公共充电/ },
  { text: 'How much is the S5?', answer: /^Xingyao S5.*159,800/ },
];

const NAMES = ['王小明', '李华', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴芳', '徐丽', '孙强'];
const MODELS = ['E6', 'S3', 'S5', 'X5', 'X7', 'M8'];
const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17];

export interface PlanOptions {
  seed: number;
  telegram: number;
  wechat: number;
  web: number;
  /** the store's "today" (its timezone), bookings are made for days after it */
  now: Date;
  timeZone: string;
  /** Telegram customers who block the bot halfway (their replies become dead letters, on purpose) */
  blockers?: number;
}

export function planConversations(o: PlanOptions): Conversation[] {
  const random = createPrng(o.seed);
  const slots = bookableSlots(o.now, o.timeZone);
  let nextSlot = 0;
  const out: Conversation[] = [];
  const add = (channel: ChaosChannel, i: number) => {
    const who = channel === 'telegram' ? String(810_000 + i) : channel === 'wechat' ? `o_chaos_${String(i).padStart(5, '0')}` : `web-${i}`;
    const questions = shuffled(random, QUESTIONS);
    const ask = (n: number): Step[] => questions.splice(0, n).map((q) => ({ say: { text: q.text }, expect: q.answer }));
    // WeChat has no buttons (its choices are numbered): its customers ask questions
    const books = channel !== 'wechat' && random() < 0.5 && nextSlot < slots.length;
    if (!books) return out.push({ channel, who, steps: ask(2 + Math.floor(random() * 3)) });
    const slot = slots[nextSlot++];
    const phone = `1995${String(o.seed % 1000).padStart(3, '0')}${String(out.length).padStart(4, '0')}`;
    const steps: Step[] = [
      ...ask(Math.floor(random() * 2)),
      { say: { text: `我想${slot.text}试驾${slot.model}` }, expect: /怎么称呼/ },
      { say: { text: pick(random, NAMES) }, expect: /手机号/ },
      { say: { text: phone }, expect: /^td:confirm$/ },
      { say: { press: 'td:confirm' }, expect: /^预约成功/, kind: 'confirm' },
    ];
    if (random() < 0.5) {
      steps.push({ say: { text: '取消预约' }, expect: /^td:cancel:/ }, { say: { pressLike: /^td:cancel:/ }, expect: /已取消/, kind: 'cancel' });
    }
    steps.push(...ask(Math.floor(random() * 2)));
    return out.push({ channel, who, steps, phone });
  };
  for (let i = 0; i < o.telegram; i++) add('telegram', i);
  for (let i = 0; i < o.wechat; i++) add('wechat', i);
  for (let i = 0; i < o.web; i++) add('web', i);
  // a few Telegram customers block the bot before their last message: its replies are refused (403)
  const telegram = out.filter((c) => c.channel === 'telegram' && !c.phone);
  for (const c of telegram.slice(0, o.blockers ?? 0)) {
    c.blocksBot = true;
    c.steps.push({ say: { text: '有什么优惠' } });
  }
  return shuffled(random, out);
}

/**
 * Distinct (model, day, hour) slots, so no two customers want the same car at once, from 8
 * to 13 days ahead: past the demo history's live bookings (a week ahead at most), inside
 * the store's 14 days.
 */
function bookableSlots(now: Date, timeZone: string): { model: string; text: string }[] {
  const out: { model: string; text: string }[] = [];
  for (let day = 8; day <= 13; day++) {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone, month: 'numeric', day: 'numeric' }).formatToParts(new Date(now.getTime() + day * 86_400_000));
    const month = date.find((p) => p.type === 'month')!.value;
    const dayOfMonth = date.find((p) => p.type === 'day')!.value;
    for (const hour of HOURS) {
      const when = hour < 12 ? `上午${hour}点` : hour === 12 ? '中午12点' : `下午${hour - 12}点`;
      for (const model of MODELS) out.push({ model, text: `${month}月${dayOfMonth}日${when}` });
    }
  }
  return out;
}

function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
