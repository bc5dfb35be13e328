// The Slack channel, for staff: events, slash commands, buttons, modals, the message
// shortcut and the App Home come in through Bolt (over HTTP on the shared server, or
// Socket Mode when SLACK_APP_TOKEN is set) and run through the pipeline; replies go out
// through the outbox, except modals and the Home view, which Slack wants at once.
import { App, webApi } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Staff } from '../../generated/prisma/client.js';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import { linkStaffByEmail } from '../../core/linkStaffByEmail.js';
import type { Logger } from '../../infra/logger.js';
import type { InboundMessage, OutboundMessage } from '../../core/message.js';
import { staffLang } from '../../core/detectLang.js';
import type { Channel } from '../../core/channel.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { InlinePolicy, Pipeline, TurnResult } from '../../core/pipeline.js';
import type { Db } from '../../store/createPrisma.js';
import { createFastifyReceiver, type SlackRequestStore } from './createFastifyReceiver.js';
import { claimInbound, finishInbound } from '../../core/inboundDedupe.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { createSlackSender, resolveMentions } from './createSlackSender.js';
import { renderHome } from './renderHome.js';
import { renderModal } from './renderModal.js';
import { findOurThread, flattenViewState, isDirectChannel, stripLeadingMention } from './slackInbound.js';
import { toBoltLogger } from './toBoltLogger.js';
import { toSlackSendError } from './toSlackSendError.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** InboundEvent.channel of Slack's raw requests, kept before their ack (their turns have rows of their own). */
export const SLACK_RAW_CHANNEL = 'slack-raw';
/** A Web API call that hangs longer than this fails (and the outbox retries it). */
const WEB_API_TIMEOUT_MS = 10_000;
/** How long start() waits for the Socket Mode connection before going on without it. */
const SOCKET_START_WAIT_MS = 5_000;

interface SlackChannelDeps {
  config: NonNullable<Config['slack']>;
  pipeline: Pipeline;
  db: Db;
  log: Logger;
  clock: Clock;
}

export interface SlackChannel extends Channel {
  registerRoutes(app: FastifyInstance): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the work started by received events has finished (the HTTP answer comes before it). */
  idle(): Promise<void>;
  /** Runs a kept request again (the sweeper, for one whose process died after the ack). */
  redrive(payload: unknown): Promise<void>;
}

interface BotIdentity {
  botId?: string;
  botUserId?: string;
}

/** The fields of Slack's message and app_mention events that the channel reads. */
interface SlackMessageEvent {
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
}

interface BlockActionsBody {
  trigger_id: string;
  user: { id: string };
  container?: { type?: string; channel_id?: string; message_ts?: string };
  channel?: { id?: string };
  message?: { ts?: string; thread_ts?: string };
  view?: { type?: string };
  actions: { action_id: string; value?: string; selected_option?: { value?: string } | null }[];
}

/** How long a Slack user who matched no staff member is taken as unknown without asking Slack again. */
export const UNKNOWN_TTL_MS = 10 * 60_000;

