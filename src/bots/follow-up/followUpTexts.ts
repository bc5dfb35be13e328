// What the follow-up bot says, in both languages.
export const FU = {
  escalateHead: { zh: '以下 {n} 条跟进已逾期超过 {hours} 小时：', en: '{n} follow-ups are overdue by more than {hours} hours:' },
  escalateLine: { zh: '• {staff}：{name}（{grade}级），应于 {due} 跟进', en: '• {staff}: {name} (grade {grade}), due {due}' },
  more: { zh: '……另有 {n} 条', en: '… and {n} more' },
  nudgeHead: { zh: '接下来要联系的客户（{n}）：', en: 'Coming up to contact ({n}):' },
  nudgeLine: { zh: '{i}. {time} {name}（{grade}级）· {what}', en: '{i}. {time} {name} (grade {grade}) · {what}' },
  kindFollowUp: { zh: '跟进', en: 'follow-up' },
  kindReturnVisit: { zh: '交车后第 {day} 天回访', en: 'return visit, day {day}' },
  kindMaintenance: { zh: '保养提醒', en: 'maintenance due' },
  kindFeedback: { zh: '试驾反馈', en: 'test-drive feedback' },
  kindCall: { zh: '请电话联系（无法在线发送）', en: 'please call (no online message possible)' },
  bDone: { zh: '{i} 完成', en: '{i} done' },
  bSnooze: { zh: '{i} 推迟1天', en: '{i} +1 day' },
  bRegrade: { zh: '{i} 改级', en: '{i} regrade' },
  bOpen: { zh: '{i} 打开', en: '{i} open' },
  // the silence downgrades at the top of a nudge
  downHead: { zh: '降级提醒（{n}）：', en: 'Downgraded ({n}):' },
  downLine: { zh: '{i}. {name} {phone}：{from}→{to}，已 {days} 天未联系', en: '{i}. {name} {phone}: {from}→{to}, no contact for {days} days' },
  flagLine: {
    zh: '{i}. {name} {phone}：仍为{grade}级（已是最低级），已 {days} 天未联系',
    en: '{i}. {name} {phone}: stays {grade} (the lowest grade), no contact for {days} days',
  },
  bLogContact: { zh: '{i} 记录联系', en: '{i} log contact' },
  snoozed: { zh: '已推迟到 {due}。', en: 'Snoozed to {due}.' },
  notFound: { zh: '这条任务已不存在或已完成。', en: 'That task no longer exists or is already done.' },
  notYours: { zh: '这不是您的任务。', en: 'That task is not yours.' },
  // customers
  rvAsk: {
    zh: '您好！感谢选择{store}。您的新车用了 {days} 天，感觉怎么样？请点 1–5 打分（5 = 非常满意），也可以直接回复您的想法。',
    en: 'Hello from {store}! You have had your new car for {days} day(s): how is it going? Tap 1–5 (5 = very happy), or just reply with your thoughts.',
  },
  maintenanceAsk: {
    zh: '您好！根据交车日期和里程，您的爱车{when}该做保养了。需要预约请直接回复，或致电 {phone}。回复“退订”不再接收提醒。',
    en: 'Hello! By its delivery date and mileage, your car is due for a service {when}. Reply here to book, or call {phone}. Reply "unsubscribe" to stop reminders.',
  },
  maintenanceKm: { zh: '（约 {km} 公里）', en: ' (around {km} km)' },
  rvThanks: { zh: '谢谢您的反馈！', en: 'Thank you for your feedback!' },
  rvSorry: { zh: '抱歉让您不满意，您的顾问会尽快联系您。', en: 'Sorry it is not going well: your consultant will contact you soon.' },
  rvStaff: { zh: '{name} 交车后第 {day} 天回访：{answer}', en: '{name}, return visit day {day}: {answer}' },
  rvScore: { zh: '{n} 分', en: '{n}/5' },
} as const;
