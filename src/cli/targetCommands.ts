// `dealerbot targets import <file.csv> [--dry-run] [--by <staffId>]`: targets from a CSV
// (period,metric,scope,scope_id,value). Prints the report; exit 1 when any row is bad.
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadStoreInfo } from '../app.js';
import { systemClock } from '../infra/clock.js';
import { loadConfig, type Config } from '../infra/config.js';
import { formatImportReport, importTargets } from '../sales/board/importTargets.js';
import { openStore } from '../store/openStore.js';

export async function runTargetsImport(config: Config, file: string, o: { dryRun?: boolean; by?: string }): Promise<number> {
  let csv: string;
  try {
    csv = fs.readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`dealerbot: cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const db = await openStore({ databaseUrl: config.databaseUrl });
  try {
    const store = await loadStoreInfo(db);
    if (o.by && !(await db.staff.findFirst({ where: { id: o.by, storeId: store.id } }))) {
      process.stderr.write(`dealerbot: --by "${o.by}" is not a staff member of ${store.id}\n`);
      return 2;
    }
    const report = await importTargets(db, { storeId: store.id, csv, setById: o.by ?? null, now: systemClock.now(), dryRun: o.dryRun });
    process.stdout.write(formatImportReport(report) + '\n');
    return report.ok ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

/** Registers `targets …` on the program; the action sets the exit code through `setExit`. */
export function registerTargetCommands(program: Command, setExit: (code: number) => void): void {
  const targets = program.command('targets').description('monthly targets: import them from CSV');
  targets
    .command('import')
    .description('import targets from a CSV with columns period,metric,scope,scope_id,value (all rows or none)')
    .argument('<file>', 'the CSV file')
    .option('--dry-run', 'check every row, import nothing')
    .option('--by <staffId>', 'record who set these targets')
    .action(async (file: string, o: { dryRun?: boolean; by?: string }) => {
      setExit(await runTargetsImport(loadConfig(), file, o));
    });
}
