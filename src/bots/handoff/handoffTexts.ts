import type { Bilingual } from '../../core/i18n.js';

export const HO = {
  queued: {
    zh: '好的，正在为您转接人工顾问，请稍候，您可以直接在这里留言。（人工服务时间 09:00–18:00；其他时间留言，次日 10:00 前回电）',
    en: 'Sure, I am connecting you with an adviser; you can write your message here meanwhile. (Advisers answer 09:00–18:00; messages left at other times get a call back by 10:00 the next day.)',
  },
  lowConfidence: {
    zh: '这个问题我答不太准，帮您转给人工顾问。',
    en: "I'm not confident I can answer that correctly, so I'm passing you to an adviser.",
  },
  joined: { zh: '您好，我是顾问{name}，很高兴为您服务。', en: 'Hello, this is {name}, your adviser. How can I help?' },
  ended: {
    zh: '人工服务已结束，感谢您的耐心。还有问题随时留言，我会继续为您服务。',
    en: 'The adviser has closed the chat; thank you for your patience. Write any time and I will help again.',
  },
  timedOut: {
    zh: '由于一段时间没有新消息，人工服务已结束。还有问题随时留言。',
    en: 'The chat with the adviser ended after a while without messages. Write any time if you need more help.',
  },
  queueEmpty: { zh: '目前没有等待人工的客户。', en: 'No customer is waiting for a human right now.' },
  queueTitle: { zh: '等待人工的客户：', en: 'Customers waiting for a human:' },
  queueLine: {
    zh: '{n}. {name} {phone} · {channel} · 等待 {minutes} 分钟 · “{last}”',
    en: '{n}. {name} {phone} · {channel} · waiting {minutes} min · "{last}"',
  },
  take: { zh: '接入 {n}', en: 'Take {n}' },
  taken: { zh: '已接入客户 {name}（{phone}，{channel}）。最近的消息：', en: 'You are now talking to {name} ({phone}, {channel}). Latest messages:' },
  takenHint: { zh: '现在您发的消息会转给客户。结束时请点“结束”。', en: 'What you write now goes to the customer. Press "Close" when you are done.' },
  alreadyTaken: { zh: '这位客户已由其他同事接入。', en: 'A colleague has already taken this customer.' },
  close: { zh: '结束', en: 'Close' },
  closedForStaff: { zh: '已结束与客户的对话。', en: 'You closed the chat with the customer.' },
  timedOutForStaff: { zh: '与客户 {name} 的人工对话因超时已结束。', en: 'The chat with {name} ended after a while without messages.' },
  customerSays: { zh: '客户：{text}', en: 'Customer: {text}' },
  queueButton: { zh: '待接入客户', en: 'Waiting customers' },
  roomTitle: { zh: '🔔 客户请求人工服务', en: '🔔 A customer asks for a person' },
  roomCustomer: { zh: '客户', en: 'Customer' },
  roomChannel: { zh: '渠道', en: 'Channel' },
  roomGrade: { zh: '级别', en: 'Grade' },
  roomModel: { zh: '意向车型', en: 'Model' },
  roomReason: { zh: '原因', en: 'Why' },
  roomIntent: { zh: '客户想要', en: 'Customer wants' },
  reasonAsked: { zh: '客户要求人工', en: 'asked for a person' },
  reasonUnsure: { zh: '助手连续两次没把握', en: 'the assistant was unsure twice' },
  roomRecent: { zh: '最近的消息：', en: 'Latest messages:' },
  roomHint: {
    zh: '在此话题中回复即可与客户对话（第一条回复即接入）；结束时点“结束”。',
    en: 'Reply in this thread to talk to the customer (the first reply takes the chat); press "Close" when done.',
  },
  roomTake: { zh: '接入', en: 'Take' },
  roomEnded: { zh: '这次人工对话已结束，客户现在由助手接待。', en: 'This chat has ended; the assistant is looking after the customer now.' },
  roomLate: {
    zh: '⏰ 客户已等待 {minutes} 分钟还没有人回复，请安排同事接入。',
    en: '⏰ The customer has waited {minutes} minutes without a reply; please get someone on it.',
  },
  lateDm: {
    zh: '⏰ {name}（{channel}）请求人工已等待 {minutes} 分钟，还没有同事回复。请到客户对话频道接入。',
    en: '⏰ {name} ({channel}) has waited {minutes} minutes for a person and nobody has answered yet. Please take it in the customer chat channel.',
  },
} satisfies Record<string, Bilingual>;
