// The bots' matchers: commands typed or sent by the platform, button values read and built
// from one pattern, forms by id, the first matching route wins, staff-only bots.
import { describe, expect, it } from 'vitest';
import type { TurnContext } from '../../src/core/bot.js';
import type { InboundMessage } from '../../src/core/message.js';
import { action, actionValue, command, form, readAction, runRoutes, staffBot, text, type StaffTurn } from '../../src/core/turnRoutes.js';

const staff = { kind: 'staff', staff: { id: 'st-1' } } as unknown as TurnContext['actor'];
const customer = { kind: 'customer', customer: { id: 'c-1' } } as unknown as TurnContext['actor'];
const turn = (msg: Partial<InboundMessage>, actor = staff) => ({ msg: { kind: 'text', ...msg }, actor }) as unknown as TurnContext;

describe('turn routes', () => {
  it('reads a command sent by the platform or typed, case-insensitive, with its arguments', async () => {
    const seen: string[] = [];
    const routes = [command(['lead', 'log'], (_c, args, name) => void seen.push(`${name}|${args}`))];
    expect(await runRoutes(turn({ kind: 'command', command: { name: '/LOG', args: ' 王先生 ' } }), routes)).toBe(true);
    expect(await runRoutes(turn({ text: '/lead 张三 138' }), routes)).toBe(true);
    expect(await runRoutes(turn({ text: '/lead' }), routes)).toBe(true);
    expect(await runRoutes(turn({ text: '/leads x' }), routes)).toBe(false);
    expect(await runRoutes(turn({ text: 'lead x' }), routes)).toBe(false);
    expect(seen).toEqual(['log|王先生', 'lead|张三 138', 'lead|']);
  });

  it('reads button values by pattern: one part, an optional last part, the rest with its colons', () => {
    expect(readAction('crm:open:{customerId}', 'crm:open:c-9')).toEqual({ customerId: 'c-9' });
    expect(readAction('crm:open:{customerId}', 'crm:open')).toBeNull();
    expect(readAction('crm:open:{customerId}', 'crm:open:c-9:x')).toBeNull();
    expect(readAction('crm:open:{customerId}', 'crm:log:c-9')).toBeNull();
    expect(readAction('crm:regrade:{customerId}:{grade?}', 'crm:regrade:c-9')).toEqual({ customerId: 'c-9' });
    expect(readAction('crm:regrade:{customerId}:{grade?}', 'crm:regrade:c-9:H')).toEqual({ customerId: 'c-9', grade: 'H' });
    expect(readAction('td:move:{bookingId}:{slot*}', 'td:move:b-1:2026-12-04T14:00')).toEqual({ bookingId: 'b-1', slot: '2026-12-04T14:00' });
    expect(readAction('td:move:{bookingId}:{slot*}', 'td:move:b-1')).toBeNull();
  });

  it('builds the values it reads, and refuses to build one without a required part', () => {
    const value = actionValue('td:move:{bookingId}:{slot*}', { bookingId: 'b-1', slot: '2026-12-04T14:00' });
    expect(value).toBe('td:move:b-1:2026-12-04T14:00');
    expect(readAction('td:move:{bookingId}:{slot*}', value)).toEqual({ bookingId: 'b-1', slot: '2026-12-04T14:00' });
    expect(actionValue('crm:regrade:{customerId}:{grade?}', { customerId: 'c-9' })).toBe('crm:regrade:c-9');
    expect(() => actionValue('crm:open:{customerId}', {} as { customerId: string })).toThrow(/customerId is missing/);
  });

  it('runs the first route that matches: a form by id, a button, then free text', async () => {
    const seen: string[] = [];
    const routes = [
      form('crm.note', (_c, f) => void seen.push(`form ${f.values.text}`)),
      action('crm:open:{customerId}', (_c, p) => void seen.push(`open ${p.customerId}`)),
      text(/^my day$/i, () => void seen.push('my day')),
      text(/.*/, () => void seen.push('anything')),
    ];
    await runRoutes(turn({ kind: 'form', form: { id: 'crm.note', values: { text: 'hi' } } }), routes);
    await runRoutes(turn({ kind: 'button', action: 'crm:open:c-1' }), routes);
    await runRoutes(turn({ text: 'My day' }), routes);
    await runRoutes(turn({ text: 'hello' }), routes);
    expect(seen).toEqual(['form hi', 'open c-1', 'my day', 'anything']);
    expect(await runRoutes(turn({ kind: 'form', form: { id: 'crm.other', values: {} } }), routes.slice(0, 2))).toBe(false);
  });

  it("passes the turn on when a matched route's work returns false", async () => {
    const seen: string[] = [];
    const routes = [text(/.*/, () => false), text(/.*/, () => void seen.push('second'))];
    expect(await runRoutes(turn({ text: 'x' }), routes)).toBe(true);
    expect(seen).toEqual(['second']);
    expect(await runRoutes(turn({ text: 'x' }), routes.slice(0, 1))).toBe(false);
  });

  it('gives a staff bot staff turns only', async () => {
    const seen: string[] = [];
    const bot = staffBot({ name: 'x', routes: [text(/.*/, (ctx: StaffTurn) => void seen.push(ctx.actor.staff.id))] });
    expect(await bot.handle(turn({ text: 'hi' }, customer))).toBe(false);
    expect(await bot.handle(turn({ text: 'hi' }))).toBe(true);
    expect(seen).toEqual(['st-1']);
    expect(bot.sides).toEqual(['staff']);
  });
});
