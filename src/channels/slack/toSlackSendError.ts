// A failed Web API call as the outbox understands it: 429 waits for Retry-After, HTTP 5xx
// and network errors retry with backoff, and Slack's `ok: false` errors that no retry can
// fix (the channel is gone, the token is wrong, the blocks are malformed) are permanent.
// Only Slack's error codes go into the reason: never the message text.
import { webApi } from '@slack/bolt';
import { SendError } from '../../core/outbox.js';

/** Slack errors that a later attempt can get past; every other `ok: false` is permanent. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

export function toSlackSendError(err: unknown, method = 'chat.postMessage'): SendError {
  if (err instanceof SendError) return err;
  const code = (err as { code?: string })?.code;
  switch (code) {
    case webApi.ErrorCode.RateLimitedError: {
      const retryAfter = (err as webApi.WebAPIRateLimitedError).retryAfter;
      return new SendError(`Slack ${method} rate limited: retry after ${retryAfter}s`, { retryAfterMs: Math.max(1, retryAfter) * 1000 });
    }
    case webApi.ErrorCode.PlatformError: {
      const error = (err as webApi.WebAPIPlatformError).data?.error ?? 'unknown_error';
      return new SendError(`Slack ${method}: ${error}`, { permanent: !TRANSIENT_PLATFORM_ERRORS.has(error) });
    }
    case webApi.ErrorCode.HTTPError: {
      const status = (err as webApi.WebAPIHTTPError).statusCode;
      // Slack answers 200, 429 or 5xx; another 4xx means the request itself is wrong
      return new SendError(`Slack ${method} HTTP ${status}`, { permanent: status >= 400 && status < 500 && status !== 408 });
    }
    case webApi.ErrorCode.RequestError:
      return new SendError(`Slack unreachable: ${(err as webApi.WebAPIRequestError).original?.message ?? 'request failed'}`);
    default:
      return new SendError(`Slack ${method} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
