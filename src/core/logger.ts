// pino with redaction: tokens, secrets and phone numbers never reach a log line.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const REDACT_PATHS = [
  '*.token', '*.secret', '*.apiKey', '*.password', '*.phone', '*.name', '*.text',
  'headers.authorization', 'headers["x-telegram-bot-api-secret-token"]', 'headers["x-staff-key"]',
  'req.headers.authorization', 'req.headers["x-staff-key"]', 'req.headers["x-telegram-bot-api-secret-token"]',
];

const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks mainland mobile numbers inside free text: 13812345678 → 138****5678. */
export function maskPhonesInText(text: string): string {
  return text.replace(MOBILE, '$1****$2');
}

/**
 * JSON lines for log collectors; on a terminal (someone running `npm start`) readable
 * lines through pino-pretty instead (LOG_FORMAT chooses: auto, json, pretty).
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: 'auto' | 'json' | 'pretty' = 'auto'): Logger {
  if (!destination && (format === 'pretty' || (format === 'auto' && process.stdout.isTTY))) {
    destination = pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' });
  }
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // a last line of defence for phone numbers that slip into a message string
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesInText(a) : a)) as typeof args;
          method.apply(this, masked);
        },
      },
      base: { service: 'dealerbot' },
    },
    destination,
  );
}
