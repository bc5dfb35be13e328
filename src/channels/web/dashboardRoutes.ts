// The managers' web dashboard: the daily board (每日看板) and the funnel by dimension, as a
// page (GET /dashboard) and JSON (GET /api/dashboard/*). The viewer is the staff member
// signed in on the web (staffGate.ts: the same sign-in as the chat's staff side), who must
// be a sales manager (their team) or the store manager (the store, any team). The numbers come from sales/, injected by the
// composition root: this channel imports only their types.
// GET /api/dashboard/customers.csv lets any active staff member ask so that a refused
// export is decided, and audited, by exportCustomers itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StoreInfo } from '../../core/bot.js';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import { addDays, daysBetween, localParts, zonedInstant } from '../../infra/storeTime.js';
import type { Board } from '../../sales/board/boardTypes.js';
import type { exportCustomers, ExportDenial, ExportFilters } from '../../sales/privacy/exportCustomers.js';
import type { computeFunnel } from '../../sales/board/funnel.js';
import type { Db } from '../../store/createPrisma.js';
import { loadStaticFiles, sendStaticFile } from './staticFiles.js';
import type { StaffGate } from './staffGate.js';

const STATIC_FILES = loadStaticFiles(['dashboard.html', 'dashboard.js', 'dashboard.css']);
const DASHBOARD_ASSETS = new Set(['dashboard.js', 'dashboard.css']);

export const FUNNEL_DIMENSIONS = ['consultant', 'team', 'source', 'campaign', 'model'] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];
/** The longest period the funnel by dimension accepts, in days. */
export const MAX_FUNNEL_DAYS = 366;
const MANAGER_ROLES = new Set(['sales_manager', 'store_manager']);

/** The sales/ functions the dashboard shows (wired in app.ts; same signatures as in sales/). */
export interface DashboardDeps {
  db: Db;
  config: Config;
  store: StoreInfo;
  clock: Clock;
  computeBoard(db: Db, args: { storeId: string; date: string; timeZone: string; now: Date; teamId?: string }): Promise<Board>;
  /** sales/board/funnel.ts computeFunnel: stage counts per group over [from, to) */
  computeFunnel: typeof computeFunnel;
  /** sales/privacy/exportCustomers.ts: the audited customer export */
  exportCustomers: typeof exportCustomers;
  gate: StaffGate;
}

/** Names for the funnel's group keys: sources are codes the page translates. */
type Label = { zh: string; en: string } | null;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date (no 2026-02-30), in a sane range. */
const localDate = (name: string) =>
  z
    .string(`${name} must be a date YYYY-MM-DD`)
    .regex(ISO_DATE, `${name} must be a date YYYY-MM-DD`)
    .refine((d) => {
      const t = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d && d >= '2000-01-01' && d <= '2099-12-31';
    }, `${name} is not a calendar date between 2000 and 2099`);

/** Accepted and ignored (older pages sent it): the viewer is the signed-in staff member, never a query parameter. */
const staffIdParam = z.string().max(200).optional();
const teamParam = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, '"team" must be a team id (or "store")');

const meQuery = z.object({ staffId: staffIdParam }).strict();
const boardQuery = z.object({ staffId: staffIdParam, date: localDate('"date"').optional(), team: teamParam.optional() }).strict();
const funnelQuery = z
  .object({
    staffId: staffIdParam,
    from: localDate('"from"').optional(),
    to: localDate('"to"').optional(),
    by: z.enum(FUNNEL_DIMENSIONS, { error: `"by" must be one of ${FUNNEL_DIMENSIONS.join(', ')}` }).default('consultant'),
  })
  .strict();
const codeParam = (name: string) => z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, `"${name}" must be 1-64 letters, digits, ".", "_", ":" or "-"`);
const exportQuery = z
  .object({
    staffId: staffIdParam,
    grade: z
      .string()
      .regex(/^[HABCOF](,[HABCOF])*$/, '"grade" must be grades separated by commas, e.g. H,A')
      .optional(),
    owner: codeParam('owner').optional(),
    source: codeParam('source').optional(),
    model: codeParam('model').optional(),
    onFile: z.enum(['1', 'true', '0', 'false'], { error: '"onFile" must be 1 or 0' }).optional(),
    from: localDate('"from"').optional(),
    to: localDate('"to"').optional(),
    phones: z.enum(['masked', 'full'], { error: '"phones" must be masked or full' }).default('masked'),
    lang: z.enum(['zh', 'en'], { error: '"lang" must be zh or en' }).default('zh'),
  })
  .strict();

