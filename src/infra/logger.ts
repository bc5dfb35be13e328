// pino that never writes personal data or secrets, at any depth: the value of a sensitive
// field (phone, name, text, tokens, secrets, passwords, API keys, authorization, cookies)
// is replaced, and a mainland mobile number inside any other string is masked.
//
// pino's `redact` has no recursive wildcard, so every value is walked instead, in the
// three places a value enters a line: the logged object (`formatters.log`), a child
// logger's bindings (`child` is wrapped: pino applies `formatters.bindings` to the root's
// only) and the message (a `msg` serializer, which also sees a message pino takes from an
// error). `err`, `req` and `res` are left to serializers of their own because pino and
// Fastify serialize those keys after `formatters.log`. The walk copies only what it
// changes, so an ordinary line (ids, counts, status) allocates nothing.
import pino, { type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const REDACTED = '[redacted]';
/** JSON.stringify would print any depth; a cut keeps a cyclic or huge object from costing a request. */
const MAX_DEPTH = 12;

const DIGIT = '[0-9０-９]';
const SEP = '[ \\-.－]?';
/**
 * A mainland mobile: an optional +86 / 0086 / 86, then 1[3-9]x xxxx xxxx with a space, dash
 * or dot allowed between the groups, in ASCII or full-width digits; never inside a longer
 * run of digits (order numbers, timestamps, landlines stay as they are).
 */
const MOBILE = new RegExp(
  `(?<!${DIGIT})(?:(?:[+＋]|[0０]{2})${SEP}[8８][6６]${SEP}|[8８][6６]${SEP})?([1１][3-9３-９]${DIGIT})${SEP}${DIGIT}{4}${SEP}(${DIGIT}{4})(?!${DIGIT})`,
  'g',
);
const FULL_WIDTH_DIGIT = /[０-９]/g;

const toAsciiDigits = (s: string) => s.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/**
 * Masks mainland mobile numbers inside free text, keeping the first 3 and last 4 digits so
 * two numbers can still be told apart: "+86 138 1234 5678" → "138****5678".
 */
export function maskPhonesInText(text: string): string {
  if (text.length < 11) return text; // too short to hold a mobile: most ids and statuses
  return text.replace(MOBILE, (_m, head: string, tail: string) => `${toAsciiDigits(head)}****${toAsciiDigits(tail)}`);
}

// A field whose whole value is personal or secret, however it is spelt (camelCase,
// snake_case, header-case). Plural "tokens" (LLM counts) and "…Key" ids (idempotencyKey)
// are ordinary fields.
const SENSITIVE_KEY =
  /^(?:name|text|(?:first|last|full|real|display|nick|customer|contact)[-_]?name|raw[-_]?headers)$|(?:token|secret|password|passwd|api[-_]?key|private[-_]?key|aes[-_]?key|staff[-_]?key|authorization|cookie|phone|phone[-_]?number|mobile)$/i;
const TEXT_KEY = /[a-z]Text$|[-_]text$/; // messageText, reply_text; not "context"
const sensitiveKeyCache = new Map<string, boolean>();

function isSensitiveKey(key: string): boolean {
  let sensitive = sensitiveKeyCache.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEY.test(key) || TEXT_KEY.test(key);
    // keys are few and fixed in practice; the cap stops data-shaped keys (ids) from growing it
    if (sensitiveKeyCache.size < 1000) sensitiveKeyCache.set(key, sensitive);
  }
  return sensitive;
}

/** null, undefined and booleans (hasPhone: true) say nothing about a person. */
const redact = (value: unknown) => (value === null || value === undefined || typeof value === 'boolean' ? value : REDACTED);

/** A mobile stored as a number (13812345678) is masked like one in text. */
const isMobileNumber = (n: number) => n >= 13_000_000_000 && n < 20_000_000_000 && Number.isInteger(n);

function scrub(value: unknown, depth: number, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return maskPhonesInText(value);
    case 'number':
      return isMobileNumber(value) ? maskPhonesInText(String(value)) : value;
    case 'object':
      if (value === null || value instanceof Date || ArrayBuffer.isView(value)) return value;
      if (depth > MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
      if (ancestors.includes(value)) return '[Circular]';
      if (Array.isArray(value)) return scrubArray(value, depth, ancestors);
      // pino's own error serializer (type, message and stack with causes, own fields), then the walk
      if (value instanceof Error) return scrubFields(pino.stdSerializers.err(value), depth, ancestors, true);
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return scrub((value as { toJSON(): unknown }).toJSON(), depth, ancestors);
      return scrubFields(value, depth, ancestors, false);
    default:
      return value;
  }
}

