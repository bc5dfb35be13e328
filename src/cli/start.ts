// `dealerbot start`: the service, with a graceful shutdown on SIGTERM / SIGINT.
import { createDealerbot } from '../app.js';
import type { Config } from '../core/config.js';

export async function runStart(config: Config): Promise<number> {
  const bot = await createDealerbot({ config });
  const url = await bot.start();
  bot.log.info({ url, staffSide: config.web.staffSide }, `dealerbot is up: open ${url}/ to chat`);
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
      }
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  });
}
