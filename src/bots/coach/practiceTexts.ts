// Everything the role-play practice says, in both languages.
import type { Bilingual } from '../../core/i18n.js';

const b = (zh: string, en: string): Bilingual => ({ zh, en });

export const PR = {
  intro: b(
    '🎭 角色扮演练习：{objection}\n顾客：{persona}｜车型：{model}｜难度：{difficulty}\n我来扮演顾客，你回复 {turns} 次后我按评分表打分（满分 100，{pass} 分及格）。输入 /practice stop 可随时结束。',
    '🎭 Role-play practice: {objection}\nCustomer: {persona} | Model: {model} | Difficulty: {difficulty}\nI play the customer; after your {turns} replies I score you against the rubric (out of 100, pass mark {pass}). Type /practice stop to quit at any time.',
  ),
  noLlm: b(
    '（未配置大模型：顾客台词来自话术库，评分按关键词规则。接入大模型后，顾客会更真实、点评也更细。）',
    '(No LLM configured: the customer speaks from the playbook and scoring uses keyword rules. Richer practice needs an LLM.)',
  ),
  customer: b('🧑 顾客：{text}', '🧑 Customer: {text}'),
  round: b('（第 {n}/{total} 轮，请回复顾客）', '(round {n}/{total}: your reply)'),
  replaced: b('上一次未完成的练习已记为放弃。', 'Your unfinished practice was recorded as abandoned.'),
  stopped: b(
    '练习已结束，记为未完成（不计分）。输入 /practice 重新开始。',
    'Practice ended and recorded as incomplete (no score). Type /practice to start again.',
  ),
  nothingToStop: b('现在没有进行中的练习。输入 /practice 开始一场。', 'No practice is running. Type /practice to start one.'),
  inThread: b(
    '👉 请在本消息下的话题（thread）里回复顾客，整场练习都在话题中进行。',
    "👉 Answer the customer in this message's thread: the whole practice runs there.",
  ),
  answeredInThread: b('↪ 已在练习的话题中回复。', '↪ Answered in the practice thread.'),
  finished: b('这场练习已结束（{score} 分）。要再练一场吗？', 'This practice is over ({score}/100). Another one?'),
  expired: b(
    '这场练习已超时结束（记为未完成）。输入 /practice 重新开始。',
    'This practice timed out and was recorded as incomplete. Type /practice to start again.',
  ),
  resultPass: b('✅ 练习完成：{score} 分，通过（及格线 {pass}）。', '✅ Practice complete: {score}/100, passed (pass mark {pass}).'),
  resultFail: b('❌ 练习完成：{score} 分，未通过（及格线 {pass}）。', '❌ Practice complete: {score}/100, not passed (pass mark {pass}).'),
  policyGate: b('有违反政策的说法，本场不算通过。', 'A line broke policy, so this session cannot pass.'),
  byRules: b('（按规则评分）', '(scored by rules)'),
  byLlm: b('（大模型评分，政策项按规则兜底）', '(scored by the LLM, with the rules as the floor for policy)'),
  checkPass: b('✅ {name}：「{evidence}」', '✅ {name}: "{evidence}"'),
  checkPassNoQuote: b('✅ {name}', '✅ {name}'),
  checkFail: b('❌ {name}{quote}\n   更好的说法：{better}', '❌ {name}{quote}\n   Better: {better}'),
  failQuote: b('：「{evidence}」', ': "{evidence}"'),
  stopButton: b('结束练习', 'Stop practice'),
  again: b('再练一次', 'Try again'),
  another: b('换个场景', 'Another scenario'),
  history: b('练习记录', 'Practice history'),
  historyTitle: b('练习记录（{who}）：', 'Practice history ({who}):'),
  historyAll: b('团队', 'team'),
  historyEmpty: b('还没有练习记录。输入 /practice 开始。', 'No practice sessions yet. Type /practice to start.'),
  historyRow: b('{n}. {when} {name} {objection}：{result}', '{n}. {when} {name} {objection}: {result}'),
  scoreOf: b('{score} 分 {mark}', '{score} {mark}'),
  incomplete: b('未完成', 'incomplete'),
  running: b('进行中', 'in progress'),
  open: b('查看 #{n}', 'Open #{n}'),
  noStaff: b('找不到这位同事：{q}', 'No colleague matches: {q}'),
  denied: b('你没有权限查看这位同事的练习记录。', "You may not read this colleague's practice sessions."),
  notFound: b('找不到这条练习记录。', 'No such practice session.'),
  sessionTitle: b(
    '练习 {when}｜{name}\n场景：{objection}｜{persona}｜{model}｜{difficulty}\n结果：{result}',
    'Practice {when} | {name}\nScenario: {objection} | {persona} | {model} | {difficulty}\nResult: {result}',
  ),
  traineeLine: b('👤 学员：{text}', '👤 Trainee: {text}'),
  checksTitle: b('评分项：', 'Checks:'),
  difficulty: { easy: b('简单', 'easy'), normal: b('普通', 'normal'), hard: b('困难', 'hard') } as Record<string, Bilingual>,
};

/** The scripted customer's reactions to the trainee's last reply. */
export const SCRIPT = {
  opening: b('我在看 {model}。{line}', "I'm looking at the {model}. {line}"),
  onDiscount: b('真的？这个优惠你能写进合同吗？', 'Really? Will you put that discount in the contract?'),
  onDisparage: b('别老说别人家不好，我想听听你们自己的车好在哪。', "Don't just run the other brand down; tell me what's good about yours."),
  onPressure: b('你这么催，我反而不太想定了。', 'Pushing me like that makes me less keen, honestly.'),
  onValue: b('嗯，这点倒是有道理。', "Hm, that's a fair point."),
  onAckOnly: b('你理解归理解，具体怎么说？', 'Fine, you understand, but what are you actually offering?'),
  onNothing: b('你还是没说到点子上。', "You haven't really answered me."),
  pushback: b('不过……{line}', 'Still... {line}'),
  closeThink: b('好吧，我再考虑考虑。', "OK, I'll think about it."),
};