const EXPORT_DENIALS: Record<ExportDenial, { error: string; errorZh: string }> = {
  not_a_manager: { error: 'only sales managers and the store manager export customers', errorZh: '仅销售经理和店总可导出客户' },
  full_phones_store_manager_only: { error: 'only the store manager exports full phone numbers', errorZh: '仅店总可导出完整手机号' },
  owner_out_of_scope: { error: 'that consultant is outside your team', errorZh: '该顾问不在您的管理范围内' },
};

interface Viewer {
  id: string;
  nameZh: string;
  nameEn: string;
  role: string;
  teamId: string | null;
}

export function registerDashboard(app: FastifyInstance, deps: DashboardDeps): void {
  const { db, store, clock } = deps;
  const today = () => localParts(clock.now(), store.timezone).date;

  app.get('/dashboard', (_req, reply) => sendStaticFile(reply, STATIC_FILES, 'dashboard.html'));
  app.get<{ Params: { file: string } }>('/dashboard/:file', (req, reply) =>
    DASHBOARD_ASSETS.has(req.params.file) ? sendStaticFile(reply, STATIC_FILES, req.params.file) : reply.status(404).send({ error: 'no such file' }),
  );

  /** The signed-in staff member, then the query: a manager, or a reply has been sent. */
  async function signIn<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    schema: z.ZodType<T>,
    opts: { managersOnly: boolean } = { managersOnly: true },
  ): Promise<{ q: T; viewer: Viewer } | null> {
    const live = await deps.gate.require(req, reply, { write: false });
    if (!live) return null;
    const parsed = schema.safeParse(req.query ?? {});
    if (!parsed.success) {
      await reply.status(400).send({ error: describe(parsed.error) });
      return null;
    }
    const { id, nameZh, nameEn, role, teamId } = live.staff;
    const viewer: Viewer = { id, nameZh, nameEn, role, teamId };
    if (opts.managersOnly && !MANAGER_ROLES.has(viewer.role)) {
      await reply.status(403).send({
        error: `the dashboard is for sales managers and the store manager; ${viewer.nameEn} is a ${viewer.role.replace(/_/g, ' ')}`,
        errorZh: '看板仅对销售经理和店总开放',
        code: 'not_a_manager',
      });
      return null;
    }
    return { q: parsed.data, viewer };
  }

  /** The team a board shows: undefined = the whole store. Sends 403/404 and returns null when not allowed. */
  async function resolveTeam(viewer: Viewer, requested: string | undefined, reply: FastifyReply): Promise<string | undefined | null> {
    if (viewer.role === 'store_manager') {
      if (requested === undefined || requested === 'store') return undefined;
      const team = await db.team.count({ where: { id: requested, storeId: store.id } });
      if (!team) {
        await reply.status(404).send({ error: `no team "${requested}" in this store` });
        return null;
      }
      return requested;
    }
    // a sales manager: their own team (the store's board when they lead no team)
    const own = viewer.teamId ?? undefined;
    if (requested !== undefined && requested !== own) {
      await reply.status(403).send({
        error: `a sales manager sees their own team's board${own ? ` (${own})` : ''}; only the store manager switches teams`,
        errorZh: '销售经理只能查看本组看板，切换小组需店总权限',
        code: 'other_team',
      });
      return null;
    }
    return own;
  }

  app.get('/api/dashboard/me', async (req, reply) => {
    const s = await signIn(req, reply, meQuery);
    if (!s) return reply;
    const { viewer } = s;
    const teams = await db.team.findMany({ where: { storeId: store.id }, orderBy: { id: 'asc' }, select: { id: true, nameZh: true, nameEn: true } });
    const canSwitchTeams = viewer.role === 'store_manager';
    // names for the staff ids the board shows (today's agenda); no contact details
    const directory = await db.staff.findMany({
      where: { storeId: store.id },
      orderBy: { id: 'asc' },
      select: { id: true, nameZh: true, nameEn: true, role: true },
    });
    return {
      directory: directory.map((d) => ({ id: d.id, name: { zh: d.nameZh, en: d.nameEn }, role: d.role })),
      staff: { id: viewer.id, name: { zh: viewer.nameZh, en: viewer.nameEn }, role: viewer.role, teamId: viewer.teamId },
      store: { id: store.id, name: { zh: store.nameZh, en: store.nameEn }, timezone: store.timezone },
      today: today(),
      canSwitchTeams,
      defaultTeam: canSwitchTeams ? null : viewer.teamId,
      teams: (canSwitchTeams ? teams : teams.filter((t) => t.id === viewer.teamId)).map((t) => ({ id: t.id, name: { zh: t.nameZh, en: t.nameEn } })),
    };
  });

  app.get('/api/dashboard/board', async (req, reply) => {
    const s = await signIn(req, reply, boardQuery);
    if (!s) return reply;
    const teamId = await resolveTeam(s.viewer, s.q.team, reply);
    if (teamId === null) return reply;
    return deps.computeBoard(db, { storeId: store.id, date: s.q.date ?? today(), timeZone: store.timezone, now: clock.now(), teamId });
  });

  app.get('/api/dashboard/funnel', async (req, reply) => {
    const s = await signIn(req, reply, funnelQuery);
    if (!s) return reply;
    const to = s.q.to ?? today();
    const from = s.q.from ?? `${to.slice(0, 8)}01`;
    if (from > to) return reply.status(400).send({ error: `"from" (${from}) is after "to" (${to})` });
    const days = daysBetween(from, to) + 1;
    if (days > MAX_FUNNEL_DAYS) return reply.status(400).send({ error: `the period is ${days} days; at most ${MAX_FUNNEL_DAYS} are allowed` });
    // a sales manager sees their team's funnel; the store manager the store's
    const teamId = s.viewer.role === 'store_manager' ? undefined : (s.viewer.teamId ?? undefined);
    const groups = await deps.computeFunnel(db, {
      storeId: store.id,
      from: zonedInstant(from, '00:00', store.timezone),
      to: zonedInstant(addDays(to, 1), '00:00', store.timezone),
      by: s.q.by,
      teamId,
    });
    const labels = await labelsFor(
      s.q.by,
      groups.map((g) => g.key).filter((k): k is string => k !== null),
    );
    return {
      from,
      to,
      by: s.q.by,
      teamId: teamId ?? null,
      groups: groups.map((g) => ({ key: g.key, label: g.key === null ? null : (labels.get(g.key) ?? null), counts: g.counts, rows: g.rows })),
    };
  });

  app.get('/api/dashboard/customers.csv', async (req, reply) => {
    const s = await signIn(req, reply, exportQuery, { managersOnly: false });
    if (!s) return reply;
    const { q, viewer } = s;
    if (q.from && q.to && q.from > q.to) return reply.status(400).send({ error: `"from" (${q.from}) is after "to" (${q.to})` });
    const filters: ExportFilters = {
      ...(q.grade ? { grades: q.grade.split(',') } : {}),
      ...(q.owner ? { ownerId: q.owner } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...(q.model ? { intendedModelId: q.model } : {}),
      ...(q.onFile === '1' || q.onFile === 'true' ? { onFileOnly: true } : {}),
      ...(q.from ? { createdFrom: q.from } : {}),
      ...(q.to ? { createdTo: q.to } : {}),
    };
    const result = await deps.exportCustomers(db, {
      staff: { id: viewer.id, role: viewer.role, teamId: viewer.teamId, storeId: store.id },
      filters,
      phones: q.phones,
      now: clock.now(),
      lang: q.lang,
      log: req.log,
    });
    if ('denied' in result) return reply.status(403).send({ ...EXPORT_DENIALS[result.denied], code: result.denied });
    return reply
      .header('content-disposition', `attachment; filename="customers-${today().replace(/-/g, '')}.csv"`)
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(result.csv);
  });

  async function labelsFor(by: FunnelDimension, keys: string[]): Promise<Map<string, Label>> {
    const rows =
      by === 'consultant'
        ? await db.staff.findMany({ where: { id: { in: keys } }, select: { id: true, nameZh: true, nameEn: true } })
        : by === 'team'
          ? await db.team.findMany({ where: { id: { in: keys } }, select: { id: true, nameZh: true, nameEn: true } })
          : by === 'campaign'
            ? await db.campaign.findMany({ where: { id: { in: keys } }, select: { id: true, nameZh: true, nameEn: true } })
            : by === 'model'
              ? await db.catalogModel.findMany({ where: { id: { in: keys } }, select: { id: true, nameZh: true, nameEn: true } })
              : [];
    return new Map(rows.map((r) => [r.id, { zh: r.nameZh, en: r.nameEn }]));
  }
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return `unknown query parameter(s): ${i.keys.join(', ')}`;
      return i.message;
    })
    .join('; ');
}
