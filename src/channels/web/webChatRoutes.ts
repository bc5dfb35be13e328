// The web chat: a real customer channel (a widget for the store's site) and the staff
// side for signed-in staff (or, in the demo, anyone on this machine: see staffGate.ts).
// A customer is their session cookie (chatSessionCookie.ts); a staff member is their
// sign-in session; neither is ever a field of the request.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { StoreInfo } from '../../core/bot.js';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import type { InboundMessage, Lang, OutboundMessage } from '../../core/message.js';
import type { Pipeline } from '../../core/pipeline.js';
import type { Db } from '../../store/createPrisma.js';
import { createChatSessions } from './chatSessionCookie.js';
import { isRequestSecure, isSameOrigin } from './requestOrigin.js';
import type { StaffGate } from './staffGate.js';
import { loadStaticFiles, sendStaticFile } from './staticFiles.js';
import { toWireMessage, webStaffChatId } from './webTranscript.js';

const STATIC_FILES = loadStaticFiles(['chat.js', 'chat.css', 'embed.js', 'index.html']);
/** What `/web/<file>` serves: the page's assets, not the page itself. */
const WEB_ASSETS = new Set(['chat.js', 'chat.css']);

export const MAX_TEXT_CHARS = 2000;
export const MAX_FORM_VALUES = 40;
export const MAX_FORM_KEY_CHARS = 64;
export const MAX_FORM_VALUE_CHARS = 2000;
export const MAX_FORM_META_CHARS = 500;

// control characters other than newlines and tabs mean a binary or garbled payload
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/;

/** A submitted form (the web chat's version of a Slack modal's submission). Values are never logged. */
const formSubmission = z
  .object(
    {
      id: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_", ":" or "-"'),
      values: z
        .record(
          z.string(),
          z
            .string(`must be a string`)
            .max(MAX_FORM_VALUE_CHARS, `is longer than ${MAX_FORM_VALUE_CHARS} characters`)
            .refine((v) => !CONTROL_CHARS.test(v), 'contains control or invalid characters'),
          'must be an object of field names to strings',
        )
        .superRefine((values, ctx) => {
          const keys = Object.keys(values);
          if (keys.length > MAX_FORM_VALUES) ctx.addIssue({ code: 'custom', message: `has more than ${MAX_FORM_VALUES} fields` });
          for (const k of keys) {
            if (k.length === 0 || k.length > MAX_FORM_KEY_CHARS || CONTROL_CHARS.test(k)) {
              ctx.addIssue({ code: 'custom', message: `field names must be 1-${MAX_FORM_KEY_CHARS} characters without control characters` });
              break;
            }
          }
        }),
      meta: z.string('must be a string').max(MAX_FORM_META_CHARS, `is longer than ${MAX_FORM_META_CHARS} characters`).optional(),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? '"form" must be an object {id, values, meta?}' : undefined) },
  )
  .strict();

/** Accepted and ignored: the session is the server's cookie now (contract.md), never a client's choice. */
const legacySessionId = z.string().max(200).optional();

