// The web chat: a real customer channel (a widget for the store's site) and, on loopback
// or behind WEB_STAFF_KEY, a way to try the staff bots as any staff member of the store.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { StoreInfo } from '../../core/bot.js';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { InboundMessage, Lang, OutboundMessage } from '../../core/message.js';
import type { Pipeline } from '../../core/pipeline.js';
import type { Db } from '../../store/createPrisma.js';
import { loadStaticFiles, sendStaticFile } from './staticFiles.js';
import { toWireMessage, webChatId } from './webTranscript.js';

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
  .object({
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
  }, { error: (issue) => (issue.code === 'invalid_type' ? '"form" must be an object {id, values, meta?}' : undefined) })
  .strict();

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'sessionId must be 8-128 letters, digits, _ or -');

const chatBody = z
  .object({
    sessionId,
    role: z.enum(['customer', 'staff']),
    staffId: z.string().max(64).optional(),
    text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`).optional(),
    action: z.string().min(1).max(200).optional(),
    /** Lets a client resend after a network error without the message running twice. */
    messageId: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/).optional(),
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
  .refine((b) => b.role === 'customer' || !!b.staffId, { message: '"staffId" is required for the staff role' })
  .refine((b) => !b.text || !CONTROL_CHARS.test(b.text), {
    message: 'text contains control or invalid characters',
  });

const historyQuery = z.object({
  sessionId,
  role: z.enum(['customer', 'staff']).default('customer'),
  staffId: z.string().max(64).optional(),
  after: z.coerce.number().int().min(0).default(0),
});

export interface WebChatDeps {
  db: Db;
  pipeline: Pipeline;
  config: Config;
  store: StoreInfo;
  clock: Clock;
  /** What the widget shows before the visitor writes: nothing is stored until they do. */
  welcome(lang: Lang): OutboundMessage;
}

export function registerWebChat(app: FastifyInstance, deps: WebChatDeps): void {
  const { db, pipeline, config, store, clock } = deps;

  app.get('/', (_req, reply) => sendStaticFile(reply, STATIC_FILES, 'index.html'));
  app.get('/embed.js', (_req, reply) => sendStaticFile(reply, STATIC_FILES, 'embed.js'));
  app.get<{ Params: { file: string } }>('/web/:file', (req, reply) =>
    WEB_ASSETS.has(req.params.file) ? sendStaticFile(reply, STATIC_FILES, req.params.file) : reply.status(404).send({ error: 'no such file' }),
  );

  app.get('/api/config', async () => ({
    store: { id: store.id, name: { zh: store.nameZh, en: store.nameEn } },
    staffSide: config.web.staffSide,
    welcome: { zh: toReply(deps.welcome('zh')), en: toReply(deps.welcome('en')) },
  }));

  app.get('/api/staff', async (req, reply) => {
    if (!staffAllowed(req, config)) return denyStaff(reply, config);
    const staff = await db.staff.findMany({
      where: { storeId: store.id, active: true },
      orderBy: { id: 'asc' },
      select: { id: true, nameZh: true, nameEn: true, role: true, teamId: true },
    });
    return { staff: staff.map((s) => ({ id: s.id, name: { zh: s.nameZh, en: s.nameEn }, role: s.role, teamId: s.teamId })) };
  });

  // A public endpoint: each client address gets a budget of messages a minute (429 beyond).
  app.register(async (limited) => {
    await limited.register(rateLimit, { max: config.web.ratePerMinute, timeWindow: 60_000 });
    limited.post('/api/chat', async (req, reply) => {
      if (!req.body || typeof req.body !== 'object') return reply.status(400).send({ error: 'send a JSON object' });
      const parsed = chatBody.safeParse(req.body);
      if (!parsed.success) return reply.status(400).send({ error: describe(parsed.error) });
      const body = parsed.data;
      if (body.role === 'staff' && !staffAllowed(req, config)) return denyStaff(reply, config);
      if (body.role === 'staff') {
        const exists = await db.staff.count({ where: { id: body.staffId, storeId: store.id, active: true } });
        if (!exists) return reply.status(404).send({ error: `no active staff member "${body.staffId}"` });
      }
      const text = body.text?.trim();
      const msg: InboundMessage = {
        channel: 'web',
        eventId: body.messageId ?? randomUUID(),
        chatId: webChatId(body.sessionId, body.role, body.staffId),
        userId: body.role === 'staff' ? `staff:${body.staffId}` : body.sessionId,
        side: body.role,
        staffId: body.staffId,
        kind: body.form ? 'form' : body.action ? 'button' : 'text',
        text: body.form || body.action ? undefined : text,
        action: body.form ? undefined : body.action,
        // the bots read the values; nothing here logs them (the transcript keeps no values either)
        form: body.form ? { id: body.form.id, values: { ...body.form.values }, meta: body.form.meta } : undefined,
        at: clock.now(),
        profile: body.lang ? { languageCode: body.lang } : undefined,
      };
      const result = await pipeline.handle(msg, { inline: true });
      return { replies: result.replies.map(toReply), duplicate: result.duplicate || undefined };
    });
  });

  app.get('/api/chat/history', async (req, reply) => {
    const parsed = historyQuery.safeParse(req.query);
    if (!parsed.success) return reply.status(400).send({ error: describe(parsed.error) });
    const q = parsed.data;
    if (q.role === 'staff' && !staffAllowed(req, config)) return denyStaff(reply, config);
    const conversation = await db.conversation.findUnique({
      where: { channel_chatId: { channel: 'web', chatId: webChatId(q.sessionId, q.role, q.staffId) } },
      select: { id: true },
    });
    if (!conversation) return { messages: [] };
    const rows = await db.chatMessage.findMany({
      where: { conversationId: conversation.id, id: { gt: q.after } },
      orderBy: { id: 'asc' },
      take: 200,
    });
    return { messages: rows.map(toWireMessage) };
  });
}

/** A reply as the page gets it (the history's messages carry the same fields). */
function toReply(m: OutboundMessage) {
  return { text: m.text, buttons: m.buttons, card: m.card, image: m.image, form: m.form, formErrors: m.formErrors };
}

/** Staff side: open on loopback without a key; with WEB_STAFF_KEY, only with that key. The dashboard shares it. */
export function staffAllowed(req: FastifyRequest, config: Config): boolean {
  if (config.web.staffSide === 'open') return true;
  if (config.web.staffSide === 'closed') return false;
  const given = req.headers['x-staff-key'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(config.web.staffKey!);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function denyStaff(reply: FastifyReply, config: Config) {
  return config.web.staffSide === 'closed'
    ? reply.status(403).send({ error: 'the staff side is closed here: set WEB_STAFF_KEY to open it' })
    : reply.status(401).send({ error: 'staff key missing or wrong (header X-Staff-Key)' });
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
