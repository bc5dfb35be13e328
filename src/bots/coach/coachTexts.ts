// The coach's own words, in both languages.
import type { Bilingual } from '../../core/i18n.js';

export const COACH = {
  type: { zh: '异议类型：{names}', en: 'Objection: {names}' },
  alsoPossible: { zh: '（也可能是：{names}）', en: ' (could also be: {names})' },
  customer: { zh: '客户：{name} · 意向 {model} · 等级 {grade}{recent}', en: 'Customer: {name} · interested in {model} · grade {grade}{recent}' },
  recent: { zh: ' · 最近：{items}', en: ' · latest: {items}' },
  customerNotFound: { zh: '（没找到您可查看的客户“{ref}”，以下为通用建议）', en: '(no customer "{ref}" that you can see; general advice below)' },
  customerAmbiguous: {
    zh: '（“{ref}”对应多位客户，请用手机尾号或客户编号，以下为通用建议）',
    en: '("{ref}" matches several customers: use the phone\'s last four digits or the customer id; general advice below)',
  },
  steps: { zh: '应对步骤：', en: 'Approach:' },
  say: { zh: '可以这样说：', en: 'You could say:' },
  situation: { zh: '（参考情境：{situation}）', en: '(sample situation: {situation})' },
  offers: { zh: '今日有效优惠{scope}：', en: 'Offers running today{scope}:' },
  noOffers: { zh: '今日{scope}没有进行中的优惠，不要承诺任何折扣。', en: 'No offers running today{scope}: promise no discount.' },
  upcoming: { zh: '即将开始（尚未生效，不能现在承诺）：', en: 'Starting soon (not available yet, do not promise now):' },
  donts: { zh: '切忌：', en: "Don'ts:" },
  help: {
    zh: '我是销售教练：把客户的原话发给我，我告诉您这是哪类异议、怎么一步步应对、可以怎么说、今天有哪些优惠能用、哪些话不能说。\n用法：/coach 客户说太贵了 ·“客户说……”· 指定客户：/coach @王伟 要跟老婆商量（或手机尾号、客户编号）。\n能识别：价格、竞品、再考虑、家人商量、等降价、品牌信任、保值、续航、充电、质量、等车、随便看看、要赠品、利息、旧车估价、网上差评。',
    en: "I'm the sales coach: send me what the customer said and I'll tell you which objection it is, how to handle it step by step, what you could say, which offers run today and what never to say.\nUse: /coach customer says it's too expensive · \"customer says …\" · for a customer: /coach @Li Wei needs to ask his wife (or the phone's last four digits, or the customer id).\nI know: price, competitors, thinking it over, family, waiting for a price drop, brand trust, resale, range, charging, quality, delivery time, just looking, extras, interest, trade-in value, bad reviews.",
  },
  notObjection: {
    zh: '这句话我没认出是哪类客户异议。',
    en: "I couldn't tell which customer objection that is.",
  },
} satisfies Record<string, Bilingual>;

export const STEP_LABELS: Record<string, Bilingual> = {
  acknowledge: { zh: '认同', en: 'Acknowledge' },
  clarify: { zh: '澄清', en: 'Clarify' },
  respond: { zh: '回应', en: 'Respond' },
  confirm: { zh: '确认', en: 'Confirm' },
  advance: { zh: '推进', en: 'Advance' },
};

export const INTERACTION_LABELS: Record<string, Bilingual> = {
  lead: { zh: '留资', en: 'lead' },
  visit: { zh: '到店', en: 'visit' },
  call: { zh: '电话', en: 'call' },
  chat: { zh: '聊天', en: 'chat' },
  test_drive: { zh: '试驾', en: 'test drive' },
  quote: { zh: '报价', en: 'quote' },
  order: { zh: '下单', en: 'order' },
  delivery: { zh: '交车', en: 'delivery' },
  lost: { zh: '战败', en: 'lost' },
  return_visit: { zh: '回访', en: 'return visit' },
  complaint: { zh: '投诉', en: 'complaint' },
  service: { zh: '售后', en: 'service' },
  grade_change: { zh: '调级', en: 'regrade' },
  note: { zh: '备注', en: 'note' },
};
