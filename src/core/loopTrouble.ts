// What a background loop (the outbox, the inbound sweeper, the job sweep) says when a tick
// fails. While the store cannot be reached or is locked, every tick fails the same way:
// that is said once as a warning ("paused") and once when a tick succeeds again
// ("resumed"), not once a second for the whole outage. Other failures are errors each time.
import type { Logger } from '../infra/logger.js';
import { STORE_TROUBLE_TEXT, storeTrouble } from '../store/prismaErrors.js';

export interface LoopTrouble {
  failed(err: unknown): void;
  succeeded(): void;
}

export function createLoopTrouble(log: Logger, loop: string): LoopTrouble {
  let paused = false;
  return {
    failed(err) {
      const trouble = storeTrouble(err);
      if (!trouble) return void log.error({ err, loop }, `${loop} failed`);
      if (paused) return;
      paused = true;
      log.warn({ loop, trouble }, `${loop} paused: ${STORE_TROUBLE_TEXT[trouble]}; it retries every tick`);
    },
    succeeded() {
      if (!paused) return;
      paused = false;
      log.info({ loop }, `${loop} resumed`);
    },
  };
}
