// Run as a child process by processGuard.test.ts: `dealerbot start` (runStart, the guard
// installed as in production). On SIGUSR2 (sent once the service is up) a rejection
// nobody handles, then an exception thrown from a timer: without the guard, Node would
// exit on either.
import { runStart } from '../../src/cli/start.js';
import { loadConfig } from '../../src/infra/config.js';

process.on('SIGUSR2', () => {
  void Promise.reject(new Error('a rejection nobody handles'));
  setTimeout(() => {
    throw new Error('an exception from a timer');
  }, 20);
});
process.exitCode = await runStart(loadConfig(process.env));
