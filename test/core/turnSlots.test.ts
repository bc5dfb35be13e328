import { describe, expect, it } from 'vitest';
import { createTurnSlots } from '../../src/core/turnSlots.js';

/** A promise with its resolve, to hold a turn "computing" until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('turn slots', () => {
  it('lets N turns compute at once and starts the others in arrival order', async () => {
    const slots = createTurnSlots(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => slots.run(async () => (started.push(i), await g.opened, i)));
    await settle();
    expect(started).toEqual([0, 1]);
    expect(slots.load()).toEqual({ running: 2, waiting: 2 });
    gates[1].open();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(slots.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('gives the slot back while a turn waits on the network, and takes one again after', async () => {
    const slots = createTurnSlots(1);
    const network = gate();
    const order: string[] = [];
    const llmTurn = slots.run(async () => {
      order.push('llm:start');
      await slots.whileWaiting(() => network.opened);
      order.push('llm:after');
    });
    await settle();
    const other = slots.run(async () => void order.push('other'));
    await other; // ran while the first waited on the network
    expect(order).toEqual(['llm:start', 'other']);
    network.open();
    await llmTurn;
    expect(order).toEqual(['llm:start', 'other', 'llm:after']);
    expect(slots.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a turn throws, and passes a call outside any turn straight through', async () => {
    const slots = createTurnSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
    expect(await slots.whileWaiting(async () => 'job')).toBe('job');
    expect(slots.load()).toEqual({ running: 0, waiting: 0 });
  });
});
