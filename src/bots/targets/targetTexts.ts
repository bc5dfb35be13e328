// Everything the target bot says, in both languages.
import type { Bilingual } from '../../core/i18n.js';

const b = (zh: string, en: string): Bilingual => ({ zh, en });

export const TARGET = {
  title: b('设定目标', 'Set a target'),
  save: b('保存', 'Save'),
  intro: b('请填写目标：', 'Fill in the target:'),
  fPeriod: b('月份', 'Month'),
  fPeriodHint: b('格式 YYYY-MM，如 2026-12', 'YYYY-MM, e.g. 2026-12'),
  fMetric: b('指标', 'Metric'),
  fScope: b('范围', 'Level'),
  fWho: b('对象', 'Who'),
  fWhoHint: b('门店目标可不选；小组或顾问目标选对应的组或人', 'Leave empty for a store target; pick the team or consultant otherwise'),
  fValue: b('目标值', 'Value'),
  fValueHint: b('整数；营收按元', 'A whole number; revenue in CNY'),
  fSplit: b('按权重分解到下级', 'Split down by weights'),
  yes: b('是', 'Yes'),
  no: b('否', 'No'),
  metric: {
    orders: b('订单', 'Orders'),
    deliveries: b('交车', 'Deliveries'),
    revenue: b('营收（元）', 'Revenue (CNY)'),
    test_drives: b('试驾', 'Test drives'),
    leads: b('新线索', 'New leads'),
  } as Record<string, Bilingual>,
  scope: {
    store: b('门店', 'Store'),
    team: b('小组', 'Team'),
    staff: b('顾问', 'Consultant'),
  } as Record<string, Bilingual>,
  notAllowed: b('只有销售经理（本组）和店总可以设定目标。', 'Only sales managers (for their team) and the store manager can set targets.'),
  fixFields: b('请修改标出的字段。', 'Please fix the marked fields.'),
  eRequired: b('必填', 'Required'),
  ePeriod: b('请按 YYYY-MM 填写月份', 'Use YYYY-MM for the month'),
  eMetric: b('请选择指标', 'Pick a metric'),
  eScope: b('请选择范围', 'Pick a level'),
  eWho: b('请选择对应的小组或顾问', 'Pick the matching team or consultant'),
  eWhoNotAllowed: b('您只能设定本组及本组顾问的目标', 'You can set targets only for your team and its consultants'),
  eValue: b('请填写 0 或以上的整数', 'Enter a whole number, 0 or more'),
  eSplitStaff: b('顾问目标无法再分解', 'A consultant target cannot be split further'),
  saved: b('已设定 {period} {who} 的{metric}目标：{value}', 'Target set for {period}, {who}, {metric}: {value}'),
  replaced: b('（原目标 {old}，历史已保留）', '(was {old}; the history is kept)'),
  splitHead: b('按{basis}分解：', 'Split by {basis}:'),
  basis: {
    configured: b('配置的权重', 'the configured weights'),
    history: b('近 3 个月实绩占比', "the share of the last 3 months' actuals"),
    equal: b('平均分配', 'equal shares'),
  } as Record<string, Bilingual>,
  perDay: b('每个工作日约 {min}–{max}（共 {days} 个工作日）', 'per working day {min}–{max} ({days} working days)'),
  unteamed: b('未分组', 'No team'),
};
