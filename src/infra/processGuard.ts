// What happens to an error no code caught: it is logged (name, code, a masked message,
// where it was thrown; never the value it carried) and counted, and the process keeps
// serving.
//
// Why not exit on an uncaught exception, as Node's docs advise: in this service such an
// error comes from a callback of one operation (a stream's or socket's 'error' with no
// listener, a timer in a bot, a library's event), not from the shared state, and the
// state that matters is in the store, where every change is a transaction and a send or
// job cut short is taken up again by its lease. Exiting would drop every request in
// flight and every open chat, and a request able to provoke such an error could stop the
// service for everyone as often as it is sent. The risk kept is a process whose memory is
// off after an exception (a flag left set, a worker loop stopped): the line says so, and
// `dealerbot_process_errors_total{kind="uncaughtException"}` lets an operator alert on it
// and restart at a quiet moment. Rejections are the same case without the risk.
import { Counter } from 'prom-client';
import { describeError } from './describeError.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export const PROCESS_ERRORS_METRIC = 'dealerbot_process_errors_total';

type Kind = 'unhandledRejection' | 'uncaughtException';

function processErrorCounter(metrics: Pick<Metrics, 'registry'>): Counter<'kind'> {
  const existing = metrics.registry.getSingleMetric(PROCESS_ERRORS_METRIC);
  if (existing) return existing as Counter<'kind'>;
  const counter = new Counter({
    name: PROCESS_ERRORS_METRIC,
    help: 'Errors no code caught (unhandledRejection, uncaughtException); the process kept serving',
    labelNames: ['kind'],
    registers: [metrics.registry],
  });
  // both series exist from the start, so an alert on an increase sees the first one
  counter.inc({ kind: 'unhandledRejection' }, 0);
  counter.inc({ kind: 'uncaughtException' }, 0);
  return counter;
}

/** Installs the listeners on `process`; returns the function that removes them. */
export function installProcessGuard(log: Logger, metrics: Pick<Metrics, 'registry'>): () => void {
  const counter = processErrorCounter(metrics);
  const report = (kind: Kind, err: unknown) => {
    // a throw here would be a second uncaught exception, which Node answers by exiting
    try {
      counter.inc({ kind });
      if (kind === 'uncaughtException') {
        log.error({ kind, ...describeError(err) }, 'uncaught exception: still serving, but the process state may be inconsistent; restart it when convenient');
      } else {
        log.error({ kind, ...describeError(err) }, 'unhandled promise rejection: still serving');
      }
    } catch {
      // nothing left to tell
    }
  };
  const onRejection = (reason: unknown) => report('unhandledRejection', reason);
  const onException = (err: Error) => report('uncaughtException', err);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
