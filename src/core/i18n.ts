// Every text a customer or a salesperson reads, in simplified Chinese and English.
// Bots add their own entries here so that a missing translation is a type error.
import type { Lang } from './message.js';

const texts = {
  'error.generic': {
    zh: '抱歉，系统开了个小差，请稍后再试，或回复“转人工”找顾问帮您。',
    en: 'Sorry, something went wrong on our side. Please try again in a moment, or type "human" to reach an adviser.',
  },
  'error.unknownStaff': {
    zh: '没有找到您的员工档案，请联系店总把您的账号加入系统。',
    en: "We couldn't find your staff record. Please ask the store manager to add your account.",
  },
  'greeting.customer': {
    zh: '您好，欢迎来到{store}！我是在线助手，可以帮您：',
    en: 'Hello and welcome to {store}! I am the online assistant. I can help you:',
  },
  'greeting.staff': {
    zh: '{name}，您好！我是{store}的销售助手，可以帮您：',
    en: 'Hi {name}! I am the sales assistant of {store}. I can help you:',
  },
  'help.customer': {
    zh: '· 查询车型、价格、优惠和门店信息\n· 预约、改约或取消试驾\n· 提交投诉或建议\n· 随时回复“转人工”联系顾问',
    en: '· answer questions about models, prices, offers and the store\n· book, move or cancel a test drive\n· take a complaint or suggestion\n· reach a human adviser any time: type "human"',
  },
  'help.staff.sales_consultant': {
    zh: '· 晨会看板：目标、进度、漏斗和排名\n· 今日跟进清单与提醒（按客户级别，回复“我的今天”）\n· 销售教练：异议话术和陪练打分\n· 在聊天里记录：/lead 新客户，/log 跟进结果，/customer 姓名或手机尾号 查客户\n· 接待转人工的客户（回复“队列”）',
    en: '· the morning board: targets, progress, funnel and ranking\n· today\'s follow-up list and nudges by customer grade (type "my day")\n· the sales coach: objection answers and scored role-play\n· record from chat: /lead for a new customer, /log for an outcome, /customer <name or last 4 digits> to find one\n· answer customers who asked for a person (type "queue")',
  },
  'help.staff.sales_manager': {
    zh: '· 团队看板：目标分解、进度、漏斗瓶颈和排名\n· 逾期跟进与客户升级提醒\n· 接管客户对话、分配线索\n· 销售教练与团队陪练成绩',
    en: "· the team board: target split, progress, funnel bottleneck and ranking\n· overdue follow-ups and escalations\n· take over customer chats and assign leads\n· the sales coach and your team's practice scores",
  },
  'help.staff.dcc_agent': {
    zh: '· 线上线索与邀约清单\n· 试驾预约确认\n· 接管客户在线对话\n· 销售教练：异议话术',
    en: '· online leads and the invitation list\n· test-drive booking confirmation\n· take over customer chats\n· the sales coach: objection answers',
  },
  'help.staff.store_manager': {
    zh: '· 全店看板：目标、进度、漏斗、预测和排名\n· 各组逾期跟进与投诉升级\n· 活动投入产出\n· 团队陪练成绩',
    en: '· the store board: targets, progress, funnel, forecast and ranking\n· overdue follow-ups and complaint escalations by team\n· campaign cost and return\n· team practice scores',
  },
  'help.button.testDrive': { zh: '预约试驾', en: 'Book a test drive' },
  'help.button.models': { zh: '看看车型', en: 'See the models' },
  'help.button.human': { zh: '转人工', en: 'Talk to a person' },
  'help.button.digest': { zh: '今日看板', en: "Today's board" },
  'help.button.followups': { zh: '今日跟进', en: "Today's follow-ups" },
  'help.button.coach': { zh: '销售教练', en: 'Sales coach' },
  'help.button.queue': { zh: '待接入客户', en: 'Waiting customers' },
  'text.tooLong': {
    zh: '您的消息有点长，我一次读不完。麻烦您分成几条发给我，每条不超过 {limit} 字，谢谢！',
    en: 'Your message is a bit long for me to read in one go. Could you send it in a few shorter parts, each up to {limit} characters? Thank you!',
  },
  'fallback.customer': {
    zh: '抱歉，这个问题我暂时还答不上来。您可以换个说法再问一次，或回复“转人工”由顾问为您解答。',
    en: 'Sorry, I can\'t answer that yet. You could rephrase it, or type "human" and an adviser will help you.',
  },
  'fallback.staff': {
    zh: '这项功能还在准备中。回复“帮助”查看我现在能做的事。',
    en: 'That is not available yet. Type "help" to see what I can do now.',
  },
} as const;

export type MessageKey = keyof typeof texts;

/** A text in both languages; bots keep their own tables of these next to their code. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type TextParams = Record<string, string | number>;

/** The text in `lang` with {name} placeholders filled. */
export function fill(lang: Lang, text: Bilingual, params: TextParams = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export function t(lang: Lang, key: MessageKey, params: TextParams = {}): string {
  return fill(lang, texts[key], params);
}

export function hasText(key: string): key is MessageKey {
  return key in texts;
}
