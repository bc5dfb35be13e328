// Managers set targets in chat: a form, field errors that keep it open, permissions by
// role, append-only rows and an optional split down by weights.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBots } from '../../../src/app.js';
import { createTargetBot } from '../../../src/bots/targets/targetBot.js';
import { buildKnowledgeIndex } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { ManualClock } from '../../../src/infra/clock.js';
import type { InboundMessage } from '../../../src/core/message.js';
import { Pipeline } from '../../../src/core/pipeline.js';
import { latestTargets, targetKey } from '../../../src/sales/board/targets.js';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const data = demoData();
const kb = buildKnowledgeIndex(data);
let seq = 0;

describe('the target bot', () => {
  let t: TestDb;
  let clock: ManualClock;
  let pipeline: Pipeline;
  let storeId: string;
  const send = async (user: string, m: Partial<InboundMessage>) =>
    (
      await pipeline.handle(
        { channel: 'slack', eventId: `tg-${++seq}`, chatId: `D${user}`, userId: user, side: 'staff', kind: 'text', at: clock.now(), ...m } as InboundMessage,
        { inline: true },
      )
    ).replies;
  const submit = (user: string, values: Record<string, string>) => send(user, { kind: 'form', form: { id: 'targets.set', values } });

  beforeEach(async () => {
    t = await createTestDb();
    const store = await insertDemoStore(t.db);
    storeId = store.id;
    clock = new ManualClock('2026-12-01T01:00:00Z');
    for (const n of ['01', '02', '03']) await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: `U${n}`, staffId: `st-${n}` } });
    const bots = createBots({ data, kb });
    bots.splice(bots.findIndex((b) => b.name === 'staff-handoff') + 1, 0, createTargetBot({ data }));
    pipeline = new Pipeline({ db: t.db, clock, log: silentLogger, store, bots, understand: () => ({}) as never });
  });
  afterEach(async () => t.close());

  it('opens the form for managers only', async () => {
    const r = await send('U02', { kind: 'command', command: { name: '/target', args: '' } });
    const form = r.find((x) => x.form)?.form;
    expect(form?.id).toBe('targets.set');
    expect(form?.fields.map((f) => f.name)).toEqual(['period', 'metric', 'scope', 'who', 'value', 'split']);
    // a sales manager sees their own team and its consultants only
    expect(form?.fields.find((f) => f.name === 'who')?.options?.map((o) => o.value)).toEqual(['team:sales-1', 'staff:st-03', 'staff:st-04', 'staff:st-05']);
    const refused = await send('U03', { kind: 'text', text: '/target' });
    expect(refused.map((x) => x.text).join()).toMatch(/Only sales managers|只有销售经理/);
    expect(refused.some((x) => x.form)).toBe(false);
  });

  it('keeps the form open with errors, refuses another team, stores and splits', async () => {
    const bad = await submit('U02', { period: '2026-13', metric: 'orders', scope: 'team', who: 'team:sales-2', value: '-3', split: 'no' });
    const errors = bad.find((x) => x.formErrors)?.formErrors ?? {};
    expect(Object.keys(errors).sort()).toEqual(['period', 'value', 'who']);
    expect(await t.db.target.count()).toBe(0);

    const ok = await submit('U02', { period: '2026-12', metric: 'orders', scope: 'team', who: 'team:sales-1', value: '30', split: 'yes' });
    const text = ok.map((x) => x.text).join('\n');
    expect(text).toMatch(/30/);
    const staff = await latestTargets(t.db, { storeId, period: '2026-12', scope: 'staff', metric: 'orders' });
    // no history → equal shares: 30 = 10 + 10 + 10
    expect(['st-03', 'st-04', 'st-05'].map((id) => staff.get(targetKey('orders', 'staff', id))?.value)).toEqual([10, 10, 10]);

    // the store manager sets the store target twice: the later wins, the history stays
    await submit('U01', { period: '2026-12', metric: 'orders', scope: 'store', who: '', value: '60', split: 'no' });
    clock.advance(60_000);
    const again = await submit('U01', { period: '2026-12', metric: 'orders', scope: 'store', who: '', value: '66', split: 'no' });
    expect(again.map((x) => x.text).join()).toMatch(/60/);
    const store = await latestTargets(t.db, { storeId, period: '2026-12', scope: 'store' });
    expect(store.get(targetKey('orders', 'store', storeId))?.value).toBe(66);
    expect(await t.db.target.count({ where: { scope: 'store' } })).toBe(2);
  });
});
