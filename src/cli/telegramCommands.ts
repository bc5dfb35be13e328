// `dealerbot telegram set-webhook <url>`: registers the webhook with the secret.
import { createDealerbot } from '../app.js';
import type { Config } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';

export async function runTelegramSetWebhook(config: Config, url: string): Promise<number> {
  if (!config.telegram) {
    process.stderr.write('dealerbot: set TELEGRAM_BOT_TOKEN (and TELEGRAM_WEBHOOK_SECRET) first\n');
    return 2;
  }
  if (!/^https:\/\//.test(url)) {
    process.stderr.write('dealerbot: Telegram only calls https:// webhooks, e.g. https://chat.your-store.example/telegram/webhook\n');
    return 2;
  }
  const app = await createDealerbot({ config, log: createLogger('warn') });
  try {
    await app.telegram!.setWebhook(url);
    process.stdout.write(`webhook set: ${url} (secret header checked on every update)\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`dealerbot: Telegram refused the webhook: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await app.stop();
  }
}
