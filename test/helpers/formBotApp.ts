// A web chat wired to a small staff bot that answers with forms, the way the CRM bot will:
// "/form" opens a new-customer form; a submission without a phone comes back with form
// errors, a name "dup" with an error on no field, a model "next" with a follow-up form, and
// anything else with a confirmation. Built from the pieces (not createDealerbot) so the
// test owns the bots, the clock and the log.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Bot } from '../../src/core/bot.js';
import { registerWebChannel } from '../../src/channels/web/registerWebChannel.js';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config.js';
import { createHttpServer } from '../../src/infra/httpServer.js';
import { createLogger } from '../../src/infra/logger.js';
import type { Form, InboundMessage } from '../../src/core/message.js';
import type { Understanding } from '../../src/understanding/nlu/understand.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { insertMinimalStore } from './fixtures.js';
import { createTestDb, type TestDb } from './testDb.js';

export const LEAD_FORM_TITLE = { zh: '新客户 <b>登记</b>', en: 'New customer <img src=x onerror="window.__xss=1">' };

export function leadForm(lang: 'zh' | 'en'): Form {
  const zh = lang === 'zh';
  return {
    id: 'crm.lead:new',
    title: LEAD_FORM_TITLE[lang],
    submitLabel: zh ? '保存' : 'Save lead',
    meta: 'src=web-demo',
    fields: [
      { name: 'name', label: zh ? '姓名' : 'Name', kind: 'text', required: true, placeholder: zh ? '客户姓名' : 'Customer name' },
      { name: 'phone', label: zh ? '手机' : 'Mobile', kind: 'text', hint: zh ? '11 位手机号' : '11-digit mobile number' },
      {
        name: 'model',
        label: zh ? '意向车型' : 'Model',
        kind: 'select',
        options: [
          { label: 'Aurora', value: 'aurora' },
          { label: 'Borealis', value: 'borealis' },
          { label: zh ? '下一步' : 'Next step', value: 'next' },
        ],
        initial: 'aurora',
      },
      { name: 'date', label: zh ? '到店日期' : 'Visit date', kind: 'date', initial: '2026-12-05' },
      { name: 'time', label: zh ? '到店时间' : 'Visit time', kind: 'time' },
      { name: 'notes', label: zh ? '备注' : 'Notes', kind: 'textarea', initial: 'walk-in' },
    ],
  };
}

export interface FormBotApp {
  t: TestDb;
  http: FastifyInstance;
  clock: ManualClock;
  /** Every message the bot received, in order. */
  received: InboundMessage[];
  /** Every log line written, as text (form values must never appear in it). */
  logs: string[];
  /** While set, the bot waits for it before answering a submission (to see the page while it waits). */
  gate?: Promise<void>;
  close(): Promise<void>;
}

export async function createFormBotApp(): Promise<FormBotApp> {
  const t = await createTestDb();
  const store = await insertMinimalStore(t.db);
  const clock = new ManualClock('2026-12-03T02:15:00Z');
  const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'trace' });
  const logs: string[] = [];
  const log = createLogger('trace', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }), 'json');

  const h = { received: [] as InboundMessage[], gate: undefined as Promise<void> | undefined };
  const formBot: Bot = {
    name: 'form-test',
    sides: ['staff'],
    async handle(ctx) {
      const { msg } = ctx;
      h.received.push(msg);
      if (msg.kind === 'text' && msg.text?.startsWith('/form')) {
        ctx.reply({ text: ctx.say({ zh: '请填写新客户信息。', en: 'Fill in the new customer.' }), form: leadForm(ctx.lang) });
        return true;
      }
      if (msg.kind === 'form' && msg.form) {
        if (h.gate) await h.gate;
        const v = msg.form.values;
        if (msg.form.id === 'crm.lead:details') {
          ctx.reply({ text: ctx.say({ zh: '细节已保存。', en: 'Details saved.' }) });
          return true;
        }
        if (!v.phone) {
          ctx.reply({
            text: ctx.say({ zh: '请检查表单。', en: 'Please check the form.' }),
            formErrors: { phone: ctx.say({ zh: '请填写手机号', en: 'Enter a mobile number' }) },
          });
          return true;
        }
        if (v.name === 'dup') {
          ctx.reply({ text: 'dup', formErrors: { customer: ctx.say({ zh: '该客户已存在', en: 'This customer already exists' }) } });
          return true;
        }
        if (v.model === 'next') {
          ctx.reply({
            text: '',
            form: {
              id: 'crm.lead:details',
              title: ctx.say({ zh: '更多信息', en: 'More details' }),
              submitLabel: ctx.say({ zh: '完成', en: 'Done' }),
              fields: [{ name: 'budget', label: ctx.say({ zh: '预算', en: 'Budget' }), kind: 'text' }],
            },
          });
          return true;
        }
        ctx.reply({ text: ctx.say({ zh: '已登记：{name}', en: 'Lead saved: {name}' }, { name: v.name ?? '' }), buttons: [{ label: 'OK', value: 'ok' }] });
        return true;
      }
      ctx.reply({ text: 'echo' });
      return true;
    },
  };

  const pipeline = new Pipeline({
    db: t.db,
    clock,
    log,
    store,
    bots: [formBot],
    understand: () => ({ intent: 'other', model: null, name: null, phone: null, date: null, time: null }) as unknown as Understanding,
  });
  const http = createHttpServer(log);
  await registerWebChannel(http, { db: t.db, pipeline, config, store, clock, welcome: (lang) => ({ text: lang === 'zh' ? '欢迎' : 'Welcome' }) });
  await http.ready();

  const app: FormBotApp = {
    t,
    http,
    clock,
    received: h.received,
    logs,
    get gate() {
      return h.gate;
    },
    set gate(g) {
      h.gate = g;
    },
    async close() {
      await http.close();
      await t.close();
    },
  };
  return app;
}
