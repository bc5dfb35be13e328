// The one way to reach an OpenAI-compatible model (OpenAI, DeepSeek, Qwen, Ollama, vLLM),
// built on LangChain: a prompt template piped into ChatOpenAI, structured answers through
// withStructuredOutput and a zod schema, one retry of a passing failure (withRetry), and a
// second provider (withFallbacks) when LLM_FALLBACK_* is set. A chat turn waits on it, so
// each provider has a hard deadline; a failure of every provider is a typed error the
// caller turns into its answer without the model. Every attempt leaves an LlmCall row
// (LlmCallRecorder).
//
// Bots see only LlmClient: complete() for text, structured() for a zod-checked object,
// recordOutcome() when their own check rejects an answer. No LangChain type crosses it.
import { performance } from 'node:perf_hooks';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import type { BaseMessage } from '@langchain/core/messages';
import { OutputParserException } from '@langchain/core/output_parsers';
import { type Runnable, RunnableLambda, type RunnableConfig } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import type { z } from 'zod';
import type { TurnSlots } from '../core/turnSlots.js';
import { BotError } from '../core/errors.js';
import type { Clock } from '../infra/clock.js';
import type { LlmConfig, LlmProviderConfig } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { Prompt } from '../prompts/prompt.js';
import type { Db } from '../store/createPrisma.js';
import { classifyLlmFailure, isTransient, retryAfterMs, type LlmFailure } from './classifyLlmFailure.js';
import { LlmCallRecorder, PROVIDER_METADATA_KEY, setLlmCallOutcome, type LlmOutcome, type LlmProviderName } from './LlmCallRecorder.js';

export type { LlmOutcome } from './LlmCallRecorder.js';

interface CompletionRequest<Args = any> {
  /** What the call is for ('faq-answer', 'coach'): a column of LlmCall, for reports. */
  purpose: string;
  /** The template, whose id and version are recorded with the call, and its arguments. */
  prompt: Prompt<Args>;
  args: Args;
  maxTokens?: number;
}

interface Answered {
  tokensIn?: number;
  tokensOut?: number;
  /** The LlmCall row of the attempt that answered, for `recordOutcome` when a post-check rejects it. */
  callId: string;
  /** which provider answered */
  provider: LlmProviderName;
  model: string;
}

export interface Completion extends Answered {
  text: string;
}

export interface StructuredCompletion<T> extends Answered {
  value: T;
}

/** The model could not give a usable answer; callers fall back to retrieval and rules. */
export class LlmUnavailableError extends BotError {
  constructor(
    readonly reason: LlmFailure,
    message = `LLM unavailable: ${reason}`,
  ) {
    super('platform_error', message);
    this.name = 'LlmUnavailableError';
  }
}

export interface LlmClient {
  /** the first provider's model */
  readonly model: string;
  complete<Args>(req: CompletionRequest<Args>): Promise<Completion>;
  /**
   * An object validated by `schema`. Asks for a JSON object (`json_object`) rather than
   * `json_schema` or a tool call, which DeepSeek, Ollama and others lack or do unevenly,
   * so the prompt itself must describe the shape (and say "JSON"). An answer that is not
   * JSON or does not match is `rejected` and the next provider is asked; when none gives
   * one, LlmUnavailableError('malformed').
   */
  structured<Args, T>(req: CompletionRequest<Args> & { schema: z.ZodType<T> }): Promise<StructuredCompletion<T>>;
  /** Corrects a recorded call's outcome, e.g. to 'rejected' when a caller's check fails. */
  recordOutcome(callId: string, outcome: LlmOutcome): Promise<void>;
}

interface LlmClientDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  /** the pipeline's computing slots, given back while a call waits on the network */
  slots?: TurnSlots;
}

/** What a provider is asked for: the model's text, or its answer parsed by a schema. */
type Answer<Out> = (model: ChatOpenAI) => Runnable<BaseLanguageModelInput, Out>;

/** Attempts per provider: one retry for a 429 or 5xx blip; more would only eat the turn's time. */
const ATTEMPTS_PER_PROVIDER = 2;
/**
 * LangChain's withRetry waits 1–2 s before the retry (or the provider's Retry-After, if
 * longer): the retry is made only when that wait and a short answer still fit the
 * provider's deadline; otherwise the fallback (or the caller's answer) comes sooner.
 */
const LONGEST_RETRY_WAIT_MS = 2000;
const SHORTEST_USEFUL_ATTEMPT_MS = 1000;

