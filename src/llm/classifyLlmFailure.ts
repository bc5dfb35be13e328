// What went wrong with one LLM attempt, in the few words the rest of the code decides on:
// retry it or not, record it as a timeout or an error, fall back or not. The errors come
// from three places (the openai SDK, LangChain's wrapping of it, LangChain's output
// parsers), so they are read by class, status and name rather than by message.
import { OutputParserException } from '@langchain/core/output_parsers';
import { APIConnectionError, APIError } from 'openai';

export type LlmFailure = 'timeout' | `http_${number}` | 'network' | 'malformed';

export function classifyLlmFailure(err: unknown): LlmFailure {
  if (isMalformedOutput(err)) return 'malformed';
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  // LangChain turns the SDK's timeout into an Error named TimeoutError, and our deadline's
  // abort surfaces as an AbortError (the SDK's) or the signal's TimeoutError (LangChain's).
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (err instanceof APIError && typeof err.status === 'number') return `http_${err.status}`;
  if (err instanceof APIConnectionError) return 'network';
  // A 200 whose body is not JSON reaches us as the SDK's parse error.
  if (err instanceof SyntaxError) return 'malformed';
  return 'network';
}

/** The answer came back but is not what was asked for: not JSON, the wrong shape, an id not offered, no text. */
export function isMalformedOutput(err: unknown): boolean {
  return (
    err instanceof OutputParserException ||
    (typeof err === 'object' && err !== null && (err as { lc_error_code?: string }).lc_error_code === 'OUTPUT_PARSING_FAILURE')
  );
}

/** Worth another try at the same provider: a rate limit or a server error that may pass, not a quota that is spent. */
export function isTransient(err: unknown): boolean {
  const failure = classifyLlmFailure(err);
  if (failure === 'network') return err instanceof APIConnectionError;
  if (failure === 'http_429') return (err as { code?: unknown }).code !== 'insufficient_quota';
  return /^http_5\d\d$/.test(failure);
}

/** The provider's Retry-After, in ms, when it sent one in seconds or as a date. */
export function retryAfterMs(err: unknown, now = Date.now()): number | undefined {
  const headers = err instanceof APIError ? err.headers : undefined;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
