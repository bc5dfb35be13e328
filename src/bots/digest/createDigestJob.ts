// The morning digest (08:30 store time by default): for each team, its board goes to the
// team's Slack channel (the blocks, then the chart as a file in the blocks' thread) and each
// consultant gets their own numbers and call list by DM. Everything is rendered once and
// queued in the outbox under a key per slot, so a retry resends the same payload, and two
// processes, a restart or a re-run never send twice; the scheduler's (job, slot) claim runs
// the slot once, and a slot missed during downtime is caught up within `catchUpHours` only.
import type { DigestChannels } from '../../infra/config.js';
import type { Lang } from '../../core/message.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { JobDef } from '../../core/scheduler.js';
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';
import { buildCallList as realBuildCallList, buildCallLists } from '../../sales/followUp/buildCallList.js';
import { DEFAULT_GRADE_SCHEME, gradeSchemeFrom, type GradeScheme } from '../../sales/followUp/gradeRules.js';
import { computeBoard as realComputeBoard, computeBoards } from '../../sales/board/computeBoard.js';
import type { Board } from '../../sales/board/boardTypes.js';
import type { Db } from '../../store/createPrisma.js';
import type { Logger } from '../../infra/logger.js';
import type { SalesRulesData } from '../../storeData/storeDataSchema.js';
import { renderBoardMessage } from './renderBoardMessage.js';
import { renderBoardPng } from './renderBoardPng.js';
import { renderConsultantDigest } from './renderConsultantDigest.js';
import { boardTitle } from './renderBoardText.js';

export const DIGEST_JOB = 'digest';
export const DEFAULT_DIGEST_TIME = '08:30';
export const DEFAULT_CATCH_UP_HOURS = 2;
/** The key of SLACK_DIGEST_CHANNELS for the whole store's board. */
export const STORE_SCOPE = 'store';

/** What the store's data files may say about the digest (store.yaml `salesRules.digest`). */
interface DigestRules {
  time?: string;
  catchUpHours?: number;
}

export interface DigestDeps {
  db: Db;
  store: { id: string; timezone: string };
  /** by team id, and `store` for the whole store's board (SLACK_DIGEST_CHANNELS) */
  channels?: DigestChannels;
  /** the language of channel posts without their own (default zh) */
  lang?: Lang;
  /** consultants' call lists: at most this many customers each (default 10) */
  callListLimit?: number;
  /** false: no chart image with the team posts */
  chart?: boolean;
  /** a test's board per scope; without it the boards are computed together (computeBoards) */
  computeBoard?: typeof realComputeBoard;
  buildCallList?: typeof realBuildCallList;
  /** the store's grades (the call lists' silent-hot cadences); DEFAULT_GRADE_SCHEME when not given */
  grades?: GradeScheme;
}

export interface DigestJobDeps extends DigestDeps {
  /** the store data (StoreData); its `salesRules.digest` sets the time and catch-up window, its `salesRules.grades` the call lists' cadences */
  data?: unknown;
}

/** The outbox keys of one slot. */
export const digestKeys = {
  team: (date: string, team: string) => `digest:${date}:${team}`,
  chart: (date: string, team: string) => `digest:${date}:${team}:chart`,
  /** notifyStaff makes it `notify:digest:<date>:dm:<staffId>` */
  dm: (date: string) => `digest:${date}:dm`,
};

export function digestRulesOf(data: unknown): { time: string; catchUpHours: number } {
  const rules = (data as { salesRules?: { digest?: DigestRules } } | undefined)?.salesRules?.digest;
  const time = typeof rules?.time === 'string' && /^([01]?\d|2[0-3]):[0-5]\d$/.test(rules.time) ? rules.time : DEFAULT_DIGEST_TIME;
  const hours = typeof rules?.catchUpHours === 'number' && rules.catchUpHours >= 0 ? rules.catchUpHours : DEFAULT_CATCH_UP_HOURS;
  return { time, catchUpHours: hours };
}

/** The store's grade scheme from its data (sales-rules.yaml); the default without one. */
export function digestGradesOf(data: unknown): GradeScheme {
  const rules = (data as { salesRules?: Partial<Pick<SalesRulesData, 'grades' | 'regrade'>> } | undefined)?.salesRules;
  return rules?.grades ? gradeSchemeFrom({ grades: rules.grades, regrade: rules.regrade }) : DEFAULT_GRADE_SCHEME;
}

export function createDigestJob(deps: DigestJobDeps): JobDef {
  const { time, catchUpHours } = digestRulesOf(deps.data);
  const grades = deps.grades ?? digestGradesOf(deps.data);
  const [hh, mm] = time.split(':').map(Number);
  return {
    name: DIGEST_JOB,
    cron: `${mm} ${hh} * * *`,
    graceMs: catchUpHours * 3_600_000,
    async run({ slot, now, log }) {
      // the slot's own day, also when caught up later
      const date = localParts(slot, deps.store.timezone).date;
      const summary = await runDigest({ ...deps, grades }, { date, now, log });
      log.info(summary, 'digest queued');
    },
  };
}

interface DigestSummary {
  date: string;
  channelPosts: number;
  dms: number;
  unreachable: number;
  failed: string[];
}

