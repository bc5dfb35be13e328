// Typed configuration, parsed once at boot from the environment (contract.md lists the
// keys; .env.example documents each). Every key is optional: none set = the embedded demo.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  DATABASE_URL: z
    .string()
    .default('file:./data/dealerbot.db')
    .refine(
      (u) => /^(file:|postgres(ql)?:\/\/)/.test(u),
      'must be a SQLite file (file:./data/dealerbot.db) or a PostgreSQL URL (postgres://user:password@host:5432/dealerbot)',
    ),
  /** how long a run owns an inbound event, and an outbox send its row: after a crash, the work waits this long to be picked up again */
  INBOUND_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** how long a write waits for another process's lock; the event loop waits as long (SQLite waits synchronously) */
  DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  /** PostgreSQL: connections per instance (docs/deploy.md sizes it) */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  STORE_DATA_DIR: optionalString,
  TZ_STORE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** gone: staff sign in with their own password; setting it is a start-up error naming the replacement */
  WEB_STAFF_KEY: optionalString,
  /** messages a minute one client address may send to the web chat */
  WEB_CHAT_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  /** behind a reverse proxy: "true" (trust any) or the proxy addresses (comma-separated, CIDR allowed) */
  TRUST_PROXY: optionalString,
  /** when set, GET /metrics needs `Authorization: Bearer <this>` */
  METRICS_TOKEN: optionalString,
  /** the store's own sites that may frame the widget (`/?embed=1`), comma-separated origins */
  WEB_EMBED_ORIGINS: optionalString,
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_API_ROOT: optionalString,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  WECHAT_APP_ID: optionalString,
  WECHAT_APP_SECRET: optionalString,
  WECHAT_TOKEN: optionalString,
  WECHAT_ENCODING_AES_KEY: optionalString,
  /** the key before the last rotation in the WeChat console: still accepted for a while */
  WECHAT_ENCODING_AES_KEY_PREVIOUS: optionalString,
  WECHAT_API_BASE: optionalString,
  /** "true" accepts plain-mode callbacks although WECHAT_ENCODING_AES_KEY is set: only while the console moves from 明文模式 to 安全模式 */
  WECHAT_ACCEPT_PLAIN: optionalString.pipe(z.enum(['true', 'false']).optional()),
  /** how long a callback may wait for the reply before answering "success" (WeChat gives up at 5 s) */
  WECHAT_REPLY_BUDGET_MS: z.coerce.number().int().min(0).max(4500).default(4000),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  /** The channel where customer handoffs open a thread (a channel id such as C0123ABCD). */
  SLACK_HANDOFF_CHANNEL: optionalString,
  /** Where the morning digest goes: `team=channel` pairs, e.g. `sales-1=C0123,sales-2=C0456,store=C0789` (`:en` after a channel: in English). */
  SLACK_DIGEST_CHANNELS: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  /** a second OpenAI-compatible provider that answers when the first fails; on when its key is set */
  LLM_FALLBACK_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LLM_FALLBACK_API_KEY: optionalString,
  LLM_FALLBACK_MODEL: optionalString,
  /** what the store pays per million tokens (any currency), for `dealerbot llm report`'s estimate */
  LLM_PRICE_INPUT_PER_1M: optionalString.pipe(z.coerce.number<string>().nonnegative().optional()),
  LLM_PRICE_OUTPUT_PER_1M: optionalString.pipe(z.coerce.number<string>().nonnegative().optional()),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  publicUrl?: string;
  databaseUrl: string;
  databaseBusyTimeoutMs: number;
  /** PostgreSQL: connections per instance */
  databasePoolSize: number;
  /** lease of an inbound event's run, and of an outbox send (what a crash costs in delay) */
  leases: { inboundMs: number; outboxMs: number };
  storeDataDir: string;
  storeTimezone: string;
  logLevel: Env['LOG_LEVEL'];
  logFormat: Env['LOG_FORMAT'];
  /** The staff side's mode (demo, accounts, closed) is decided per request: channels/web/staffGate.ts. */
  web: { ratePerMinute: number };
  trustProxy?: boolean | string[];
  /** GET /metrics requires this bearer token when set. */
  metricsToken?: string;
  /** Origins (e.g. https://www.store.example) allowed to frame `/?embed=1`, besides our own. */
  embedOrigins: string[];
  telegram?: { token: string; webhookSecret?: string; apiRoot?: string; mode: 'webhook' | 'polling' };
  wechat?: {
    appId?: string;
    appSecret?: string;
    token: string;
    encodingAesKey?: string;
    previousAesKey?: string;
    apiBase?: string;
    replyBudgetMs: number;
    acceptPlain?: boolean;
  };
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; handoffChannel?: string; digestChannels?: DigestChannels };
  llm?: LlmConfig;
  /** Only when both prices are set: an estimate from one price alone would be wrong, not partial. */
  llmPrices?: { inputPer1M: number; outputPer1M: number };
}

