// What the practice bot is given (the store data, an LLM, the turns per role-play, the
// objection classifier), kept apart from the bot so each part of the role-play can take
// it without importing the bot; and the pass mark, which is read from it.
import type { LlmClient } from '../../llm/llmClient.js';
import { PASS_MARK } from '../../sales/practice/practiceRubric.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';

export interface PracticeBotDeps {
  data: StoreData;
  llm?: LlmClient;
  /** Trainee replies per session (default: sales-rules.yaml practice.turns). */
  turns?: number;
  /**
   * Words → objection id (e.g. the coach's classifyObjection once wired); without it a
   * small local keyword-overlap matcher picks the objection.
   */
  classify?: (words: string) => string | null;
}

/** The store's pass mark (sales-rules.yaml practice.passMark), 80 by default. */
export function passMarkOf(deps: PracticeBotDeps): number {
  return deps.data.salesRules?.practice.passMark ?? PASS_MARK;
}