const chatBody = z
  .object({
    sessionId: legacySessionId,
    role: z.enum(['customer', 'staff']).default('customer'),
    /** Accepted and ignored: staff identity comes from the sign-in session only. */
    staffId: z.string().max(200).optional(),
    text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`).optional(),
    action: z.string().min(1).max(200).optional(),
    /** Lets a client resend after a network error without the message running twice. */
    messageId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,128}$/)
      .optional(),
    lang: z.enum(['zh', 'en']).optional(),
    form: formSubmission.optional(),
  })
  .strict()
  .refine((b) => (b.text !== undefined && b.text.trim() !== '') || b.action !== undefined || b.form !== undefined, {
    message: 'send a non-empty "text" or an "action" (or a "form")',
  })
  .refine((b) => b.form === undefined || (b.text === undefined && b.action === undefined), {
    message: 'send a "form" alone, without "text" or "action"',
  })
  .refine((b) => !b.text || !CONTROL_CHARS.test(b.text), {
    message: 'text contains control or invalid characters',
  });

const historyQuery = z.object({
  sessionId: legacySessionId,
  staffId: z.string().max(200).optional(),
  role: z.enum(['customer', 'staff']).default('customer'),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});

/** The page polls every 3 s (20 a minute); a budget well above that, well below a scraper's. */
export const HISTORY_RATE_PER_MINUTE = 120;

interface WebChatDeps {
  db: Db;
  pipeline: Pipeline;
  config: Config;
  store: StoreInfo;
  clock: Clock;
  gate: StaffGate;
  /** The service's own secret for the customer session cookie's MAC (made once, in the store). */
  sessionSecret: () => Promise<Buffer>;
  /** What the widget shows before the visitor writes: nothing is stored until they do. */
  welcome(lang: Lang): OutboundMessage;
}

export function registerWebChat(app: FastifyInstance, deps: WebChatDeps): void {
  const { db, pipeline, config, store, clock, gate } = deps;
  const sessions = createChatSessions({ secret: deps.sessionSecret, secure: (req) => isRequestSecure(req, config) });

  app.get('/', (_req, reply) => sendStaticFile(reply, STATIC_FILES, 'index.html'));
  app.get('/embed.js', (_req, reply) => sendStaticFile(reply, STATIC_FILES, 'embed.js'));
  app.get<{ Params: { file: string } }>('/web/:file', (req, reply) =>
    WEB_ASSETS.has(req.params.file) ? sendStaticFile(reply, STATIC_FILES, req.params.file) : reply.status(404).send({ error: 'no such file' }),
  );

  app.get('/api/config', async (req) => ({
    store: { id: store.id, name: { zh: store.nameZh, en: store.nameEn } },
    staffSide: await gate.mode(req),
    welcome: { zh: toReply(deps.welcome('zh')), en: toReply(deps.welcome('en')) },
  }));

  // A public endpoint: each client address gets a budget of messages a minute (429 beyond).
  app.register(async (limited) => {
    await limited.register(rateLimit, { max: config.web.ratePerMinute, timeWindow: 60_000 });
    limited.post('/api/chat', async (req, reply) => {
      if (!req.body || typeof req.body !== 'object') return reply.status(400).send({ error: 'send a JSON object' });
      const parsed = chatBody.safeParse(req.body);
      if (!parsed.success) return reply.status(400).send({ error: describe(parsed.error) });
      const body = parsed.data;
      let who: Pick<InboundMessage, 'chatId' | 'userId' | 'side' | 'staffId'>;
      if (body.role === 'staff') {
        const live = await gate.require(req, reply, { write: true });
        if (!live) return reply;
        who = { chatId: webStaffChatId(live.staff.id), userId: `staff:${live.staff.id}`, side: 'staff', staffId: live.staff.id };
      } else {
        // a page elsewhere must not post into a visitor's chat with their cookie
        if (!isSameOrigin(req, config)) return reply.status(403).send({ error: 'cross-site request refused', code: 'cross_site' });
        const session = await sessions.ensure(req, reply);
        who = { chatId: session.chatId, userId: session.chatId, side: 'customer' };
      }
      const text = body.text?.trim();
      const msg: InboundMessage = {
        channel: 'web',
        // a client's message id is unique within its own chat only: another chat cannot pre-empt it
        eventId: `${who.chatId}/${body.messageId ?? randomUUID()}`,
        ...who,
        kind: body.form ? 'form' : body.action ? 'button' : 'text',
        text: body.form || body.action ? undefined : text,
        action: body.form ? undefined : body.action,
        // the bots read the values; nothing here logs them (the transcript keeps no values either)
        form: body.form ? { id: body.form.id, values: { ...body.form.values }, meta: body.form.meta } : undefined,
        at: clock.now(),
        profile: body.lang ? { languageCode: body.lang } : undefined,
      };
      const result = await pipeline.handle(msg, { inline: true });
      if (result.busy) {
        // the same message id is being answered by a run elsewhere (or one that died and
        // that the sweeper will run again): send it again in a moment, the answer will be in the history
        return reply.status(503).header('retry-after', '5').send({ error: 'this message is still being answered: try again in a moment', code: 'busy' });
      }
      return { replies: result.replies.map(toReply), duplicate: result.duplicate || undefined };
    });
  });

  app.register(async (limited) => {
    await limited.register(rateLimit, { max: HISTORY_RATE_PER_MINUTE, timeWindow: 60_000 });
    limited.get('/api/chat/history', async (req, reply) => {
      const parsed = historyQuery.safeParse(req.query);
      if (!parsed.success) return reply.status(400).send({ error: describe(parsed.error) });
      const q = parsed.data;
      void reply.header('cache-control', 'no-store');
      let chatId: string;
      if (q.role === 'staff') {
        const live = await gate.require(req, reply, { write: false });
        if (!live) return reply;
        chatId = webStaffChatId(live.staff.id);
      } else {
        // no session, no transcript: the cookie is the only key to one
        const session = await sessions.read(req);
        if (!session) return { messages: [] };
        chatId = session.chatId;
      }
      const conversation = await db.conversation.findUnique({ where: { channel_chatId: { channel: 'web', chatId } }, select: { id: true } });
      if (!conversation) return { messages: [] };
      const rows = await db.chatMessage.findMany({
        where: { conversationId: conversation.id, id: { gt: q.after } },
        orderBy: { id: 'asc' },
        take: 200,
      });
      return { messages: rows.map(toWireMessage) };
    });
  });
}

/** A reply as the page gets it (the history's messages carry the same fields). */
function toReply(m: OutboundMessage) {
  return { text: m.text, buttons: m.buttons, card: m.card, image: m.image, form: m.form, formErrors: m.formErrors };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
