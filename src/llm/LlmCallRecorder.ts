// The LangChain callback handler that leaves one `LlmCall` row per attempt at a provider
// (a retry and a fallback are attempts of their own): purpose, provider, model, prompt
// id and version, tokens, latency, outcome. `dealerbot llm report` reads these rows, so
// what a call cost and how it ended is known even when the customer got the store's text.
//
// One recorder serves one client call (it is passed in that call's config): it also
// tells the client which attempt answered, for `recordOutcome` when a later check rejects
// the answer, and how the last failed attempt failed.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';
import type { Db } from '../store/createPrisma.js';
import { classifyLlmFailure, isMalformedOutput, type LlmFailure } from './classifyLlmFailure.js';

export type LlmOutcome = 'ok' | 'rejected' | 'timeout' | 'error';

/** Which configured provider an attempt went to: a column of LlmCall. */
export type LlmProviderName = 'primary' | 'fallback';

/** The metadata key the client sets on each provider's runnable; LangChain hands it to every run below. */
export const PROVIDER_METADATA_KEY = 'llmProvider';

export interface LlmAttempt {
  /** the LlmCall row's id */
  callId: string;
  provider: LlmProviderName;
  model: string;
  outcome: LlmOutcome;
  /** why it failed; none when ok */
  failure?: LlmFailure;
  tokensIn?: number;
  tokensOut?: number;
}

interface RecorderDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  /** what the call is for ('faq-answer', 'coach'): a column of LlmCall, for reports */
  purpose: string;
  prompt: { id: string; version: string };
}

interface OpenAttempt {
  startedAt: number;
  provider: LlmProviderName;
  model: string;
  /** the run that holds the model and its output parser: a parser's failure is found through it */
  parentRunId?: string;
}

export class LlmCallRecorder extends BaseCallbackHandler {
  name = 'llm_call_recorder';
  /** every attempt, in the order they ended */
  readonly attempts: LlmAttempt[] = [];
  private readonly open = new Map<string, OpenAttempt>();
  /** answered attempts by their parent run, until their output is parsed */
  private readonly answered = new Map<string, LlmAttempt>();

  constructor(private readonly deps: RecorderDeps) {
    // Awaited, not in the background: a row must exist before its outcome is corrected,
    // and before the turn (or a test) reads the table.
    super({ _awaitHandler: true });
  }

  /** The attempt whose answer the call returned: the last that came back ok. */
  answeredAttempt(): LlmAttempt | undefined {
    return this.attempts.findLast((a) => a.outcome === 'ok');
  }

  /** The last attempt that failed, whose reason the caller is told. */
  lastFailure(): LlmAttempt | undefined {
    return this.attempts.findLast((a) => a.outcome !== 'ok');
  }

  override handleChatModelStart(
    _llm: Serialized,
    _messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    const params = extraParams?.invocation_params as { model?: unknown } | undefined;
    const model = String(params?.model ?? metadata?.ls_model_name ?? 'unknown');
    const provider = metadata?.[PROVIDER_METADATA_KEY] === 'fallback' ? 'fallback' : 'primary';
    this.open.set(runId, { startedAt: performance.now(), provider, model, parentRunId });
  }

  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const started = this.open.get(runId);
    if (!started) return;
    this.open.delete(runId);
    const usage = output.llmOutput?.tokenUsage as { promptTokens?: number; completionTokens?: number } | undefined;
    const attempt: LlmAttempt = {
      callId: randomUUID(),
      provider: started.provider,
      model: started.model,
      outcome: 'ok',
      tokensIn: usage?.promptTokens,
      tokensOut: usage?.completionTokens,
    };
    this.attempts.push(attempt);
    if (started.parentRunId) this.answered.set(started.parentRunId, attempt);
    await this.write(attempt, started.startedAt);
  }

  override async handleLLMError(err: Error, runId: string): Promise<void> {
    const started = this.open.get(runId);
    if (!started) return;
    this.open.delete(runId);
    await this.fail(started, classifyLlmFailure(err));
  }

  /**
   * The output parser runs beside the model under one parent run: when it refuses the
   * answer (not JSON, the wrong shape, an id not offered), that answer's row becomes
   * `rejected`, the tokens it cost kept.
   */
  override async handleChainError(err: Error, _runId: string, parentRunId?: string): Promise<void> {
    if (!parentRunId || !isMalformedOutput(err)) return;
    const attempt = this.answered.get(parentRunId);
    if (!attempt) return;
    this.answered.delete(parentRunId);
    attempt.outcome = 'rejected';
    attempt.failure = 'malformed';
    this.deps.log.warn({ purpose: this.deps.purpose, provider: attempt.provider, outcome: 'rejected', reason: 'malformed' }, 'llm call');
    await setLlmCallOutcome(this.deps, attempt.callId, 'rejected');
  }

  /** Attempts still open when the call ended (cut off by the deadline without an error event) are timeouts. */
  async closeOpenAttempts(): Promise<void> {
    for (const [runId, started] of this.open) {
      this.open.delete(runId);
      await this.fail(started, 'timeout');
    }
  }

  private async fail(started: OpenAttempt, failure: LlmFailure): Promise<void> {
    const attempt: LlmAttempt = {
      callId: randomUUID(),
      provider: started.provider,
      model: started.model,
      outcome: failure === 'timeout' ? 'timeout' : 'error',
      failure,
    };
    this.attempts.push(attempt);
    await this.write(attempt, started.startedAt);
  }

  private async write(a: LlmAttempt, startedAt: number): Promise<void> {
    const latencyMs = Math.round(performance.now() - startedAt);
    const { purpose, prompt } = this.deps;
    this.deps.log[a.outcome === 'ok' ? 'debug' : 'warn'](
      { purpose, promptId: prompt.id, provider: a.provider, outcome: a.outcome, reason: a.failure, latencyMs, tokensIn: a.tokensIn, tokensOut: a.tokensOut },
      'llm call',
    );
    try {
      await this.deps.db.llmCall.create({
        data: {
          id: a.callId,
          purpose,
          provider: a.provider,
          model: a.model,
          promptId: prompt.id,
          promptVersion: prompt.version,
          tokensIn: a.tokensIn,
          tokensOut: a.tokensOut,
          latencyMs,
          outcome: a.outcome,
          createdAt: this.deps.clock.now(),
        },
      });
    } catch (err) {
      // The record is for review; losing one must not cost the customer the answer.
      this.deps.log.warn({ err, purpose }, 'llm call not recorded');
    }
  }
}

/** Corrects a recorded call's outcome, e.g. to 'rejected' when a caller's check fails. */
export async function setLlmCallOutcome(deps: { db: Db; log: Logger }, callId: string, outcome: LlmOutcome): Promise<void> {
  try {
    await deps.db.llmCall.updateMany({ where: { id: callId }, data: { outcome } });
  } catch (err) {
    deps.log.warn({ err }, 'llm call outcome not recorded');
  }
}
