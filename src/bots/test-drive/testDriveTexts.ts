// Everything the test-drive bot says, in both languages.
import type { Bilingual } from '../../core/i18n.js';

export const TD = {
  askModel: { zh: '好的，帮您预约试驾。您想试驾哪款车？', en: 'Sure, let me book a test drive for you. Which model would you like to drive?' },
  askDateTime: {
    zh: '想哪天几点来试驾？{model} 每天 09:00–17:00 整点可约（今天起 14 天内），比如“明天下午3点”。',
    en: 'Which day and time suit you? The {model} can be booked on the hour from 09:00 to 17:00, up to 14 days ahead, e.g. "tomorrow at 3pm".',
  },
  askTimeOnDate: { zh: '{date}您几点方便？这天还可以约：', en: 'What time on {date}? Still open that day:' },
  askDay: { zh: '“周末”包含周六和周日，您想约哪一天？', en: 'Which day of the weekend would you like, Saturday or Sunday?' },
  holiday: { zh: '节假日的具体日期我没法确定，请直接告诉我几月几号。', en: "I can't tell which date that holiday is; please give me the date." },
  invalidDate: { zh: '{text}这个日期不存在，请再确认一下日期。', en: '{text} is not a real date; could you check the date?' },
  notSlotStart: {
    zh: '{asked}不在可约时段：试驾每天 09:00–17:00 整点开始。离您最近的可约时段：',
    en: '{asked} is not a bookable slot: test drives start on the hour from 09:00 to 17:00. The nearest open slots:',
  },
  pastDate: { zh: '{asked}已经过去了。最近可约的时段：', en: '{asked} has already passed. The nearest open slots:' },
  beyondWindow: {
    zh: '目前只能预约 14 天内的时段，{asked}还约不了。最近可约的时段：',
    en: 'Bookings open 14 days ahead, so {asked} is not available yet. The nearest open slots:',
  },
  tooSoon: {
    zh: '当天预约需提前至少 1 小时，{asked}来不及安排了。最近可约的时段：',
    en: 'Same-day bookings need at least an hour’s notice, so {asked} is too soon. The nearest open slots:',
  },
  taken: { zh: '{asked}的 {model} 已经约满了。离您最近的可约时段：', en: 'The {model} is fully booked at {asked}. The nearest open slots:' },
  noSlots: {
    zh: '抱歉，{model} 在 14 天内已经没有可约时段了。您可以换个车型，或回复“转人工”由顾问为您安排。',
    en: 'Sorry, the {model} has no open slots in the next 14 days. You could choose another model, or type "human" and an adviser will arrange it.',
  },
  noDemoCar: {
    zh: '抱歉，{model} 的试驾车暂时不可预约（{note}）。可以先试驾其他车型，或回复“转人工”。',
    en: 'Sorry, the {model} demo car cannot be booked right now ({note}). You could try another model, or type "human".',
  },
  pickOne: { zh: '请选择一个时段，或告诉我其他时间。', en: 'Pick a slot, or tell me another time.' },
  askName: { zh: '请问怎么称呼您？', en: 'May I have your name?' },
  askPhone: { zh: '请留一个手机号，方便顾问联系和发送提醒。', en: 'Please share a mobile number so your consultant can reach you and we can send reminders.' },
  invalidPhone: {
    zh: '“{phone}”好像不是有效的手机号，请输入 11 位大陆手机号。',
    en: '"{phone}" does not look like a valid mobile number; please send an 11-digit mainland China mobile number.',
  },
  summary: { zh: '请确认试驾预约：', en: 'Please confirm your test drive:' },
  consentNote: {
    zh: '确认即表示您同意我们按隐私政策使用您的姓名和电话安排试驾并联系您。',
    en: 'By confirming you agree that we use your name and phone number under our privacy policy to arrange the test drive and contact you.',
  },
  confirm: { zh: '确认预约', en: 'Confirm' },
  change: { zh: '修改', en: 'Change' },
  changeWhat: { zh: '想修改哪一项？', en: 'What would you like to change?' },
  fieldModel: { zh: '车型', en: 'Model' },
  fieldTime: { zh: '时间', en: 'Time' },
  fieldName: { zh: '姓名', en: 'Name' },
  fieldPhone: { zh: '电话', en: 'Phone' },
  fieldPlace: { zh: '地点', en: 'Place' },
  fieldConsultant: { zh: '顾问', en: 'Consultant' },
  booked: {
    zh: '预约成功！{slot}，{model}试驾，顾问 {consultant} 会接待您。请携带驾驶证原件或“交管12123”电子驾照。我们会在前一天和开始前 2 小时提醒您；要改时间或取消，直接发“改到周六下午3点”或“取消预约”即可。',
    en: 'You are booked: {model} test drive on {slot}, with {consultant}. Please bring your driving licence (the card or the 12123 app). We will remind you the day before and 2 hours before; to move or cancel, just write e.g. "move it to Saturday 3pm" or "cancel my booking".',
  },
  reminderDayBefore: {
    zh: '提醒：您明天 {time} 预约了 {model} 试驾，地点：{address}。请携带驾驶证。需要改约请直接回复。',
    en: 'Reminder: your {model} test drive is tomorrow at {time}, at {address}. Please bring your driving licence. Reply here to move it.',
  },
  reminderTwoHours: {
    zh: '提醒：您的 {model} 试驾将在 {time} 开始，顾问 {consultant} 在店里等您。',
    en: 'Reminder: your {model} test drive starts at {time}; {consultant} is expecting you.',
  },
  feedbackAsk: {
    zh: '感谢您今天来试驾 {model}！请为这次试驾体验打个分（1–5 分）：',
    en: 'Thank you for test driving the {model} today! How would you rate the experience (1–5)?',
  },
  feedbackThanks: {
    zh: '谢谢您的评分！还有什么想对我们说的吗？直接回复即可（可跳过）。',
    en: 'Thank you for the rating! Anything you would like to tell us? Just reply (optional).',
  },
  feedbackCommentThanks: { zh: '收到，谢谢您的反馈，我们会转达给顾问。', en: 'Got it, thank you; we will pass it on to your consultant.' },
  noBooking: { zh: '没有找到您未来的试驾预约。要现在预约一个吗？', en: "I couldn't find an upcoming test drive for you. Would you like to book one?" },
  bookNow: { zh: '预约试驾', en: 'Book a test drive' },
  askNewTime: {
    zh: '您现在约的是 {slot} 的 {model} 试驾。想改到什么时间？',
    en: 'You are booked for the {model} on {slot}. When would you like to move it to?',
  },
  confirmMove: { zh: '把 {from} 的 {model} 试驾改到 {to}，确认吗？', en: 'Move your {model} test drive from {from} to {to}?' },
  confirmMoveButton: { zh: '确认改约', en: 'Move it' },
  keep: { zh: '保持原预约', en: 'Keep it' },
  moved: {
    zh: '已改约：{model} 试驾改到 {slot}。我们会按新时间提醒您。',
    en: 'Moved: your {model} test drive is now on {slot}. Reminders will follow the new time.',
  },
  confirmCancel: { zh: '确定取消 {slot} 的 {model} 试驾吗？', en: 'Cancel your {model} test drive on {slot}?' },
  confirmCancelButton: { zh: '确认取消', en: 'Cancel it' },
  cancelled: { zh: '已取消 {slot} 的试驾。想再约随时告诉我。', en: 'Your test drive on {slot} is cancelled. Tell me any time you would like to book again.' },
  kept: { zh: '好的，预约保持不变：{slot}。', en: 'OK, your booking stays as it is: {slot}.' },
  unknownModel: { zh: '我们店的车型有：{models}。您想试驾哪一款？', en: 'Our models are: {models}. Which would you like to drive?' },
  tooMany: {
    zh: '您目前已有 {n} 个待进行的试驾预约（每位客户最多同时保留 {max} 个）：\n{list}\n如果想换个时间，可以改约或取消其中一个，再为您预约新的。',
    en: 'You already have {n} upcoming test drives (each customer can hold up to {max} at a time):\n{list}\nIf you would like another time, you can move or cancel one of them and then book the new one.',
  },
  tooManyLine: { zh: '· {slot} {model}', en: '· {slot}, {model}' },
  moveThis: { zh: '改约 {slot}', en: 'Move {slot}' },
  cancelThis: { zh: '取消 {slot}', en: 'Cancel {slot}' },
  contactSaved: {
    zh: '谢谢，已记下您的手机号 {phone}，顾问会通过它联系您。需要预约试驾吗？',
    en: 'Thank you, we have your mobile number {phone}; your consultant will use it to reach you. Would you like to book a test drive?',
  },
  expired: { zh: '这个选项已经过期了，我们重新开始吧。', en: "That option has expired; let's start again." },
} satisfies Record<string, Bilingual>;