/** One OpenAI-compatible endpoint: no base URL is OpenAI's own. */
export interface LlmProviderConfig {
  baseUrl?: string;
  apiKey: string;
  model: string;
}

export interface LlmConfig extends LlmProviderConfig {
  /** each provider's budget for one call, its retry included (with a fallback a call may take twice this) */
  timeoutMs: number;
  /** takes over when the first provider fails (timeout, 5xx, 429 after its retry, malformed output) */
  fallback?: LlmProviderConfig;
}

/** The digest's channels by team id (`store`: the whole store's board). */
export type DigestChannels = Record<string, { channel: string; lang?: 'zh' | 'en' }>;

export class ConfigError extends Error {}

/** `sales-1=C0123,sales-2=C0456:en,store=C0789` → by team id; throws ConfigError on a malformed pair. */
export function parseDigestChannels(v: string | undefined): DigestChannels | undefined {
  if (!v) return undefined;
  const out: DigestChannels = {};
  for (const pair of v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = pair.match(/^([\w-]+)\s*=\s*([A-Za-z0-9]+)(?::(zh|en))?$/);
    if (!m) throw new ConfigError(`invalid configuration: SLACK_DIGEST_CHANNELS: "${pair}" is not team=CHANNELID (e.g. sales-1=C0123ABCD)`);
    out[m[1]] = { channel: m[2], ...(m[3] ? { lang: m[3] as 'zh' | 'en' } : {}) };
  }
  return out;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * `https://www.store.example,https://store.example:8443` → the origins, normalised.
 * Only whole origins: https (any host), or http on a loopback host (a dealer trying the
 * widget locally). No paths, no wildcards: a `*` would let any site frame the chat and
 * dress it up (clickjacking), so each of the store's sites is listed by name.
 */
export function parseEmbedOrigins(v: string | undefined): string[] {
  if (!v) return [];
  const out: string[] = [];
  for (const raw of v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const bad = (why: string) => new ConfigError(`invalid configuration: WEB_EMBED_ORIGINS: "${raw}" ${why}`);
    if (raw.includes('*')) throw bad('has a wildcard: list each site of the store');
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw bad('is not an origin such as https://www.store.example');
    }
    if (u.username || u.password || u.search || u.hash || !/^[a-z]+:\/\/[^/?#]+\/?$/i.test(raw))
      throw bad('must be an origin only (scheme://host[:port]), without a path');
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname.replace(/^\[|\]$/g, '')))) {
      throw bad('must be https:// (http:// only for localhost)');
    }
    if (!out.includes(u.origin)) out.push(u.origin);
  }
  return out;
}

