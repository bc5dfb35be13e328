// A bot's typed part of the conversation state: read, written beside other slots, cleared.
import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/core/conversationStore.js';
import { stateSlot } from '../../src/core/stateSlot.js';

/** The turn's state as the pipeline keeps it: setState replaces it and the turn reads what it wrote. */
function turnState(initial: ConversationState = {}) {
  const writes: { state: ConversationState | null; ttlMs?: number }[] = [];
  const ctx = {
    state: initial,
    setState(state: ConversationState | null, ttlMs?: number) {
      writes.push({ state, ttlMs });
      ctx.state = state ?? {};
    },
  };
  return { ctx, writes };
}

describe('stateSlot', () => {
  const draft = stateSlot<{ step: string }>('td');
  const unsure = stateSlot<number>('unsure');

  it('keeps each slot apart, so two writes in one turn both count', () => {
    const { ctx, writes } = turnState({ other: 1 });
    expect(draft.get(ctx)).toBeUndefined();
    draft.set(ctx, { step: 'name' }, 60_000);
    unsure.set(ctx, 2);
    expect(draft.get(ctx)).toEqual({ step: 'name' });
    expect(writes.at(-1)?.state).toEqual({ other: 1, td: { step: 'name' }, unsure: 2 });
    expect(writes[0].ttlMs).toBe(60_000);
  });

  it('clears its own slot only, and the whole state when it was the last', () => {
    const { ctx, writes } = turnState({ td: { step: 'x' }, unsure: 1 });
    draft.clear(ctx);
    expect(ctx.state).toEqual({ unsure: 1 });
    unsure.clear(ctx);
    expect(writes.at(-1)?.state).toBeNull();
    const before = writes.length;
    unsure.clear(ctx);
    expect(writes.length).toBe(before);
  });
});
