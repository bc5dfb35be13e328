// `dealerbot start`: the service, with a graceful shutdown on SIGTERM / SIGINT, and the
// process guard (an error no code caught is logged and counted; the service keeps serving).
import { createDealerbot } from '../app.js';
import { hostCheckWarning } from '../infra/checkHost.js';
import type { Config } from '../infra/config.js';
import { countStaffCredentials } from '../core/staffAuth/countStaffCredentials.js';
import { describeStaffSide } from '../channels/web/describeStaffSide.js';
import { installProcessGuard } from '../infra/processGuard.js';

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
  bot.log.info({ url }, `dealerbot is up: open ${url}/ to chat`);
  // what the web's staff side is: sign-in, the loopback demo, or closed (and how to leave the demo)
  const staffSide = describeStaffSide(config, await countStaffCredentials(bot.db, bot.store.id));
  bot.log[staffSide.status === 'ok' ? 'info' : 'warn']({ staffSide: staffSide.mode }, `staff side: ${staffSide.detail}`);
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
