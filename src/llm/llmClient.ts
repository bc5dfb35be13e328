// The one way to reach an OpenAI-compatible model (OpenAI, DeepSeek, Qwen, Ollama, vLLM).
// A chat turn waits on it, so every call has a hard deadline, at most one retry, and a
// typed failure the caller turns into its retrieval answer; every call leaves an LlmCall
// row (model, prompt id and version, tokens, latency, outcome) for cost and quality review.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import type { z } from 'zod';
import type { Db } from '../store/createPrisma.js';
import type { Clock } from '../infra/clock.js';
import type { TurnSlots } from '../core/turnSlots.js';
import type { Config } from '../infra/config.js';
import { BotError } from '../core/errors.js';
import { formatPrompt, type Prompt } from '../prompts/prompt.js';
import type { Logger } from '../infra/logger.js';

interface CompletionRequest<Args = any> {
  /** What the call is for ('faq-answer', 'coach-score'): a column of LlmCall, for reports. */
  purpose: string;
  /** The template, whose id and version are recorded with the call, and its arguments. */
  prompt: Prompt<Args>;
  args: Args;
  maxTokens?: number;
  /** Ask for a JSON object (`response_format: json_object`); the messages must mention JSON. */
  json?: boolean;
}

export interface Completion {
  text: string;
  tokensIn?: number;
  tokensOut?: number;
  /** The LlmCall row of this call, for `recordOutcome` when a post-check rejects the text. */
  callId: string;
}

export type LlmOutcome = 'ok' | 'rejected' | 'timeout' | 'error';

type LlmFailure = 'timeout' | `http_${number}` | 'network' | 'malformed';

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
  readonly model: string;
  complete<Args>(req: CompletionRequest<Args>): Promise<Completion>;
  /**
   * A JSON answer validated by `schema`. Uses `json_object` rather than `json_schema`,
   * which DeepSeek and others lack, so the prompt itself must describe the shape (and
   * say "JSON"). Invalid JSON or a schema mismatch throws LlmUnavailableError('malformed')
   * and the call is recorded as 'rejected'.
   */
  structured<Args, T>(req: CompletionRequest<Args> & { schema: z.ZodType<T> }): Promise<Completion & { value: T }>;
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

export function createLlmClient(config: NonNullable<Config['llm']>, deps: LlmClientDeps): LlmClient {
  const { db, log, clock } = deps;
  const openai = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    timeout: config.timeoutMs,
    // One retry for a 429/5xx blip; more would only eat the turn's time budget.
    maxRetries: 1,
  });

  async function recordCall(
    callId: string,
    req: CompletionRequest,
    startedAt: number,
    outcome: LlmOutcome,
    detail: { tokensIn?: number; tokensOut?: number; reason?: LlmFailure },
  ): Promise<void> {
    const { reason, ...tokens } = detail;
    const latencyMs = Math.round(performance.now() - startedAt);
    log[outcome === 'ok' ? 'debug' : 'warn']({ purpose: req.purpose, promptId: req.prompt.id, outcome, reason, latencyMs, ...tokens }, 'llm call');
    try {
      await db.llmCall.create({
        data: {
          id: callId,
          purpose: req.purpose,
          model: config.model,
          promptId: req.prompt.id,
          promptVersion: req.prompt.version,
          tokensIn: tokens.tokensIn,
          tokensOut: tokens.tokensOut,
          latencyMs,
          outcome,
          createdAt: clock.now(),
        },
      });
    } catch (err) {
      // The record is for review; losing one must not cost the customer the answer.
      log.warn({ err, purpose: req.purpose }, 'llm call not recorded');
    }
  }

  async function complete(req: CompletionRequest): Promise<Completion> {
    const callId = randomUUID();
    const startedAt = performance.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
    try {
      const messages = await formatPrompt(req.prompt, req.args);
      const request = openai.chat.completions.create(
        {
          model: config.model,
          messages,
          // max_tokens, not max_completion_tokens: the compatible servers (DeepSeek, Qwen,
          // Ollama, vLLM) know only the older name.
          ...(req.maxTokens !== undefined && { max_tokens: req.maxTokens }),
          ...(req.json && { response_format: { type: 'json_object' as const } }),
        },
        { signal: deadline.signal },
      );
      // The SDK honours any Retry-After before its retry and its timeout is per attempt,
      // so only this race bounds the whole call.
      // a turn waiting on the model gives its computing slot to another chat meanwhile
      const wait = () => Promise.race([request, rejectWhenAborted(deadline.signal)]);
      const response = deps.slots ? await deps.slots.whileWaiting(wait) : await wait();
      const text = response.choices?.[0]?.message?.content;
      if (typeof text !== 'string') throw new LlmUnavailableError('malformed', 'LLM response has no message content');
      const tokens = { tokensIn: response.usage?.prompt_tokens, tokensOut: response.usage?.completion_tokens };
      await recordCall(callId, req, startedAt, 'ok', tokens);
      return { text, ...tokens, callId };
    } catch (err) {
      const failure = toUnavailable(err, deadline.signal.aborted);
      await recordCall(callId, req, startedAt, failure.reason === 'timeout' ? 'timeout' : 'error', { reason: failure.reason });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  async function recordOutcome(callId: string, outcome: LlmOutcome): Promise<void> {
    try {
      await db.llmCall.updateMany({ where: { id: callId }, data: { outcome } });
    } catch (err) {
      log.warn({ err }, 'llm call outcome not recorded');
    }
  }

  return {
    model: config.model,
    complete,
    recordOutcome,
    async structured<Args, T>(req: CompletionRequest<Args> & { schema: z.ZodType<T> }) {
      const { schema, ...rest } = req;
      const completion = await complete({ ...rest, json: true });
      const parsed = schema.safeParse(parseJson(completion.text));
      if (!parsed.success) {
        await recordOutcome(completion.callId, 'rejected');
        throw new LlmUnavailableError('malformed', `LLM JSON does not match the schema: ${parsed.error.issues.length} issue(s)`);
      }
      return { ...completion, value: parsed.data };
    },
  };
}

function rejectWhenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new LlmUnavailableError('timeout')), { once: true });
  });
}

/** JSON text or undefined (which then fails the schema); tolerates a ```json fence. */
function parseJson(text: string): unknown {
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}

function toUnavailable(err: unknown, deadlinePassed: boolean): LlmUnavailableError {
  if (deadlinePassed || err instanceof OpenAI.APIConnectionTimeoutError) return new LlmUnavailableError('timeout');
  if (err instanceof LlmUnavailableError) return err;
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') return new LlmUnavailableError(`http_${err.status}`);
  if (err instanceof OpenAI.APIConnectionError) return new LlmUnavailableError('network');
  // A 200 whose body is not JSON reaches us as the SDK's parse error.
  if (err instanceof SyntaxError) return new LlmUnavailableError('malformed');
  return new LlmUnavailableError('network', `LLM call failed: ${err instanceof Error ? err.message : String(err)}`);
}
