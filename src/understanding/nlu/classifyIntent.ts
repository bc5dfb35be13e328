// What a customer message wants, by small keyword tables in Chinese and English. The order
// of the checks is the policy: dissatisfaction beats everything (a complaint that mentions
// a test drive is still a complaint), asking for a person comes next, moving or cancelling
// an existing booking beats booking, and a question about the test drive itself ("试驾要
// 钱吗") is an FAQ, not a booking.
import { normalizeText } from './normalizeText.js';

export type Intent = 'book_test_drive' | 'reschedule' | 'cancel' | 'faq' | 'human' | 'complaint' | 'greeting' | 'other';

interface ClassifyOptions {
  /** the FAQ search's confidence for this message, 0–1, or how to get it: a function is
   * called only when the intent depends on it (most messages are decided before) */
  faqScore?: number | (() => number);
  /** the message names a day (or a day the parser must ask about: 周末, 春节, 2月30日) */
  statesDate?: boolean;
  /** the message names a clock time or a part of the day */
  statesTime?: boolean;
}

const FAQ_SCORE_THRESHOLD = 0.5;

/** Builds one regex from table entries; Latin entries get word edges. */
function anyOf(entries: string[]): RegExp {
  return new RegExp(entries.map((e) => (/^(?:\(\?:)?[a-z]/.test(e) ? `\\b${e}` : e)).join('|'));
}

const COMPLAINT = anyOf([
  '投诉',
  '很烦',
  '太烦',
  '烦死',
  '烦人',
  '太差',
  '很差',
  '真差',
  '差劲',
  '(?:态度|服务).{0,3}(?:差|不好|恶劣|糟)',
  '不满',
  '骗',
  '坑(?:人|我|了)',
  '被坑',
  '垃圾',
  '恶心',
  '生气',
  '气死',
  '失望',
  '举报',
  '(?:一直|老是|总是|天天)(?:催|打电话|骚扰)',
  '骚扰',
  'complain',
  'terrible',
  'rude\\b',
  'awful',
  'horrible',
  'disappointed',
  'unacceptable',
  'scam',
  'worst',
  'angry',
  'annoy',
  'harass',
  'ripped off',
  'fed up',
  'pissed',
  '不满意',
  '不爽',
  '没人理',
  '不理人',
  '没人回',
  '浪费(?:我的?)?时间',
  '太不(?:专业|靠谱|负责)',
  'unhappy',
  'dissatisf',
  "(?:not|n't) (?:happy|satisfied|pleased) (?:with|about)",
  "i'?m not happy",
  '(?:bad|poor|lousy) (?:service|experience|attitude)',
  'waste of (?:my )?time',
  'unprofessional',
  'treated (?:badly|poorly|like)',
  '破(?:服务|店|地方|销售)',
  '(?:什么|啥)(?:破|烂)',
  '没人(?:来)?(?:接待|管|招呼)',
  '等了(?:半天|好久|很久|半个?小时|[一两1-9]个?(?:多)?小时)',
  'ridiculous',
  '(?:nobody|no one|no-one|never) (?:called|rang|got back|replied|answered|contacted|showed)',
  '没人(?:联系|回复|回我|打电话|接)',
]);

const HUMAN = anyOf([
  '转人工',
  '人工(?!智能)',
  '真人',
  '客服(?!电话|热线|邮箱)',
  '找(?:个)?人(?:$|[,，。.!！?？]|聊|说|谈|问)',
  '机器人',
  '(?:销售|顾问|经理)(?:直接)?(?:联系|打电话|给我打|回电)',
  '(?:找|和|跟)(?:你们)?的?(?:销售|顾问|经理|店长|负责人)(?:聊|谈|说|沟通|$)',
  '(?:talk|speak|chat)(?:\\s+\\w+)?\\s+(?:to|with)\\s+(?:(?:a|an|the|your|some)\\s+)?(?:real\\s+)?(?:person|human|agent|someone|somebody|representative|sales|staff|manager)',
  'human',
  'agent\\b',
  'real person',
  'representative',
  'customer service',
  'robot',
  'bot\\b',
]);

/** Questions about fees or rules ("取消要钱吗", "is rescheduling free?") are FAQs. */
const POLICY = anyOf(['收费', '要钱', '费用', '免费', '扣钱', '罚', '违约', '定金', 'fee', 'charge', 'cost', 'free\\b', 'penalt', 'policy']);

const RESCHEDULE = anyOf([
  '改到',
  '改成',
  '改为',
  '改在',
  '改期',
  '改约',
  '改(?:个|一下)?时间',
  '换(?:个|一个)?(?:时间|日子|日期|时段)',
  '换到',
  '换成',
  '挪到',
  '挪(?:一|个)?(?:下|天)',
  '调(?:整)?(?:一下)?时间',
  '推迟',
  '延后',
  '延期',
  '推后',
  '往后(?:推|挪)',
  '提前到',
  '提前(?:一|两|半)(?:天|个?小时)',
  '改一?下(?!(?:电话|手机|号码|名字|姓名|地址|信息|联系))',
  '往前(?:挪|调)',
  '提前一?(?:点|些)',
  '(?:晚|早|推迟|提前|延后)(?:一|两|半|1|2)个?(?:小时|钟头)',
  '(?:推|挪|延)后一?(?:点|些|天)',
  '把.{0,15}(?:试驾|预约|时间).{0,3}改',
  'reschedul',
  'move (?:my|the|our|it)\\b',
  'change (?:my|the|our) (?:booking|appointment|test drive|time|slot|date|reservation)',
  // 改 right before a new day or hour: "改周日吧", "改明天下午".
  '改(?=(?:到|成|在)?(?:下下?|这|本)?个?(?:周|星期|礼拜)|明天|后天|大后天|今天|上午|下午|晚上|早上|\\d{1,2}(?:号|日|点|月)|[一二三四五六七八九十两]{1,3}(?:号|日|点))',
  'switch (?:my|the|our|it|that)\\b',
  'swap (?:my|the|our|it)\\b',
  'change (?:it|that|this) to\\b',
  'move (?:it|that) to\\b',
  'postpone',
  'push (?:it|my|the)\\b',
  'bring (?:it )?forward',
  '(?:different|another|other) (?:time|day|date|slot)\\b',
]);

/** "Can we do Thursday instead?": a new slot offered in place of one already agreed. Counts
 * only when the message states a day or time, and not for "the X5 instead of the S3". */
const INSTEAD = anyOf(['instead\\b(?! of (?:the|a|an)\\b)', '换成', '那就改']);

const CANCEL = anyOf([
  '取消',
  '退订',
  '不去了',
  '不来了',
  '去不了',
  '来不了',
  '不试了',
  '不约了',
  '不用约了',
  '不试驾了',
  '撤销',
  '退掉',
  '(?:不需要|不用)(?:再)?(?:试驾|预约|约)了',
  'cancel',
  'call (?:it )?off',
  "(?:don'?t|do not|no longer) need (?:the|my|a|that|this) (?:test drive|booking|appointment|slot)",
  'no longer need',
  "(?:can't|cannot|can not|won't|will not) (?:make it|come)",
  'not coming',
]);

/** Words that alone say "I want a test drive" (or a slot for one). */
const BOOK = anyOf([
  '试驾',
  '试乘',
  '试车',
  '试开',
  '试一下',
  '试试',
  '(?:能|可以|想|去|来)试(?=吗|么|[?？,，。!！]|$)',
  '试坐',
  '开一下',
  '开开看',
  '体验一下',
  '约(?:个|一下)',
  '预约',
  '想约',
  '帮我约',
  '还有.{0,8}(?:位置|名额|空)',
  '有(?:位置|名额|空位)',
  '空位',
  '档期',
  '时段',
  'test[- ]?drive',
  'try (?:out )?(?:the|a|an|it)\\b',
  '(?:can|could|may) (?:i|we) (?:drive|test) (?:the|a|an|it|your)\\b',
  'for a spin',
  'take (?:it|the \\w+|an? \\w+) (?:for a|out)',
  'book\\b',
  'booking',
  'appointment',
  'schedule\\b',
  'reserve',
  'slot',
  'ride in',
]);

/** Visiting words that mean booking only with a clock time (看车 + 3点). */
const VISIT = anyOf(['看车', '到店', '来店', '去店', '过来', '过去', '来看', '上门', 'visit', 'come (?:in|by|over|to)', 'drop by', 'stop by']);

/** Service-side bookings are not test drives. */
const AFTER_SALES = anyOf(['保养', '维修', '售后', '钣金', '喷漆', 'service\\b', 'repair', 'maintenance']);

/** What people ask about the test drive itself rather than booking one. */
const TEST_DRIVE_TOPIC = anyOf([
  '驾照',
  '驾驶证',
  '身份证',
  '证件',
  '收费',
  '要钱',
  '免费',
  '费用',
  '多久',
  '多长时间',
  '几分钟',
  '路线',
  '带人',
  '同行',
  '几个人',
  '儿童',
  '小孩',
  '孩子',
  '家人',
  '年龄',
  '岁',
  '外国',
  '境外',
  '须知',
  '带什么',
  '要带',
  '注意',
  '流程',
  '保险',
  '试驾车',
  '试乘试驾车',
  '在哪',
  '地点',
  '多远',
  '公里',
  '要求',
  '条件',
  '规定',
  '(?:要|需要|得|用)(?:提前)?预约',
  '上门',
  'licen[cs]e',
  'how long',
  'cost',
  'charge',
  'fee\\b',
  'free\\b',
  'route',
  'bring',
  'passenger',
  'kids?\\b',
  'child',
  'age\\b',
  'insurance',
  'requirement',
  'documents?',
  'id card',
  'passport',
  'where',
  'how far',
  'what do i need',
]);

/** First-person wishes that make a test-drive question a request ("我想试驾，要带驾照吗"). */
const BOOK_DESIRE = anyOf(['我想', '我要', '想约', '帮我', '给我约', '安排', "i'd like", 'i would like', 'i want', 'book me', 'sign me up', 'can i book']);

/** Store and car topics the FAQ answers, asked with or without a question mark. */
const FAQ_TOPIC = anyOf([
  '价格',
  '价钱',
  '报价',
  '多少钱',
  '优惠',
  '活动',
  '贷款',
  '分期',
  '首付',
  '利息',
  '续航',
  '油耗',
  '电耗',
  '配置',
  '颜色',
  '保修',
  '质保',
  '地址',
  '位置在',
  '怎么走',
  '地铁',
  '介绍',
  '参数',
  '对比',
  '比较',
  '区别',
  '差别',
  '停车',
  '充电',
  '营业',
  '上班',
  '开门',
  '关门',
  '下班',
  '几点开',
  '几点关',
  '购置税',
  '绿牌',
  '上牌',
  '置换',
  '提车',
  '交车',
  'price',
  'cost',
  'how much',
  'discount',
  'promotion',
  'offers?\\b',
  'finance',
  'loan',
  'down payment',
  'interest(?: rate|-free)',
  'range\\b',
  'warranty',
  'colou?r',
  'address',
  'tell me about',
  'specs?\\b',
  'compare',
  'difference',
  'vs\\b',
  'parking',
  'charging',
  'opening hours',
  'open\\b',
  'close',
  'delivery',
  'metro',
  'tax',
  'trade-in',
]);

/** Opinions and stalling in a sales talk ("太贵了", "我回家想想"): objections, not questions. */
const OBJECTION = anyOf([
  '太贵',
  '贵了',
  '高了',
  '便宜一截',
  '比.{0,12}(?:便宜|贵)',
  '想想',
  '考虑',
  '商量',
  '再看看',
  '到处看看',
  '不放心',
  '接受不了',
  '太久',
  '太低',
  'too (?:expensive|much|long|high|low)',
  'more than i (?:planned|wanted|expected)',
  'think (?:about it|it over)',
  'not sure',
  'worried',
  'just looking',
  'cheaper',
  'needs? to (?:see|ask|check|talk)',
]);

/** A day offered with a question ("明天可以吗", "is Friday ok?") asks for that slot. */
const AVAILABILITY = anyOf([
  '可以',
  '行',
  '方便',
  '有空',
  '有位',
  '能约',
  '约得',
  '怎么样',
  'ok',
  'okay',
  'work',
  'available',
  'free\\b',
  'possible',
  'open slot',
  'can we do',
  'how about',
  'what about',
  'instead',
]);

const QUESTION = anyOf([
  '[?？]',
  '吗',
  '么(?:$|[,，。.!！])',
  '呢$',
  '多少',
  '怎么',
  '怎样',
  '几',
  '能不能',
  '可不可以',
  '有没有',
  '是不是',
  '哪',
  '什么',
  '啥',
  '如何',
  '多久',
  '多长',
  '多大',
  '多远',
  '为什么',
  '为啥',
  '请问',
  '(?:^|[.!,] ?)(?:what|how|when|where|which|who|why|is|are|do|does|can|could|will|would|should|may|any)\\b',
]);

const GREETING_WORDS = anyOf([
  '你好',
  '您好',
  '哈喽',
  '嗨',
  '早上好',
  '上午好',
  '中午好',
  '下午好',
  '晚上好',
  '早安',
  '在吗',
  '在不在',
  '有人吗',
  '有人在吗',
  'hi\\b',
  'hello',
  'hey',
  'good (?:morning|afternoon|evening)',
  'greetings',
  '(?:is )?any(?:one|body) (?:there|here)',
  'are you there',
]);

export function classifyIntent(text: string, opts: ClassifyOptions = {}): Intent {
  const t = normalizeText(text);
  const statesSlot = Boolean(opts.statesDate || opts.statesTime);
  const isQuestion = QUESTION.test(t);

  if (COMPLAINT.test(t)) return 'complaint';
  if (HUMAN.test(t)) return 'human';

  const asksPolicy = isQuestion && POLICY.test(t) && !statesSlot;
  if ((RESCHEDULE.test(t) || (statesSlot && INSTEAD.test(t))) && !asksPolicy) return 'reschedule';
  if (CANCEL.test(t) && !asksPolicy) return 'cancel';

  if (wantsTestDrive(t, { ...opts, isQuestion })) return 'book_test_drive';

  // Before the question check: "在吗" ends in 吗 but only says hello.
  if (isOnlyGreeting(t)) return 'greeting';
  const faqScore = () => (typeof opts.faqScore === 'function' ? opts.faqScore() : (opts.faqScore ?? 0));
  if (isQuestion || faqScore() >= FAQ_SCORE_THRESHOLD || (FAQ_TOPIC.test(t) && !OBJECTION.test(t))) return 'faq';
  return 'other';
}

function wantsTestDrive(t: string, opts: ClassifyOptions & { isQuestion: boolean }): boolean {
  if (AFTER_SALES.test(t)) return false;
  const statesSlot = Boolean(opts.statesDate || opts.statesTime);
  if (BOOK.test(t)) {
    const asksAboutTestDrive = opts.isQuestion && TEST_DRIVE_TOPIC.test(t) && !statesSlot && !BOOK_DESIRE.test(t);
    return !asksAboutTestDrive;
  }
  if (opts.statesTime) return !(opts.isQuestion && FAQ_TOPIC.test(t));
  // A day alone: "明天" or "明天可以吗" offers a slot, but "周日可以来看车吗" / "周六营业吗"
  // ask about opening hours and "明天会下雨吗" about something else.
  if (opts.statesDate) {
    if (OBJECTION.test(t)) return false;
    return !opts.isQuestion || (AVAILABILITY.test(t) && !VISIT.test(t) && !FAQ_TOPIC.test(t));
  }
  return VISIT.test(t) && BOOK_DESIRE.test(t);
}

/** Nothing but greetings, their particles and punctuation: "你好", "hi!", "您好，在吗", "下午好呀". */
function isOnlyGreeting(t: string): boolean {
  const withoutMarks = (s: string) => s.replace(/[\s\p{P}\p{S}]/gu, '');
  const rest = withoutMarks(t.replace(new RegExp(GREETING_WORDS.source, 'g'), ' '));
  return withoutMarks(t) !== rest && GREETING_PARTICLES.test(rest);
}

/** what may follow a greeting and still leave it one: 你好呀, 早上好啊 */
const GREETING_PARTICLES = /^[呀啊哇哦吖哈呐鸭]*$/u;