function parseTrustProxy(v: string | undefined): Config['trustProxy'] {
  if (!v) return undefined;
  if (v === 'true') return true;
  return v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * The LLM's providers: the first when OPENAI_API_KEY is set, the fallback when
 * LLM_FALLBACK_API_KEY is too (a local server that needs no key takes any value, as the
 * first does). Fallback keys that cannot take effect are refused rather than ignored: an
 * operator who set them believes there is a second provider.
 */
function readLlmConfig(e: z.infer<typeof envSchema>): LlmConfig | undefined {
  const fallbackKeys = (['LLM_FALLBACK_BASE_URL', 'LLM_FALLBACK_API_KEY', 'LLM_FALLBACK_MODEL'] as const).filter((k) => e[k] !== undefined);
  if (fallbackKeys.length && !e.OPENAI_API_KEY) {
    throw new ConfigError(
      `invalid configuration: ${fallbackKeys.join(', ')} set without OPENAI_API_KEY: the fallback backs up a first provider (OPENAI_BASE_URL, OPENAI_API_KEY, LLM_MODEL); with one provider, set those`,
    );
  }
  if (fallbackKeys.length && !e.LLM_FALLBACK_API_KEY) {
    throw new ConfigError(
      `invalid configuration: ${fallbackKeys.join(', ')} set without LLM_FALLBACK_API_KEY, which turns the fallback on (any value for a server that needs no key)`,
    );
  }
  if (!e.OPENAI_API_KEY) return undefined;
  const model = e.LLM_MODEL ?? 'gpt-4o-mini';
  const first: LlmProviderConfig = { baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY, model };
  if (!e.LLM_FALLBACK_API_KEY) return { ...first, timeoutMs: e.LLM_TIMEOUT_MS };
  const fallback: LlmProviderConfig = { baseUrl: e.LLM_FALLBACK_BASE_URL, apiKey: e.LLM_FALLBACK_API_KEY, model: e.LLM_FALLBACK_MODEL ?? model };
  const endpoint = (p: LlmProviderConfig) => (p.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  if (endpoint(fallback) === endpoint(first) && fallback.apiKey === first.apiKey && fallback.model === first.model) {
    throw new ConfigError(
      'invalid configuration: the LLM_FALLBACK_* provider is the first provider again (same URL, key and model): it would fail when the first does',
    );
  }
  return { ...first, timeoutMs: e.LLM_TIMEOUT_MS, fallback };
}

/** Parses the environment; throws ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === 'webhook' && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('invalid configuration: TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_MODE=webhook (or set TELEGRAM_MODE=polling)');
  }
  if (e.TELEGRAM_WEBHOOK_SECRET && !/^[A-Za-z0-9_-]{1,256}$/.test(e.TELEGRAM_WEBHOOK_SECRET)) {
    throw new ConfigError('invalid configuration: TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -');
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('invalid configuration: SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  for (const key of ['WECHAT_ENCODING_AES_KEY', 'WECHAT_ENCODING_AES_KEY_PREVIOUS'] as const) {
    if (e[key] && !/^[A-Za-z0-9]{43}$/.test(e[key]!))
      throw new ConfigError(`invalid configuration: ${key} must be the 43 letters and digits from the WeChat console`);
  }
  // /metrics has no rate limit, so a short token could be guessed by trying them all
  if (e.METRICS_TOKEN && !/^[\x21-\x7E]{16,256}$/.test(e.METRICS_TOKEN)) {
    throw new ConfigError('invalid configuration: METRICS_TOKEN must be 16-256 printable characters without spaces (e.g. `openssl rand -hex 24`)');
  }
  if (e.WEB_STAFF_KEY) {
    throw new ConfigError(
      'invalid configuration: WEB_STAFF_KEY is no longer used: each staff member signs in with their own password. ' +
        'Remove WEB_STAFF_KEY and run `dealerbot staff invite <staffId>` to print a one-time link that sets one (docs/deploy.md, "Staff accounts")',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    databaseBusyTimeoutMs: e.DB_BUSY_TIMEOUT_MS,
    databasePoolSize: e.DB_POOL_SIZE,
    leases: { inboundMs: e.INBOUND_LEASE_MS, outboxMs: e.OUTBOX_LEASE_MS },
    storeDataDir: path.resolve(e.STORE_DATA_DIR ?? path.join(projectRoot, 'data', 'demo-dealership')),
    storeTimezone: e.TZ_STORE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    web: { ratePerMinute: e.WEB_CHAT_RATE_LIMIT },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN,
    embedOrigins: parseEmbedOrigins(e.WEB_EMBED_ORIGINS),
    telegram: e.TELEGRAM_BOT_TOKEN
      ? { token: e.TELEGRAM_BOT_TOKEN, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET, apiRoot: e.TELEGRAM_API_ROOT, mode: e.TELEGRAM_MODE }
      : undefined,
    wechat: e.WECHAT_TOKEN
      ? {
          appId: e.WECHAT_APP_ID,
          appSecret: e.WECHAT_APP_SECRET,
          token: e.WECHAT_TOKEN,
          encodingAesKey: e.WECHAT_ENCODING_AES_KEY,
          previousAesKey: e.WECHAT_ENCODING_AES_KEY_PREVIOUS,
          apiBase: e.WECHAT_API_BASE,
          replyBudgetMs: e.WECHAT_REPLY_BUDGET_MS,
          acceptPlain: e.WECHAT_ACCEPT_PLAIN === 'true',
        }
      : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          handoffChannel: e.SLACK_HANDOFF_CHANNEL,
          digestChannels: parseDigestChannels(e.SLACK_DIGEST_CHANNELS),
        }
      : undefined,
    llm: readLlmConfig(e),
    llmPrices:
      e.LLM_PRICE_INPUT_PER_1M !== undefined && e.LLM_PRICE_OUTPUT_PER_1M !== undefined
        ? { inputPer1M: e.LLM_PRICE_INPUT_PER_1M, outputPer1M: e.LLM_PRICE_OUTPUT_PER_1M }
        : undefined,
  };
}
