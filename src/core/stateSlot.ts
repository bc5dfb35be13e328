// A bot's typed part of the conversation state. Each bot names its slot once
// (`const draft = stateSlot<Draft>('td')`) and reads and writes it through the slot, so
// no bot reads another's keys or casts an untyped bag. The whole state still expires
// together (the TTL of the last write), as before.
import type { TurnContext } from './bot.js';

interface StateSlot<T> {
  readonly name: string;
  get(ctx: Pick<TurnContext, 'state'>): T | undefined;
  set(ctx: Pick<TurnContext, 'state' | 'setState'>, value: T, ttlMs?: number): void;
  clear(ctx: Pick<TurnContext, 'state' | 'setState'>): void;
}

export function stateSlot<T>(name: string): StateSlot<T> {
  return {
    name,
    get: (ctx) => ctx.state[name] as T | undefined,
    set(ctx, value, ttlMs) {
      ctx.setState({ ...ctx.state, [name]: value }, ttlMs);
    },
    clear(ctx) {
      if (!(name in ctx.state)) return;
      const { [name]: _dropped, ...rest } = ctx.state;
      ctx.setState(Object.keys(rest).length ? rest : null);
    },
  };
}
