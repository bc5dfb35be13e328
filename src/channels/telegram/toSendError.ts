// A failed Bot API call as the outbox understands it: 429 waits for retry_after, 5xx and
// network errors retry with backoff, and errors no retry can fix (the user blocked the
// bot, the chat is gone, the request is malformed) are permanent with the reason.
import { GrammyError, HttpError } from 'grammy';
import { SendError } from '../../core/outbox.js';

export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof GrammyError) {
    const what = `Telegram ${err.method} ${err.error_code}: ${err.description}`;
    if (err.error_code === 429) {
      return new SendError(what, { retryAfterMs: (err.parameters.retry_after ?? 1) * 1000 });
    }
    if (err.error_code === 403) return new SendError(`${what} (the user blocked the bot or left the chat)`, { permanent: true });
    if (err.error_code === 400) {
      const reason = /chat not found/i.test(err.description) ? ' (the chat does not exist or never wrote to the bot)' : '';
      return new SendError(`${what}${reason}`, { permanent: true });
    }
    // 401/404 mean a wrong token: retry, so fixing the configuration delivers the backlog
    return new SendError(what);
  }
  if (err instanceof HttpError) return new SendError(`Telegram unreachable: ${err.message}`);
  return new SendError((err as Error)?.message ?? String(err));
}
