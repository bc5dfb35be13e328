// The customer list as CSV for a manager (a call campaign, the brand's CRM). PIPL: only
// managers export, only their scope; names always masked, full phone numbers only for the
// store manager; every export and every refused one leaves an audit row that says who,
// which filters and how many rows, never the data itself. Customers anonymised at their
// request are never exported; opted-out ones are, flagged, so nobody calls them. The
// date filter picks leads by the day they became one (leadAt), as the board counts them:
// November's export holds November's leads, and a web chat visitor who never left a
// phone nor booked (no leadAt) is in no dated export.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';
import { CSV_BOM, formatCsvRow, type CsvCell } from './formatCsv.js';
import { maskName, maskPhone } from './maskPersonalData.js';
import { customerScope, isManager, recordAccessDenied, type ScopedStaff, type WarnLog } from '../staffAccess.js';

export interface ExportFilters {
  grades?: string[];
  ownerId?: string;
  source?: string;
  intendedModelId?: string;
  onFileOnly?: boolean;
  /** store-local YYYY-MM-DD, inclusive: the day they became a lead (leadAt; for all but web chat visitors, the day they came) */
  createdFrom?: string;
  /** store-local YYYY-MM-DD, inclusive: as createdFrom */
  createdTo?: string;
}

export type PhoneMode = 'masked' | 'full';
export type ExportDenial = 'not_a_manager' | 'full_phones_store_manager_only' | 'owner_out_of_scope';
type ExportResult = { csv: string; rows: number } | { denied: ExportDenial };

/** Stable names: a CRM import maps them once. */
export const EXPORT_COLUMNS = [
  'id',
  'name',
  'phone',
  'grade',
  'owner_id',
  'owner_name',
  'source',
  'campaign',
  'intended_model',
  'budget_min',
  'budget_max',
  'timeframe',
  'on_file',
  'last_contact',
  'next_follow_up',
  'opted_out',
  'created',
] as const;

const PAGE_SIZE = 2000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function exportCustomers(
  db: Db,
  args: {
    staff: ScopedStaff;
    filters: ExportFilters;
    phones: PhoneMode;
    now: Date;
    /** the language of owner, campaign and model names (default zh) */
    lang?: 'zh' | 'en';
    log?: WarnLog;
    pageSize?: number;
  },
): Promise<ExportResult> {
  const { staff, filters, phones, now } = args;
  const deny = async (reason: ExportDenial): Promise<ExportResult> => {
    await recordAccessDenied(db, { staff, action: 'export', reason, now, log: args.log });
    return { denied: reason };
  };
  if (!isManager(staff)) return deny('not_a_manager');
  if (phones === 'full' && staff.role !== 'store_manager') return deny('full_phones_store_manager_only');
  if (filters.ownerId !== undefined && !(await isOwnerInScope(db, staff, filters.ownerId))) return deny('owner_out_of_scope');

  const store = await db.store.findUniqueOrThrow({ where: { id: staff.storeId }, select: { timezone: true } });
  const tz = store.timezone;
  const where = buildWhere(staff, filters, tz);
  const zh = (args.lang ?? 'zh') === 'zh';
  const [campaigns, models] = await Promise.all([
    db.campaign.findMany({ where: { storeId: staff.storeId }, select: { id: true, nameZh: true, nameEn: true } }),
    db.catalogModel.findMany({ select: { id: true, nameZh: true, nameEn: true } }),
  ]);
  const label = (x: { nameZh: string; nameEn: string }) => (zh ? x.nameZh : x.nameEn);
  const campaignNames = new Map(campaigns.map((c) => [c.id, label(c)]));
  const modelNames = new Map(models.map((m) => [m.id, label(m)]));
  const at = (d: Date | null) => {
    if (!d) return '';
    const p = localParts(d, tz);
    return `${p.date} ${p.time}`;
  };

  const parts: string[] = [CSV_BOM, formatCsvRow(EXPORT_COLUMNS)];
  let rows = 0;
  let after: string | undefined;
  const take = args.pageSize ?? PAGE_SIZE;
  // pages by id, not one findMany of the whole store: each query and its result set stay
  // bounded (the file itself is one string, as the caller sends it in one response)
  for (;;) {
    const page = await db.customer.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: 'asc' },
      take,
      select: {
        id: true,
        name: true,
        phone: true,
        grade: true,
        ownerId: true,
        source: true,
        campaignId: true,
        intendedModelId: true,
        budgetMin: true,
        budgetMax: true,
        timeframe: true,
        onFileAt: true,
        lastContactAt: true,
        nextFollowUpAt: true,
        optOutAt: true,
        createdAt: true,
        owner: { select: { nameZh: true, nameEn: true } },
      },
    });
    for (const c of page) {
      const row: CsvCell[] = [
        c.id,
        // an empty cell, not the views' "—", when unknown: a CRM import reads it as no value
        c.name ? maskName(c.name) : '',
        c.phone ? (phones === 'full' ? c.phone : maskPhone(c.phone)) : '',
        c.grade,
        c.ownerId ?? '',
        c.owner ? label(c.owner) : '',
        c.source,
        c.campaignId ? (campaignNames.get(c.campaignId) ?? c.campaignId) : '',
        c.intendedModelId ? (modelNames.get(c.intendedModelId) ?? c.intendedModelId) : '',
        c.budgetMin,
        c.budgetMax,
        c.timeframe ?? '',
        c.onFileAt ? 'yes' : 'no',
        at(c.lastContactAt),
        at(c.nextFollowUpAt),
        c.optOutAt ? 'yes' : 'no',
        at(c.createdAt),
      ];
      parts.push(formatCsvRow(row));
    }
    rows += page.length;
    if (page.length < take) break;
    after = page[page.length - 1].id;
  }

  // Written after the read succeeded (a failed export leaves no row) and before the data
  // is handed out (no export without its row: if this write fails, the caller gets nothing).
  await db.auditLog.create({
    data: {
      actorType: 'staff',
      actorId: staff.id,
      action: 'export',
      subjectType: 'customer',
      detail: { role: staff.role, filters: describeFilters(filters), phones, rows },
      createdAt: now,
    },
  });
  return { csv: parts.join(''), rows };
}

