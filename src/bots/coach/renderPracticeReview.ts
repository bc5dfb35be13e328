// A practice's score as chat shows it: pass or fail against the store's mark (a broken
// pricing policy fails whatever the score), who scored it, and each rubric check with the
// trainee's words and a better line. The checks also close a past session's page.
import type { TurnContext } from '../../core/bot.js';
import { CHECK_NAMES, type Review } from '../../sales/practice/practiceRubric.js';
import { PR } from './practiceTexts.js';

export function renderPracticeReview(ctx: TurnContext, review: Review, passMark: number): string {
  const head = ctx.say(review.passed ? PR.resultPass : PR.resultFail, { score: review.score, pass: passMark });
  const policyBroken = review.checks.some((x) => x.id === 'policy' && !x.passed);
  const lines = [
    head + (policyBroken && review.score >= passMark ? ` ${ctx.say(PR.policyGate)}` : ''),
    ctx.say(review.scoredBy === 'llm' ? PR.byLlm : PR.byRules),
  ];
  lines.push(...renderPracticeChecks(ctx, review));
  return lines.join('\n');
}

export function renderPracticeChecks(ctx: TurnContext, review: Review): string[] {
  return review.checks.map((x) => {
    const name = ctx.say(CHECK_NAMES[x.id]);
    if (x.passed) return x.evidence ? ctx.say(PR.checkPass, { name, evidence: x.evidence }) : ctx.say(PR.checkPassNoQuote, { name });
    const quote = x.evidence ? ctx.say(PR.failQuote, { evidence: x.evidence }) : '';
    return ctx.say(PR.checkFail, { name, quote, better: x.better ?? '—' });
  });
}
