// The world a role-play is played in: the objection, the persona, the model and the
// offers on it that day, as practiceCustomer needs them. Built when a role-play starts and
// again for each reply, from the stored scenario on the day it started.
import type { Lang } from '../../core/message.js';
import { localParts } from '../../infra/storeTime.js';
import { activePromotions, allowedAmounts } from '../../sales/practice/practiceRubric.js';
import { personaOf, type PracticeScenario } from '../../sales/practice/practiceScenario.js';
import type { PracticeWorld } from './practiceCustomer.js';
import { passMarkOf, type PracticeBotDeps } from './practiceDeps.js';

/** Null when the store data no longer has the scenario's objection (or any model). */
export function practiceWorldOf(
  deps: PracticeBotDeps,
  scenario: PracticeScenario,
  lang: Lang,
  now: Date,
  timeZone: string,
  totalTurns: number,
): PracticeWorld | null {
  const objection = deps.data.objections.find((o) => o.id === scenario.objectionId);
  const model = deps.data.catalog.models.find((m) => m.id === scenario.modelId) ?? deps.data.catalog.models[0];
  if (!objection || !model) return null;
  // only the offers on this model are within policy here: another model's discount is not
  const promotions = activePromotions(deps.data.promotions, localParts(now, timeZone).date).filter((p) => p.model_ids.includes(model.id));
  return {
    lang,
    scenario,
    objection,
    persona: personaOf(scenario.personaId),
    model,
    promotions,
    allowed: allowedAmounts(promotions),
    totalTurns,
    passMark: passMarkOf(deps),
  };
}