function buildWhere(staff: ScopedStaff, f: ExportFilters, tz: string): Prisma.CustomerWhereInput {
  const and: Prisma.CustomerWhereInput[] = [customerScope(staff), { anonymisedAt: null }];
  if (f.grades?.length) and.push({ grade: { in: f.grades } });
  if (f.ownerId !== undefined) and.push({ ownerId: f.ownerId });
  if (f.source !== undefined) and.push({ source: f.source });
  if (f.intendedModelId !== undefined) and.push({ intendedModelId: f.intendedModelId });
  if (f.onFileOnly) and.push({ onFileAt: { not: null } });
  // the leads of a period, like the funnel's: a visitor who chatted in November and left a phone in December is December's
  if (f.createdFrom !== undefined) and.push({ leadAt: { gte: zonedInstant(checkDate(f.createdFrom), '00:00', tz) } });
  if (f.createdTo !== undefined) and.push({ leadAt: { lt: zonedInstant(addDays(checkDate(f.createdTo), 1), '00:00', tz) } });
  return { AND: and };
}

function checkDate(date: string): string {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return date;
}

/** The same rule as customerScope, for a staff member instead of a customer. */
async function isOwnerInScope(db: Db, staff: ScopedStaff, ownerId: string): Promise<boolean> {
  const owner = await db.staff.findFirst({ where: { id: ownerId, storeId: staff.storeId }, select: { id: true, teamId: true } });
  if (!owner) return false;
  if (staff.role === 'store_manager') return true;
  return owner.id === staff.id || (staff.teamId !== null && owner.teamId === staff.teamId);
}

/** The filters as given, for the audit row (ids and codes only: nothing personal). */
function describeFilters(f: ExportFilters): Prisma.InputJsonObject {
  const out: Record<string, string | boolean | string[]> = {};
  if (f.grades?.length) out.grades = f.grades;
  if (f.ownerId !== undefined) out.ownerId = f.ownerId;
  if (f.source !== undefined) out.source = f.source;
  if (f.intendedModelId !== undefined) out.intendedModelId = f.intendedModelId;
  if (f.onFileOnly) out.onFileOnly = true;
  if (f.createdFrom !== undefined) out.createdFrom = f.createdFrom;
  if (f.createdTo !== undefined) out.createdTo = f.createdTo;
  return out;
}
