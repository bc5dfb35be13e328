// `dealerbot staff invite <staffId> [--hours N]`: prints a one-time link that lets that
// staff member set their web password (the link is shown once; the store keeps only its
// digest). The first invite accepted ends the demo's open staff side.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadStoreInfo } from '../app.js';
import { systemClock, type Clock } from '../infra/clock.js';
import { loadConfig, type Config } from '../infra/config.js';
import { createStaffInvite, INVITE_TTL_MS, inviteLink } from '../core/staffAuth/staffInvites.js';
import { openReadyStore } from './dbCommands.js';

/** Where staff open the link: PUBLIC_URL, else the address the service listens on. */
export function publicBaseUrl(config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return `http://${host}:${config.port}`;
}

export async function runStaffInvite(
  config: Config,
  staffId: string,
  o: { hours?: number; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream; clock?: Clock },
): Promise<number> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  const db = await openReadyStore(config);
  try {
    const store = await loadStoreInfo(db);
    const now = (o.clock ?? systemClock).now();
    const made = await createStaffInvite(db, { storeId: store.id, staffId, now, ttlMs: o.hours !== undefined ? o.hours * 3_600_000 : undefined });
    if ('error' in made) {
      const staff = await db.staff.findMany({
        where: { storeId: store.id, active: true },
        orderBy: { id: 'asc' },
        select: { id: true, nameEn: true, role: true },
      });
      err.write(
        `dealerbot: no active staff member "${staffId}" in ${store.id}. Staff ids:\n${staff.map((s) => `  ${s.id.padEnd(12)} ${s.nameEn} (${s.role})`).join('\n')}\n`,
      );
      return 2;
    }
    const name = `${made.staff.nameZh} / ${made.staff.nameEn}`;
    out.write(`${inviteLink(publicBaseUrl(config), made.token)}\n`);
    err.write(
      `one-time link for ${name} (${made.staff.id}), valid until ${made.expiresAt.toISOString()}: send it to them privately; ` +
        `opening it lets them set their password. Any earlier unused link for them no longer works.\n` +
        (config.publicUrl ? '' : 'PUBLIC_URL is not set: the link uses the local address; set PUBLIC_URL for links that work from other machines.\n'),
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

function hours(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 14) throw new InvalidArgumentError('expected hours between 0 and 336');
  return n;
}

export function registerStaffCommands(program: Command, setExit: (code: number) => void): void {
  const staff = program.command('staff').description("staff accounts for the web (the chat's staff side and the dashboard)");
  staff
    .command('invite')
    .description('print a one-time link that lets a staff member set their web password')
    .argument('<staffId>', 'the staff member (an id from the store data, e.g. s-lin)')
    .option('--hours <n>', `how long the link works (default ${INVITE_TTL_MS / 3_600_000})`, hours)
    .action(async (staffId: string, o: { hours?: number }) => {
      setExit(await runStaffInvite(loadConfig(), staffId, o));
    });
}
