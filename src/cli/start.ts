// `dealerbot start`: the service, with a graceful shutdown on SIGTERM / SIGINT, and the
// process guard (an error no code caught is logged and counted; the service keeps serving).
import { createDealerbot } from '../app.js';
import { hostCheckWarning } from '../core/checkHost.js';
import type { Config } from '../core/config.js';
import { installProcessGuard } from '../core/processGuard.js';

export async function runStart(config: Config): Promise<number> {
  const bot = await createDealerbot({ config });
  // installed here, not at import: tests and CLI commands that import the app keep Node's defaults
  const uninstallGuard = installProcessGuard(bot.log, bot.metrics);
  let url: string;
  try {
    url = await bot.start();
  } catch (err) {
    uninstallGuard();
    throw err;
  }
  bot.log.info({ url, staffSide: config.web.staffSide }, `dealerbot is up: open ${url}/ to chat`);
  const warning = hostCheckWarning(config);
  if (warning) bot.log.warn(warning);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) {
        bot.log.warn('second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      bot.log.info({ signal }, 'shutting down: draining requests, sends and jobs');
      try {
        await bot.stop();
        bot.log.info('stopped cleanly');
        resolve(0);
      } catch (err) {
        bot.log.error({ err }, 'shutdown failed');
        resolve(1);
      } finally {
        uninstallGuard();
      }
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  });
}