/**
 * Computes and queues one day's digest. Idempotent: every message has a key per day, and a
 * key already queued keeps its first payload. A team that fails does not stop the others;
 * the run then throws at the end so the job's run is recorded as failed.
 */
export async function runDigest(deps: DigestDeps, args: { date: string; now: Date; log?: Logger }): Promise<DigestSummary> {
  const { db, store, date, now } = { ...deps, ...args };
  const computeBoard = deps.computeBoard ?? realComputeBoard;
  const buildCallList = deps.buildCallList ?? realBuildCallList;
  const channels = deps.channels ?? {};
  const summary: DigestSummary = { date, channelPosts: 0, dms: 0, unreachable: 0, failed: [] };

  const teams = await db.team.findMany({
    where: { storeId: store.id },
    include: { members: { where: { active: true, role: 'sales_consultant' }, orderBy: { id: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  const boardArgs = { storeId: store.id, date, timeZone: store.timezone, now };
  // The day's board and call list are wrong once the store's day is over (and the next
  // morning's digest replaces them): a digest still unsent at midnight is dropped, not sent late.
  const expiresAt = zonedInstant(addDays(date, 1), '00:00', store.timezone);
  const wanted = teams.filter((team) => channels[team.id] || team.members.length);

  // all boards at once: the store's queries run once and each team's board is its share
  // (the same boards as computeBoard per scope); if that fails, each scope on its own, so
  // one broken team does not stop the others
  let together: Awaited<ReturnType<typeof computeBoards>> | undefined;
  if (!deps.computeBoard && (wanted.length || channels[STORE_SCOPE])) {
    try {
      together = await computeBoards(db, { ...boardArgs, teamIds: wanted.map((t) => t.id) });
    } catch (err) {
      args.log?.warn({ err }, 'digest: boards together failed, computing each scope');
    }
  }
  const boardOf = (teamId?: string): Promise<Board> => {
    const board = teamId ? together?.teams.get(teamId) : together?.store;
    return board ? Promise.resolve(board) : computeBoard(db, teamId ? { ...boardArgs, teamId } : boardArgs);
  };

  const post = async (scope: string, board: Board) => {
    const target = channels[scope];
    if (!target) return;
    const lang = target.lang ?? deps.lang ?? 'zh';
    const rootKey = digestKeys.team(date, scope);
    await enqueueOutbound(
      db,
      {
        idempotencyKey: rootKey,
        channel: 'slack',
        recipient: target.channel,
        message: renderBoardMessage(board, lang, { timeZone: store.timezone }),
        expiresAt,
      },
      now,
    );
    summary.channelPosts++;
    if (deps.chart === false) return;
    const png = await renderBoardPng(board, lang);
    await enqueueOutbound(
      db,
      {
        idempotencyKey: digestKeys.chart(date, scope),
        channel: 'slack',
        recipient: target.channel,
        message: {
          text: '',
          thread: rootKey,
          attachment: {
            data: png.toString('base64'),
            filename: `board-${scope}-${date}.png`,
            mimeType: 'image/png',
            title: boardTitle(board, 'en'),
            alt: boardTitle(board, lang),
          },
        },
        expiresAt,
      },
      now,
    );
  };

  for (const team of wanted) {
    try {
      const board = await boardOf(team.id);
      await post(team.id, board);
      const callArgs = { date, timeZone: store.timezone, now, grades: deps.grades ?? DEFAULT_GRADE_SCHEME, limit: deps.callListLimit ?? 10 };
      // one set of queries for the whole team, unless a test swapped the list builder
      const lists = deps.buildCallList ? undefined : await buildCallLists(db, { ...callArgs, staffIds: team.members.map((m) => m.id) });
      for (const member of team.members) {
        const row = board.ranking.find((r) => r.id === member.id) ?? {
          id: member.id,
          nameZh: member.nameZh,
          nameEn: member.nameEn,
          teamId: team.id,
          orders: 0,
          testDrives: 0,
          leads: 0,
          ordersTarget: null,
          pct: null,
          overdueFollowUps: 0,
          practice: null,
        };
        const items = lists?.get(member.id) ?? (await buildCallList(db, { ...callArgs, staffId: member.id }));
        const sent = await notifyStaff(
          db,
          member.id,
          (lang) => renderConsultantDigest({ date, month: board.month, row }, items, lang, { limit: deps.callListLimit ?? 10, timeZone: store.timezone }),
          digestKeys.dm(date),
          now,
          { expiresAt },
        );
        if (sent) summary.dms++;
        else summary.unreachable++;
      }
    } catch (err) {
      args.log?.error({ err, team: team.id }, 'digest: team failed');
      summary.failed.push(team.id);
    }
  }

  if (channels[STORE_SCOPE]) {
    try {
      await post(STORE_SCOPE, await boardOf());
    } catch (err) {
      args.log?.error({ err }, 'digest: store board failed');
      summary.failed.push(STORE_SCOPE);
    }
  }
  if (summary.failed.length) throw new Error(`digest ${date}: failed for ${summary.failed.join(', ')}`);
  return summary;
}