export function createSlackChannel(deps: SlackChannelDeps): SlackChannel {
  const { config, pipeline, db, clock } = deps;
  const log = deps.log.child({ channel: 'slack' });
  const socketMode = Boolean(config.appToken);
  if (!socketMode && !config.signingSecret) {
    throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP: without it anyone could post events (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const boltLogger = toBoltLogger(log);
  // no retries inside the SDK: the persisted outbox retries, after Slack's Retry-After
  const clientOptions = (): webApi.WebClientOptions => ({
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: WEB_API_TIMEOUT_MS,
  });
  const web = new webApi.WebClient(config.botToken, { ...clientOptions(), logger: boltLogger });

  const inflight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    inflight.add(settled);
    void settled.then(() => inflight.delete(settled));
  };

  // The bot's own ids (for ignoreSelf), from auth.test: one try at start, and again on a
  // later event if that failed, never blocking an event on Slack being reachable.
  let identity: BotIdentity | undefined;
  let fetching: Promise<BotIdentity | undefined> | undefined;
  function botIdentity(): Promise<BotIdentity | undefined> {
    if (identity) return Promise.resolve(identity);
    fetching ??= web.auth
      .test()
      .then(
        (r) => (identity = { botId: r.bot_id, botUserId: r.user_id }),
        (err) => {
          log.warn({ reason: toSlackSendError(err, 'auth.test').message }, 'slack auth.test failed; the next event will try again');
          return undefined;
        },
      )
      .finally(() => (fetching = undefined));
    return fetching;
  }

  // Over HTTP every signed request is kept before its ack (Socket Mode's receiver acks by
  // itself: there a crash after the ack can still lose an event, see docs/architecture.md)
  const store: SlackRequestStore = {
    async keep(body) {
      const key = rawRequestKey(body);
      if (!key) return 'run';
      const claim = await claimInbound(db, { channel: SLACK_RAW_CHANNEL, eventId: key }, clock.now(), { body } as Prisma.InputJsonValue);
      return claim.kind === 'claimed' ? 'run' : 'skip';
    },
    async finish(body, error) {
      const key = rawRequestKey(body);
      if (key) await finishInbound(db, { channel: SLACK_RAW_CHANNEL, eventId: key }, clock.now(), error?.message);
    },
  };
  const receiver = socketMode ? undefined : createFastifyReceiver({ signingSecret: config.signingSecret!, clock, log, track, store });
  const app = new App({
    // a custom authorize instead of `token`: Bolt would call auth.test in its constructor
    // and keep a failed result for good
    authorize: async () => ({ botToken: config.botToken, ...(await botIdentity()) }),
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken }),
    clientOptions: clientOptions(),
    logger: boltLogger,
    ignoreSelf: true,
    convoStore: false,
  });
  // every listener's work, counted so stop() waits for it (in Socket Mode too)
  app.use(async ({ next }) => {
    const work = next();
    track(work);
    await work;
  });
  // rethrown, so a failure before ack answers 500 (the receiver logs it)
  app.error(async (err) => {
    throw err;
  });

  /**
   * A Slack user whose profile matched no staff e-mail is not asked about again for a
   * while: a stranger writing ten times costs one users.info, not ten. Per instance and
   * only an economy: a manager's /link works at once, a staff e-mail added later within
   * UNKNOWN_TTL_MS.
   */
  const unknownUntil = new Map<string, number>();

  /** Links the user to staff by e-mail on first contact; the staff member, or null if unknown. */
  async function identify(userId: string): Promise<Staff | null> {
    const known = await db.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'slack', externalId: userId } }, include: { staff: true } });
    if (known) return known.staff?.active ? known.staff : null;
    if ((unknownUntil.get(userId) ?? 0) > clock.now().getTime()) return null;
    let email: string | undefined;
    let displayName: string | undefined;
    try {
      const info = await web.users.info({ user: userId });
      email = info.user?.profile?.email;
      displayName = info.user?.real_name || info.user?.name;
    } catch (err) {
      log.warn({ reason: toSlackSendError(err, 'users.info').message }, 'slack users.info failed; the user stays unlinked for this event');
      return null;
    }
    const staff = email ? await linkStaffByEmail(db, { channel: 'slack', externalId: userId, email, displayName }) : null;
    if (!staff) {
      if (unknownUntil.size >= 10_000) unknownUntil.clear();
      unknownUntil.set(userId, clock.now().getTime() + UNKNOWN_TTL_MS);
    }
    return staff;
  }

  async function runTurn(msg: InboundMessage, inline?: InlinePolicy): Promise<TurnResult> {
    const staff = await identify(msg.userId);
    if (staff) msg.profile = { ...msg.profile, languageCode: staffLang(staff.languages) };
    return pipeline.handle(msg, { inline });
  }

  const staffMessage = (userId: string, fields: Omit<InboundMessage, 'channel' | 'userId' | 'side' | 'at'>): InboundMessage => ({
    channel: 'slack',
    userId,
    side: 'staff',
    at: clock.now(),
    threads: true,
    ...fields,
  });

  /**
   * Opens the turn's form as a modal now: a trigger id lasts 3 s and opens one view. If
   * Slack refuses, the form's text goes by DM instead, so the user is not left waiting.
   */
  async function openForms(result: TurnResult, triggerId: string, msg: InboundMessage): Promise<void> {
    let opened = false;
    for (const [i, reply] of result.replies.entries()) {
      if (!reply.form) continue;
      if (!opened) {
        try {
          await web.views.open({ trigger_id: triggerId, view: renderModal(reply.form) as never });
          opened = true;
          continue;
        } catch (err) {
          log.warn({ reason: toSlackSendError(err, 'views.open').message, form: reply.form.id }, 'slack views.open failed; sending the form text instead');
        }
      } else log.warn({ form: reply.form.id }, 'one turn asked for two modals; the second is sent as text');
      const { form: _form, ...rest } = reply;
      await enqueueOutbound(
        db,
        {
          idempotencyKey: `form-text:slack:${msg.eventId}:${i}`,
          channel: 'slack',
          recipient: msg.chatId,
          conversationId: result.conversationId,
          message: rest,
        },
        clock.now(),
      );
    }
  }

  async function publishHome(userId: string, eventId: string): Promise<void> {
    const result = await runTurn(staffMessage(userId, { eventId, chatId: userId, kind: 'command', command: { name: 'home', args: '' } }), true);
    if (result.duplicate || !result.replies.length) return;
    const mentions = new Map<OutboundMessage, string[]>();
    for (const reply of result.replies) mentions.set(reply, await resolveMentions(db, reply));
    try {
      await web.views.publish({ user_id: userId, view: renderHome(result.replies, (r) => mentions.get(r) ?? []) as never });
    } catch (err) {
      log.warn({ reason: toSlackSendError(err, 'views.publish').message }, 'slack views.publish failed');
    }
  }

  // DMs to the app, and replies in threads under our own posts (the handoff channel)
  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as SlackMessageEvent;
    // edits, joins, bot posts (ours and others'): not a person writing to us
    if (e.subtype || e.bot_id || !e.user) return;
    const eventId = String(body.event_id);
    if (e.channel_type === 'im') {
      // a reply in the thread under one of our DMs (a role-play) stays in that thread
      const thread = e.thread_ts && e.thread_ts !== e.ts ? await findOurThread(db, e.channel, e.thread_ts) : null;
      await runTurn(staffMessage(e.user, { eventId, chatId: e.user, kind: 'text', text: e.text ?? '', ...thread }));
      return;
    }
    if (!e.thread_ts || e.thread_ts === e.ts) return;
    // a mention of the bot also arrives as app_mention: that one answers
    if (context.botUserId && e.text?.includes(`<@${context.botUserId}>`)) return;
    const thread = await findOurThread(db, e.channel, e.thread_ts);
    if (!thread) return;
    await runTurn(staffMessage(e.user, { eventId, kind: 'text', text: e.text ?? '', ...thread }));
  });

  app.event('app_mention', async ({ event, body }) => {
    const e = event as unknown as SlackMessageEvent;
    if (e.bot_id || !e.user) return;
    const rootTs = e.thread_ts ?? e.ts;
    const thread = await findOurThread(db, e.channel, e.thread_ts);
    await runTurn(
      staffMessage(e.user, {
        eventId: String(body.event_id),
        chatId: `${e.channel}/${rootTs}`,
        kind: 'text',
        text: stripLeadingMention(e.text),
        threadKey: thread?.threadKey,
      }),
    );
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    await publishHome(event.user, String(body.event_id));
  });

  app.command(/.*/, async ({ command, ack }) => {
    await ack();
    const msg = staffMessage(command.user_id, {
      eventId: `cmd:${command.trigger_id}`,
      chatId: command.user_id,
      kind: 'command',
      command: { name: command.command.replace(/^\//, ''), args: command.text ?? '' },
    });
    await openForms(await runTurn(msg, (r) => !!r.form), command.trigger_id, msg);
  });

  app.action({ type: 'block_actions' }, async ({ body, ack }) => {
    await ack();
    const b = body as unknown as BlockActionsBody;
    let chat: { chatId: string; threadKey?: string } = { chatId: b.user.id };
    const channelId = b.channel?.id ?? b.container?.channel_id;
    if (b.container?.type === 'message' && channelId && !isDirectChannel(channelId)) {
      // a button on our root post, or on a reply in its thread
      chat = (await findOurThread(db, channelId, b.message?.thread_ts ?? b.message?.ts ?? b.container.message_ts)) ?? chat;
    }
    for (const a of b.actions) {
      const value = a.value ?? a.selected_option?.value;
      if (!value) continue;
      const msg = staffMessage(b.user.id, { eventId: `act:${b.trigger_id}:${a.action_id}`, kind: 'button', action: value, ...chat });
      await openForms(await runTurn(msg, (r) => !!r.form), b.trigger_id, msg);
    }
    if (b.container?.type === 'view' && b.view?.type === 'home') await publishHome(b.user.id, `home:${b.trigger_id}`);
  });

  // the answer to a submission must come within 3 s and is the HTTP response itself:
  // errors keep the modal open, a form replaces it, anything else closes it
  app.view({ type: 'view_submission' }, async ({ body, view, ack }) => {
    const msg = staffMessage(body.user.id, {
      eventId: `form:${view.id}:${view.hash ?? ''}`,
      chatId: body.user.id,
      kind: 'form',
      form: { id: view.callback_id, values: flattenViewState(view.state?.values as never), meta: view.private_metadata || undefined },
    });
    const result = await runTurn(msg, (r) => !!r.formErrors || !!r.form);
    const errors = result.replies.find((r) => r.formErrors)?.formErrors;
    if (errors) return ack({ response_action: 'errors', errors });
    const next = result.replies.find((r) => r.form)?.form;
    if (next) return ack({ response_action: 'update', view: renderModal(next) as never });
    await ack();
  });

  app.shortcut({ type: 'message_action', callback_id: 'save_note' }, async ({ shortcut, ack }) => {
    await ack();
    const s = shortcut as unknown as { trigger_id: string; user: { id: string }; message?: { text?: string } };
    const msg = staffMessage(s.user.id, {
      eventId: `shortcut:${s.trigger_id}`,
      chatId: s.user.id,
      kind: 'command',
      command: { name: 'note', args: s.message?.text ?? '' },
    });
    await openForms(await runTurn(msg, (r) => !!r.form), s.trigger_id, msg);
  });

  let connecting: Promise<void> | undefined;
  async function idle(): Promise<void> {
    while (inflight.size) await Promise.all([...inflight]);
  }

  /** Runs a kept request again (the sweeper, for one whose process died after the ack). */
  async function redrive(payload: unknown): Promise<void> {
    const body = (payload as { body?: Record<string, any> } | null)?.body;
    if (!body || typeof body !== 'object') throw new Error('no Slack request in the stored payload');
    // the response went long ago: nothing to answer now, the turns' replies go by the outbox
    const work = app.processEvent({ body, ack: async () => undefined });
    track(work);
    await work;
  }

  return {
    name: 'slack',
    sender: createSlackSender({ db, clock, web }),
    // staff are written to whenever the store needs them
    canReach: () => true,
    redrivers: { [SLACK_RAW_CHANNEL]: redrive },
    idle,
    redrive,
    registerRoutes(server) {
      if (receiver) receiver.register(server, SLACK_EVENTS_PATH);
      else log.info('slack runs in Socket Mode: no HTTP route');
    },
    async start() {
      await botIdentity();
      if (!socketMode) return;
      // Socket Mode reconnects by itself; an unreachable Slack must not hold up the service
      connecting = app.start().then(
        () => log.info('slack socket mode connected'),
        (err) => log.error({ err }, 'slack socket mode failed to start'),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([connecting, new Promise<void>((resolve) => (timer = setTimeout(resolve, SOCKET_START_WAIT_MS).unref()))]);
      clearTimeout(timer);
    },
    async stop() {
      if (connecting) await app.stop().catch((err) => log.warn({ err }, 'slack socket mode stop failed'));
      connecting = undefined;
      await idle();
    },
  };
}

/** The key Slack's retries of one request share; null for what is not worth keeping. */
export function rawRequestKey(body: Record<string, any>): string | null {
  if (body.type === 'event_callback' && typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string') return `command:${body.trigger_id}`;
  if (typeof body.type === 'string' && typeof body.trigger_id === 'string') return `${body.type}:${body.trigger_id}`;
  const view = body.view as { id?: string; hash?: string } | undefined;
  if (typeof body.type === 'string' && typeof view?.id === 'string') return `${body.type}:${view.id}:${view.hash ?? ''}`;
  return null;
}
