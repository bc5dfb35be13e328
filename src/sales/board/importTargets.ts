// Targets from a CSV file (columns period,metric,scope,scope_id,value). Every row is
// checked first; one bad row and nothing is imported. Good files go in one transaction.
import { parse } from 'csv-parse/sync';
import type { Db } from '../../store/createPrisma.js';
import { isPeriod } from '../calendar/workingDays.js';
import { isTargetMetric, isTargetScope, parseTargetValue, targetKey } from './targets.js';

export const TARGET_CSV_COLUMNS = ['period', 'metric', 'scope', 'scope_id', 'value'] as const;

interface TargetImportProblem {
  /** the line number in the file (the header is line 1); 0 for the file as a whole */
  row: number;
  field: (typeof TARGET_CSV_COLUMNS)[number] | 'file';
  message: string;
}

interface TargetImportReport {
  ok: boolean;
  rows: number;
  imported: number;
  dryRun: boolean;
  problems: TargetImportProblem[];
}

export async function importTargets(
  db: Db,
  args: { storeId: string; csv: string; setById?: string | null; now: Date; dryRun?: boolean },
): Promise<TargetImportReport> {
  const dryRun = !!args.dryRun;
  const problems: TargetImportProblem[] = [];
  let records: string[][];
  try {
    records = parse(args.csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (err) {
    return { ok: false, rows: 0, imported: 0, dryRun, problems: [{ row: 0, field: 'file', message: `not valid CSV: ${(err as Error).message}` }] };
  }
  if (!records.length) return { ok: false, rows: 0, imported: 0, dryRun, problems: [{ row: 0, field: 'file', message: 'the file is empty' }] };
  const header = records[0].map((h) => h.toLowerCase());
  const missing = TARGET_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    return {
      ok: false,
      rows: 0,
      imported: 0,
      dryRun,
      problems: [{ row: 1, field: 'file', message: `missing column(s): ${missing.join(', ')} (expected ${TARGET_CSV_COLUMNS.join(',')})` }],
    };
  }
  const col = Object.fromEntries(TARGET_CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof TARGET_CSV_COLUMNS)[number], number>;

  const [teams, staff] = await Promise.all([
    db.team.findMany({ where: { storeId: args.storeId }, select: { id: true } }),
    db.staff.findMany({ where: { storeId: args.storeId }, select: { id: true } }),
  ]);
  const teamIds = new Set(teams.map((t) => t.id));
  const staffIds = new Set(staff.map((s) => s.id));

  const good: { period: string; metric: string; scope: string; scopeId: string; value: number }[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec, i) => {
    const row = i + 2;
    const get = (c: (typeof TARGET_CSV_COLUMNS)[number]) => (rec[col[c]] ?? '').trim();
    const [period, metric, scope, scopeId, rawValue] = [get('period'), get('metric'), get('scope'), get('scope_id'), get('value')];
    const before = problems.length;
    if (!isPeriod(period)) problems.push({ row, field: 'period', message: `"${period}" is not a month (YYYY-MM)` });
    if (!isTargetMetric(metric))
      problems.push({ row, field: 'metric', message: `unknown metric "${metric}" (orders, deliveries, revenue, test_drives, leads)` });
    if (!isTargetScope(scope)) problems.push({ row, field: 'scope', message: `unknown scope "${scope}" (store, team, staff)` });
    else if (scope === 'store' && scopeId !== args.storeId)
      problems.push({ row, field: 'scope_id', message: `"${scopeId}" is not this store (${args.storeId})` });
    else if (scope === 'team' && !teamIds.has(scopeId)) problems.push({ row, field: 'scope_id', message: `unknown team "${scopeId}"` });
    else if (scope === 'staff' && !staffIds.has(scopeId)) problems.push({ row, field: 'scope_id', message: `unknown staff member "${scopeId}"` });
    const value = parseTargetValue(rawValue);
    if (value === null) problems.push({ row, field: 'value', message: `"${rawValue}" is not a whole number of 0 or more` });
    if (problems.length > before) return;
    const key = `${period}|${targetKey(metric, scope, scopeId)}`;
    const first = seen.get(key);
    if (first) {
      problems.push({ row, field: 'scope_id', message: `duplicate of row ${first} (same period, metric, scope and scope_id)` });
      return;
    }
    seen.set(key, row);
    good.push({ period, metric, scope, scopeId, value: value! });
  });

  const rows = records.length - 1;
  if (problems.length) return { ok: false, rows, imported: 0, dryRun, problems };
  if (dryRun) return { ok: true, rows, imported: 0, dryRun, problems };
  await db.$transaction(good.map((g) => db.target.create({ data: { storeId: args.storeId, ...g, setById: args.setById ?? null, createdAt: args.now } })));
  return { ok: true, rows, imported: good.length, dryRun, problems };
}

export function formatImportReport(r: TargetImportReport): string {
  const lines: string[] = [];
  if (r.ok) lines.push(r.dryRun ? `dry run: ${r.rows} row(s) valid, nothing imported` : `imported ${r.imported} target(s)`);
  else {
    lines.push(`${r.problems.length} problem(s); nothing imported`);
    for (const p of r.problems) lines.push(p.row ? `  row ${p.row}, ${p.field}: ${p.message}` : `  ${p.message}`);
  }
  return lines.join('\n');
}
