// Coded errors: an internal message for the log, and a message key the user may read.
import type { MessageKey } from './i18n.js';

export type ErrorCode = 'bad_request' | 'unknown_user' | 'forbidden' | 'not_found' | 'conflict' | 'platform_error' | 'internal';

export class BotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly userMessage: MessageKey = 'error.generic',
  ) {
    super(message);
    this.name = 'BotError';
  }
}
