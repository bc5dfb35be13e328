// Small declarative matchers for what a bot answers: a command (`/lead x`, typed or sent as
// the platform's command), a pattern in free text, a pressed button whose value follows a
// pattern (`crm:open:{customerId}`), a submitted form. A bot lists its routes; the first
// that matches runs. A staff bot's routes get a context whose actor is known to be staff,
// so no handler casts. Button values are built from the same patterns (`actionValue`), so
// what a card offers and what the bot reads cannot drift apart.
import type { Bot, JobSource, TurnContext } from './bot.js';
import type { Actor } from './identity.js';
import type { InboundMessage, Side } from './message.js';

export type StaffTurn = TurnContext & { actor: Extract<Actor, { kind: 'staff' }> };
export type CustomerTurn = TurnContext & { actor: Extract<Actor, { kind: 'customer' }> };
type FormSubmission = NonNullable<InboundMessage['form']>;

export const isStaffTurn = (ctx: TurnContext): ctx is StaffTurn => ctx.actor.kind === 'staff';
export const isCustomerTurn = (ctx: TurnContext): ctx is CustomerTurn => ctx.actor.kind === 'customer';

type Outcome = unknown;
/** A matched route's work, or null when the route does not apply to this turn. */
export interface Route<C extends TurnContext> {
  match(ctx: C): (() => Promise<Outcome> | Outcome) | null;
}

/**
 * `/name args` sent as the platform's command or typed as text (a slash, then one of the
 * names, case-insensitive). `name` is without the slash, lower case.
 */
export function command<C extends TurnContext>(names: readonly string[], run: (ctx: C, args: string, name: string) => Promise<Outcome> | Outcome): Route<C> {
  const known = new Set(names.map((n) => n.toLowerCase()));
  const typed = new RegExp(`^\\s*\\/(${names.map(escapeRegExp).join('|')})(?:\\s+([\\s\\S]*))?$`, 'i');
  return {
    match(ctx) {
      const msg = ctx.msg;
      if (msg.kind === 'command' && msg.command) {
        const name = msg.command.name.replace(/^\//, '').toLowerCase();
        return known.has(name) ? () => run(ctx, msg.command!.args.trim(), name) : null;
      }
      if (msg.kind === 'text' && msg.text) {
        const m = msg.text.match(typed);
        if (m) return () => run(ctx, (m[2] ?? '').trim(), m[1].toLowerCase());
      }
      return null;
    },
  };
}

/** Free text matching a pattern (not a command). */
export function text<C extends TurnContext>(pattern: RegExp, run: (ctx: C, match: RegExpMatchArray) => Promise<Outcome> | Outcome): Route<C> {
  return {
    match(ctx) {
      if (ctx.msg.kind !== 'text' || !ctx.msg.text) return null;
      const m = ctx.msg.text.match(pattern);
      return m ? () => run(ctx, m) : null;
    },
  };
}

type Segments<P extends string> = P extends `${infer Head}:${infer Tail}` ? Head | Segments<Tail> : P;
type Required<S> = S extends `{${infer N}}` ? (N extends `${string}?` ? never : N extends `${infer R}*` ? R : N) : never;
type Optional<S> = S extends `{${infer N}?}` ? N : never;
/** The named parts of an action pattern: `{x}` one part, `{x?}` an optional last part, `{x*}` the rest (colons and all). */
export type ActionParams<P extends string> = { [K in Required<Segments<P>>]: string } & { [K in Optional<Segments<P>>]?: string };

interface Part {
  literal?: string;
  name?: string;
  optional?: boolean;
  rest?: boolean;
}

function parsePattern(pattern: string): Part[] {
  return pattern.split(':').map((seg) => {
    const m = seg.match(/^\{(\w+)([?*]?)\}$/);
    if (!m) return { literal: seg };
    return { name: m[1], optional: m[2] === '?', rest: m[2] === '*' };
  });
}

/** The params of an action value under a pattern, or null when it does not follow it. */
export function readAction<P extends string>(pattern: P, value: string): ActionParams<P> | null {
  const parts = parsePattern(pattern);
  const given = value.split(':');
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const got = given[i];
    if (part.literal !== undefined) {
      if (got !== part.literal) return null;
      continue;
    }
    if (part.rest) {
      const rest = given.slice(i).join(':');
      if (!rest) return null;
      params[part.name!] = rest;
      return params as ActionParams<P>;
    }
    if (got === undefined || got === '') {
      if (part.optional) continue;
      return null;
    }
    params[part.name!] = got;
  }
  return given.length <= parts.length ? (params as ActionParams<P>) : null;
}

/** A button value under a pattern: `actionValue('crm:open:{customerId}', { customerId })`. */
export function actionValue<P extends string>(pattern: P, params: ActionParams<P>): string {
  const values = params as Record<string, string | undefined>;
  const out: string[] = [];
  for (const part of parsePattern(pattern)) {
    if (part.literal !== undefined) out.push(part.literal);
    else if (values[part.name!] !== undefined && values[part.name!] !== '') out.push(String(values[part.name!]));
    else if (!part.optional) throw new Error(`actionValue(${pattern}): ${part.name} is missing`);
  }
  return out.join(':');
}

/** A pressed button whose value follows the pattern. */
export function action<C extends TurnContext, P extends string>(pattern: P, run: (ctx: C, params: ActionParams<P>) => Promise<Outcome> | Outcome): Route<C> {
  return {
    match(ctx) {
      const value = ctx.msg.action;
      if (!value) return null;
      const params = readAction(pattern, value);
      return params ? () => run(ctx, params) : null;
    },
  };
}

/** A submitted form with this id. */
export function form<C extends TurnContext>(id: string, run: (ctx: C, form: FormSubmission) => Promise<Outcome> | Outcome): Route<C> {
  return {
    match(ctx) {
      const submitted = ctx.msg.kind === 'form' ? ctx.msg.form : undefined;
      return submitted?.id === id ? () => run(ctx, submitted) : null;
    },
  };
}

/**
 * Runs the first route that matches; false when none does (the next bot tries). A route
 * whose work returns exactly `false` passes the turn on after all: a match that needed the
 * store to decide (a thread that turns out to be no handoff's).
 */
export async function runRoutes<C extends TurnContext>(ctx: C, routes: readonly Route<C>[]): Promise<boolean> {
  for (const route of routes) {
    const work = route.match(ctx);
    if (work && (await work()) !== false) return true;
  }
  return false;
}

/** A bot for staff only: the routes see a staff turn; a customer's turn passes by. */
export function staffBot(def: { name: string; routes: readonly Route<StaffTurn>[]; jobs?: JobSource }): Bot {
  return {
    name: def.name,
    sides: ['staff'] satisfies Side[],
    handle: (ctx) => (isStaffTurn(ctx) ? runRoutes(ctx, def.routes) : Promise.resolve(false)),
    jobs: def.jobs,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
