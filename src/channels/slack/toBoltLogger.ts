// Bolt and its WebClient log through this adapter into our pino logger. Debug lines are
// dropped: at that level the WebClient prints request bodies, that is message texts.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../infra/logger.js';

export function toBoltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write =
    (method: 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const err = msg.find((m) => m instanceof Error) as Error | undefined;
      const text = msg
        .filter((m) => !(m instanceof Error))
        .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' ');
      if (err) log[method]({ err }, text || err.message);
      else log[method](text);
    };
  return {
    debug: () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
