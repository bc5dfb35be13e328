// At most N chat turns compute at once (N: the machine's cores); the others wait their
// turn in arrival order, and a turn that waits on the network (an LLM call) gives its slot
// back meanwhile.
//
// Why: a turn is CPU work whose awaits mostly resolve at once (SQLite answers
// synchronously), and the event loop runs every turn that is ready in one go. With fifty
// turns in flight, one pass of the loop ran a piece of each, and a health probe or a new
// page waited for all fifty pieces: 150-200 ms. With two computing at a time, it waits for
// two. Each chat's own order is kept by the pipeline's per-chat lock, which is taken first.
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';

export interface TurnSlots {
  /** Runs `work` in a slot, waiting for one first when all are taken. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `io` (a network call) with the caller's slot given back for its duration, if it holds one. */
  whileWaiting<T>(io: () => Promise<T>): Promise<T>;
  /** turns computing now, and waiting for a slot */
  load(): { running: number; waiting: number };
}

export function createTurnSlots(size = Math.max(1, Math.min(os.availableParallelism(), 4))): TurnSlots {
  let running = 0;
  const queue: Array<() => void> = [];
  const holding = new AsyncLocalStorage<{ held: boolean }>();

  async function acquire(): Promise<void> {
    if (running < size && queue.length === 0) {
      running++;
      return;
    }
    // the releaser counts us in before waking us, so no newcomer can slip past
    await new Promise<void>((resolve) => queue.push(resolve));
  }

  function release(): void {
    const next = queue.shift();
    if (next) next();
    else running--;
  }

  return {
    async run(work) {
      await acquire();
      const token = { held: true };
      try {
        return await holding.run(token, work);
      } finally {
        token.held = false;
        release();
      }
    },
    async whileWaiting(io) {
      const token = holding.getStore();
      if (!token?.held) return io();
      token.held = false;
      release();
      try {
        return await io();
      } finally {
        await acquire();
        token.held = true;
      }
    },
    load: () => ({ running, waiting: queue.length }),
  };
}
