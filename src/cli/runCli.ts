// The `dealerbot` command line (contract.md lists the commands and their options).
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../infra/config.js';
import { DatabaseSetupError } from '../store/migrateDatabase.js';
import { runDbCopy, runDbMigrate, runDbReset, runDbSeed } from './dbCommands.js';
import { runAsk, runNlu } from './askCommands.js';
import { registerCoachCommand } from './coachCommands.js';
import { runDoctor } from './doctor.js';
import { DIGEST_FORMATS, runDigestCommand, type DigestCommandOptions } from './digestCommands.js';
import { runTelegramSetWebhook } from './telegramCommands.js';
import { runStart } from './start.js';
import { registerTargetCommands } from './targetCommands.js';
import { registerLlmCommands } from './llmCommands.js';
import { registerStaffCommands } from './staffCommands.js';
import { DEFAULT_SEED } from '../store/seed/seedDemo.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function integer(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('dealerbot').description('The sales-process assistant of a car dealership').showHelpAfterError();

  program
    .command('start')
    .description('run the service: HTTP server, every configured channel, the scheduler')
    .action(async () => {
      exitCode = await runStart(loadConfig());
    });

  const db = program.command('db').description('the store: migrations and demo data');
  db.command('migrate')
    .description('apply the committed migrations')
    .action(async () => {
      exitCode = await runDbMigrate(loadConfig());
    });
  db.command('seed')
    .description('load the store data files and a generated demo history')
    .option('--scale <n>', 'generate N times the demo history (for benchmarks)', positiveInt, 1)
    .option('--seed <s>', 'random seed: the same seed and --now give the same history', integer, DEFAULT_SEED)
    .option('--now <iso>', 'the history ends at this instant (default: now)')
    .action(async (o: { scale: number; seed: number; now?: string }) => {
      exitCode = await runDbSeed(loadConfig(), o);
    });
  db.command('reset')
    .description('wipe the store, migrate it and load the demo store again')
    .option('--seed <s>', 'random seed', integer, DEFAULT_SEED)
    .action(async (o: { seed: number }) => {
      exitCode = await runDbReset(loadConfig(), o);
    });
  db.command('copy')
    .description('copy this store (DATABASE_URL, a SQLite file) into an empty PostgreSQL database, in one transaction')
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://user:password@host:5432/dealerbot')
    .action(async (o: { to: string }) => {
      exitCode = await runDbCopy(loadConfig(), o);
    });

  program
    .command('ask')
    .description('answer a question as the customer assistant would (no channel needed)')
    .argument('[question]', "the customer's question")
    .option('--json', 'print {"faqId","answer","lang","confidence","alternatives"}')
    .option('--jsonl', 'read {"q": "...", "lang"?: "zh"|"en"} lines on stdin, write one JSON line each')
    .action(async (question: string | undefined, o: { json?: boolean; jsonl?: boolean }) => {
      exitCode = await runAsk(loadConfig(), question, o);
    });

  program
    .command('nlu')
    .description('what the assistant understood: intent and slots')
    .argument('[text]', "the customer's message")
    .option('--now <iso>', 'the message time (default: now); dates resolve in the store timezone')
    .option('--json', 'print JSON')
    .option('--jsonl', 'read {"text": "...", "now": "..."} lines on stdin, write one JSON line each')
    .action(async (text: string | undefined, o: { json?: boolean; jsonl?: boolean; now?: string }) => {
      exitCode = await runNlu(loadConfig(), text, o);
    });

  registerCoachCommand(
    program,
    () => loadConfig(),
    (code) => (exitCode = code),
  );

  program
    .command('telegram')
    .description('Telegram set-up')
    .command('set-webhook')
    .description('register the webhook (with TELEGRAM_WEBHOOK_SECRET) at the given https URL')
    .argument('<url>', 'e.g. https://chat.your-store.example/telegram/webhook')
    .action(async (url: string) => {
      exitCode = await runTelegramSetWebhook(loadConfig(), url);
    });

  program
    .command('digest')
    .description('the morning board as it would be posted (text, the Board as JSON, or the chart as PNG)')
    .option('--date <YYYY-MM-DD>', "the board's day in store time (default: today)")
    .option('--team <id>', 'a team id (default: the whole store)')
    .option('--format <format>', `one of ${DIGEST_FORMATS.join(', ')}`, 'text')
    .option('--out <file>', 'write to this file instead of stdout (for png)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (o: DigestCommandOptions) => {
      exitCode = await runDigestCommand(loadConfig(), o);
    });

  registerTargetCommands(program, (code) => (exitCode = code));
  registerLlmCommands(program, (code) => (exitCode = code));
  registerStaffCommands(program, (code) => (exitCode = code));

  program
    .command('doctor')
    .description('print what is configured and reachable; exit 1 when a required part is broken')
    .action(async () => {
      exitCode = await runDoctor(loadConfig());
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseSetupError) {
      process.stderr.write(`dealerbot: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