function scrubArray(items: unknown[], depth: number, ancestors: object[]): unknown[] {
  let copy: unknown[] | undefined;
  ancestors.push(items);
  for (let i = 0; i < items.length; i++) {
    const next = scrub(items[i], depth + 1, ancestors);
    if (copy === undefined && next !== items[i]) copy = items.slice(0, i);
    if (copy !== undefined) copy.push(next);
  }
  ancestors.pop();
  return copy ?? items;
}

/** A "__proto__" field is copied as a field, never as the copy's prototype. */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Own enumerable fields, as JSON.stringify sees them; `skip` names fields left to a serializer. */
function scrubFields(obj: object, depth: number, ancestors: object[], alwaysCopy: boolean, skip?: ReadonlySet<string>): object {
  const source = obj as Record<string, unknown>;
  const keys = Object.keys(source);
  let copy: Record<string, unknown> | undefined = alwaysCopy ? {} : undefined;
  ancestors.push(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = source[key];
    const next = skip?.has(key) ? value : isSensitiveKey(key) ? redact(value) : scrub(value, depth + 1, ancestors);
    if (copy === undefined && next !== value) {
      copy = {};
      for (let j = 0; j < i; j++) setField(copy, keys[j], source[keys[j]]);
    }
    if (copy !== undefined) setField(copy, key, next);
  }
  ancestors.pop();
  return copy ?? obj;
}

/** Any value, walked to any depth; what cannot be walked (a throwing getter) is dropped, not written. */
export function scrubLogValue(value: unknown): unknown {
  try {
    return scrub(value, 0, []);
  } catch {
    return '[unloggable]';
  }
}

/** The fields pino hands to a serializer of ours after `formatters.log`. */
const SERIALIZED = new Set(['err', 'req', 'res']);

function scrubLogObject<T extends object>(obj: T): T {
  try {
    return scrubFields(obj, 0, [], false, SERIALIZED) as T;
  } catch {
    return { logFieldsDropped: 'a field could not be read' } as unknown as T;
  }
}

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** A query string keeps its parameters but not the values of sensitive ones (?phone=…, ?token=…). */
const redactQuery = (url: string) =>
  url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, key: string) => (isSensitiveKey(key) ? `${sep}${key}=${REDACTED}` : whole));

/** A request (Fastify's or Node's): method, path and client address; never its headers. */
function serializeRequest(req: unknown): unknown {
  if (typeof req !== 'object' || req === null || isPlainObject(req)) return scrubLogValue(req);
  const r = req as { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } };
  return scrubLogValue({ method: r.method, url: typeof r.url === 'string' ? redactQuery(r.url) : r.url, remoteAddress: r.ip ?? r.socket?.remoteAddress });
}

/** A reply (Fastify's or Node's): the status only; its headers may set cookies. */
function serializeReply(res: unknown): unknown {
  if (typeof res !== 'object' || res === null || isPlainObject(res)) return scrubLogValue(res);
  return { statusCode: (res as { statusCode?: number }).statusCode };
}

const SERIALIZERS: NonNullable<LoggerOptions['serializers']> = {
  err: scrubLogValue,
  req: serializeRequest,
  res: serializeReply,
  msg: scrubLogValue,
};

/** Child bindings and setBindings go through the walk too; pino's children inherit the wrappers. */
function scrubBindingsOf(logger: Logger): Logger {
  const child = logger.child;
  const setBindings = logger.setBindings;
  logger.child = function childWithScrubbedBindings(this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) {
    return Reflect.apply(child, this, [scrubLogObject(bindings), options]) as Logger;
  } as unknown as Logger['child'];
  logger.setBindings = function setScrubbedBindings(this: Logger, bindings: pino.Bindings) {
    Reflect.apply(setBindings, this, [scrubLogObject(bindings)]);
  };
  return logger;
}

/**
 * JSON lines for log collectors; on a terminal (someone running `npm start`) readable
 * lines through pino-pretty instead (LOG_FORMAT chooses: auto, json, pretty).
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: 'auto' | 'json' | 'pretty' = 'auto'): Logger {
  if (!destination && (format === 'pretty' || (format === 'auto' && process.stdout.isTTY))) {
    destination = pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' });
  }
  const logger = pino(
    {
      level,
      serializers: SERIALIZERS,
      formatters: { log: scrubLogObject },
      hooks: {
        // objects interpolated into the message (%o, %j) are walked like the logged object
        logMethod(args, method) {
          for (let i = 1; i < args.length; i++) if (typeof args[i] === 'object') args[i] = scrubLogValue(args[i]);
          method.apply(this, args);
        },
      },
      base: { service: 'dealerbot' },
    },
    destination,
  );
  return scrubBindingsOf(logger);
}