export function createLlmClient(config: LlmConfig, deps: LlmClientDeps): LlmClient {
  const providers: { name: LlmProviderName; settings: LlmProviderConfig }[] = [
    { name: 'primary', settings: config },
    ...(config.fallback ? [{ name: 'fallback' as const, settings: config.fallback }] : []),
  ];
  // One ChatOpenAI per provider and token limit (the limit is a constructor field): the
  // calls use a handful of limits, and a model keeps its HTTP client between calls.
  const models = new Map<string, ChatOpenAI>();
  const modelFor = (p: (typeof providers)[number], maxTokens: number | undefined) => {
    const key = `${p.name}:${maxTokens ?? ''}`;
    let model = models.get(key);
    if (!model) {
      model = new ChatOpenAI({
        model: p.settings.model,
        apiKey: p.settings.apiKey,
        configuration: { baseURL: p.settings.baseUrl },
        timeout: config.timeoutMs,
        // retries are withRetry's alone, so one policy decides them
        maxRetries: 0,
        // max_tokens, not max_completion_tokens (ChatOpenAI sends the older name except to
        // OpenAI's reasoning models): the compatible servers know only that one.
        ...(maxTokens !== undefined && { maxTokens }),
      });
      models.set(key, model);
    }
    return model;
  };

  /**
   * One provider as a runnable: its answer (text or parsed object) within its own
   * deadline, with one retry of a passing failure when there is time for it. The deadline
   * starts when the provider is tried, so a fallback gets its full time after a slow first.
   */
  function providerRunnable<Out>(p: (typeof providers)[number], answer: Answer<Out>, maxTokens: number | undefined) {
    return RunnableLambda.from(async (prompt: BaseLanguageModelInput, runConfig?: RunnableConfig) => {
      const deadline = performance.now() + config.timeoutMs;
      const timeout = AbortSignal.timeout(config.timeoutMs);
      return answer(modelFor(p, maxTokens))
        .withConfig({ metadata: { [PROVIDER_METADATA_KEY]: p.name } })
        .withRetry({
          stopAfterAttempt: ATTEMPTS_PER_PROVIDER,
          // Throwing ends the retries: only a rate limit or server error that may pass is
          // tried again, and only when the wait and an answer fit before the deadline.
          onFailedAttempt: (err: unknown) => {
            if (!isTransient(err)) throw err;
            const wait = retryAfterMs(err);
            if (deadline - performance.now() < Math.max(LONGEST_RETRY_WAIT_MS, wait ?? 0) + SHORTEST_USEFUL_ATTEMPT_MS) throw err;
            // LangChain's retry waits at least this long when the error carries it
            if (wait !== undefined) Object.assign(err as object, { retryAfterMs: wait });
          },
        })
        .invoke(prompt, { ...runConfig, signal: runConfig?.signal ? AbortSignal.any([runConfig.signal, timeout]) : timeout });
    });
  }

  async function run<Out>(req: CompletionRequest, answer: Answer<Out>): Promise<{ out: Out; answered: Answered }> {
    const recorder = new LlmCallRecorder({ ...deps, purpose: req.purpose, prompt: { id: req.prompt.id, version: req.prompt.version } });
    const [first, ...fallbacks] = providers.map((p) => providerRunnable(p, answer, req.maxTokens));
    const chain = req.prompt.template.pipe(fallbacks.length ? first.withFallbacks(fallbacks) : first);
    const invoke = () =>
      chain.invoke(req.prompt.variables(req.args), {
        callbacks: [recorder],
        runName: req.purpose,
        metadata: { purpose: req.purpose, promptId: req.prompt.id, promptVersion: req.prompt.version },
      });
    try {
      // a turn waiting on the model gives its computing slot to another chat meanwhile
      const out = deps.slots ? await deps.slots.whileWaiting(invoke) : await invoke();
      const attempt = recorder.answeredAttempt();
      if (!attempt) throw new LlmUnavailableError('malformed', 'LLM answer without a recorded attempt');
      const { callId, provider, model, tokensIn, tokensOut } = attempt;
      return { out, answered: { callId, provider, model, tokensIn, tokensOut } };
    } catch (err) {
      await recorder.closeOpenAttempts();
      if (err instanceof LlmUnavailableError) throw err;
      // every provider failed: say how the last one did (the one tried after the others)
      const last = recorder.lastFailure();
      throw new LlmUnavailableError(last?.failure ?? classifyLlmFailure(err), `LLM unavailable: ${last?.failure ?? describe(err)}`);
    }
  }

  return {
    model: config.model,
    async complete(req) {
      const { out, answered } = await run(req, (model) => model.pipe(textOf));
      return { ...answered, text: out };
    },
    async structured<Args, T>(req: CompletionRequest<Args> & { schema: z.ZodType<T> }) {
      const { schema, ...rest } = req;
      const { out, answered } = await run(
        rest,
        (model) => model.withStructuredOutput(schema, { method: 'jsonMode', name: req.purpose }) as Runnable<BaseLanguageModelInput, T>,
      );
      return { ...answered, value: out };
    },
    recordOutcome: (callId, outcome) => setLlmCallOutcome(deps, callId, outcome),
  };
}

/** The text of a model's answer; none is malformed, so the next provider is asked. */
const textOf = RunnableLambda.from((message: BaseMessage): string => {
  const text = message.text;
  if (!text.trim()) throw new OutputParserException('the model answered with no text');
  return text;
});

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
