// Request handlers start a few per turn of the event loop, so a burst cannot hold the
// loop while probes and other clients wait.
//
// Why: a chat turn is CPU work whose awaits all resolve at once (SQLite through
// better-sqlite3 is synchronous; rules and retrieval are in-process), so a turn never
// yields to the event loop. Fifty turns started in one turn of the loop ran as one
// uninterrupted chain: nothing else (not /healthz, not a page, not a webhook) was read
// from a socket until the last of them had finished, seconds later on a busy machine.
// Started a few per loop turn, the sockets are read between them, so any request waits
// at most for the turns already started, not for the whole burst. Only starts are paced:
// a turn waiting on real I/O (an LLM call) holds nothing, and the total work is the same.
// node:timers' own setImmediate: a test that fakes the global timers must not stop the server
import { setImmediate } from 'node:timers';
import type { FastifyInstance } from 'fastify';

interface PacerOptions {
  /** handlers that may start in one turn of the event loop */
  perTurn: number;
  /** paths that never wait (the health probe, metrics): answered at the next read */
  exempt: ReadonlySet<string>;
}

interface Pacer {
  /** Resolves when this handler may start: at once while the loop turn has room, else a later turn. */
  admit(): Promise<void> | undefined;
  /** handlers waiting for a turn now */
  waiting(): number;
}

export function createPacer(perTurn: number): Pacer {
  const queue: Array<() => void> = [];
  let started = 0;
  let scheduled = false;
  // setImmediate queued from the check phase runs in the next loop turn, after the poll
  // phase has read whatever the sockets hold: the room is given back once per loop turn
  const nextTurn = () => {
    scheduled = false;
    started = 0;
    while (queue.length && started < perTurn) {
      started++;
      queue.shift()!();
    }
    if (queue.length || started) schedule();
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(nextTurn);
    }
  };
  return {
    admit() {
      schedule();
      if (started < perTurn && queue.length === 0) {
        started++;
        return undefined;
      }
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    waiting: () => queue.length,
  };
}

export function registerRequestPacing(app: FastifyInstance, opts: PacerOptions): Pacer {
  const pacer = createPacer(opts.perTurn);
  // preHandler: after the body has arrived (reading it is I/O and waits for nothing here)
  app.addHook('preHandler', async (req) => {
    const path = req.url.split('?')[0];
    if (opts.exempt.has(path)) return;
    await pacer.admit();
  });
  return pacer;
}
