// The logger writes no personal data or secrets at any depth: each case logs into a
// captured stream and reads the JSON lines back.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/infra/httpServer.js';
import { createLogger, maskPhonesInText, type Logger } from '../../src/infra/logger.js';

type Line = Record<string, unknown> & { msg?: string };

function capture(): { log: Logger; raw: () => string; lines: () => Line[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const log = createLogger('info', sink, 'json');
  const raw = () => chunks.join('');
  return {
    log,
    raw,
    lines: () =>
      raw()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Line),
  };
}

// the middle digits of every number used here, in every spelling; none may reach a line
const HIDDEN_DIGITS = /1234[\s\-.]?5678|１２３４|8765[\s\-.]?4321/;
const SECRETS = /王小明|李雷|hunter2|sk-live|s3cr3t|sess=|csrf-abc|Bearer/;

function expectClean(raw: string) {
  expect(raw).not.toMatch(HIDDEN_DIGITS);
  expect(raw).not.toMatch(SECRETS);
}

const FORMATS = ['+86 138 1234 5678', '+8613812345678', '0086-138-1234-5678', '138 1234 5678', '138-1234-5678', '１３８１２３４５６７８', '13812345678'];

describe('masking mobile numbers in text', () => {
  it.each(FORMATS)('masks %s to 138****5678', (phone) => {
    expect(maskPhonesInText(`call ${phone} today`)).toBe('call 138****5678 today');
  });

  it('masks a number embedded in Chinese text and keeps two numbers apart', () => {
    expect(maskPhonesInText('电话13812345678请回电')).toBe('电话138****5678请回电');
    expect(maskPhonesInText('13812345678或13987654321')).toBe('138****5678或139****4321');
  });

  it('leaves order numbers, landlines, timestamps and short ids alone', () => {
    const ordinary = 'order 20261203001, 021-5888 6600, ts 1765432101234, id 138, price 13800';
    expect(maskPhonesInText(ordinary)).toBe(ordinary);
  });
});

describe('the logger', () => {
  it('masks every phone format in the message and in string values', () => {
    const { log, raw, lines } = capture();
    for (const phone of FORMATS) log.info({ note: `回电 ${phone}` }, `customer ${phone}`);
    log.info('电话13812345678请回电');
    expectClean(raw());
    const out = lines();
    expect(out.slice(0, FORMATS.length).map((l) => [l.msg, l.note])).toEqual(FORMATS.map(() => ['customer 138****5678', '回电 138****5678']));
    expect(out.at(-1)?.msg).toBe('电话138****5678请回电');
  });

  it('redacts sensitive fields at the top level and 3+ levels deep, inside arrays too', () => {
    const { log, raw, lines } = capture();
    const person = { id: 'cus_1', phone: '13812345678', name: '王小明', text: '我叫王小明' };
    log.info(
      {
        ...person,
        turn: { customer: { profile: { contact: person, history: [{ text: 'hi', at: 3 }, [{ name: '李雷' }]] } } },
        config: { telegram: { token: '123:s3cr3t', webhookSecret: 's3cr3t' }, llm: { apiKey: 'sk-live-1' }, staff: { password: 'hunter2' } },
        headers: { authorization: 'Bearer abc', cookie: 'sess=1', 'x-csrf-token': 'csrf-abc', 'x-staff-key': 's3cr3t', accept: 'text/html' },
        reply: { headers: { 'set-cookie': ['sess=2; HttpOnly'] } },
        deep: { a: { b: { c: { d: { e: { phone: 13812345678, note: '号码 138 1234 5678' } } } } } },
      },
      'turn logged',
    );
    expectClean(raw());
    const [line] = lines();
    expect(line).toMatchObject({ id: 'cus_1', phone: '[redacted]', name: '[redacted]', text: '[redacted]' });
    expect(line.turn).toEqual({
      customer: {
        profile: {
          contact: { id: 'cus_1', phone: '[redacted]', name: '[redacted]', text: '[redacted]' },
          history: [{ text: '[redacted]', at: 3 }, [{ name: '[redacted]' }]],
        },
      },
    });
    expect(line.config).toEqual({
      telegram: { token: '[redacted]', webhookSecret: '[redacted]' },
      llm: { apiKey: '[redacted]' },
      staff: { password: '[redacted]' },
    });
    expect(line.headers).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-csrf-token': '[redacted]',
      'x-staff-key': '[redacted]',
      accept: 'text/html',
    });
    expect(line.reply).toEqual({ headers: { 'set-cookie': '[redacted]' } });
    expect(line.deep).toEqual({ a: { b: { c: { d: { e: { phone: '[redacted]', note: '号码 138****5678' } } } } } });
  });

  it('masks a mobile in an array of strings and a mobile stored as a number', () => {
    const { log, raw, lines } = capture();
    log.info({ recipients: ['13812345678', 'ok', { to: 13987654321 }] });
    expectClean(raw());
    expect(lines()[0].recipients).toEqual(['138****5678', 'ok', { to: '139****4321' }]);
  });

  it("masks phones in an error's message, stack and cause, logged alone, as err or nested", () => {
    const { log, raw, lines } = capture();
    const err = Object.assign(new Error('no answer from 13812345678', { cause: new Error('SMS to +86 139 8765 4321 bounced') }), {
      code: 'E_SMS',
      meta: { phone: '13812345678', attempt: 2 },
    });
    log.error(err);
    log.error({ err, outboxId: 'ob_1' }, 'send failed');
    log.warn({ result: { failures: [{ error: err }] } }, 'batch finished');
    expectClean(raw());
    const [alone, asErr, nested] = lines();
    expect(alone.msg).toBe('no answer from 138****5678');
    for (const e of [alone.err, asErr.err, (nested.result as { failures: { error: unknown }[] }).failures[0].error] as Record<string, unknown>[]) {
      expect(e).toMatchObject({ type: 'Error', code: 'E_SMS', meta: { phone: '[redacted]', attempt: 2 } });
      expect(e.message).toBe('no answer from 138****5678: SMS to 139****4321 bounced');
      expect(e.stack).toMatch(/^Error: no answer from 138\*{4}5678\n/);
      expect(e.stack).toContain('caused by: Error: SMS to 139****4321 bounced');
    }
    expect(asErr).toMatchObject({ outboxId: 'ob_1', msg: 'send failed' });
  });

  it("redacts and masks a child logger's bindings, and its children's", () => {
    const { log, raw, lines } = capture();
    const child = log.child({ channel: 'web', customer: { id: 'cus_9', name: '王小明', contacts: [{ phone: '13812345678' }] }, chatId: 'web:13812345678' });
    child.child({ job: 'nudge', owner: { staff: { name: '李雷' } } }).info({ count: 2 }, 'nudged');
    child.setBindings({ eventId: 'evt_1', token: 's3cr3t' });
    child.info('after setBindings');
    expectClean(raw());
    const [grandchild, rebound] = lines();
    expect(grandchild).toMatchObject({
      service: 'dealerbot',
      channel: 'web',
      customer: { id: 'cus_9', name: '[redacted]', contacts: [{ phone: '[redacted]' }] },
      chatId: 'web:138****5678',
      job: 'nudge',
      owner: { staff: { name: '[redacted]' } },
      count: 2,
    });
    expect(rebound).toMatchObject({ eventId: 'evt_1', token: '[redacted]' });
  });

  it('walks objects interpolated into the message', () => {
    const { log, raw, lines } = capture();
    log.info('lead %j from %s', { name: '王小明', phone: '13812345678', source: 'web' }, '138-1234-5678');
    expectClean(raw());
    expect(lines()[0].msg).toBe('lead {"name":"[redacted]","phone":"[redacted]","source":"web"} from 138****5678');
  });

  it('keeps ordinary fields readable and unchanged', () => {
    const { log, lines } = capture();
    const fields = {
      eventId: 'telegram:778812345',
      customerId: 'cmb8x2k9p0001qz7w3h5v6j8a',
      idempotencyKey: 'reply:web:abc:0',
      status: 'sent',
      attempts: 3,
      ms: 12.5,
      tokens: 812,
      promptTokens: 700,
      hasPhone: true,
      context: 'faq',
      orderNo: '20261203001',
      at: new Date('2026-12-17T01:00:00Z'),
      items: [1, 2, 3],
      nothing: null,
    };
    log.info(fields, 'outbox sent');
    expect(lines()[0]).toMatchObject({ ...fields, at: '2026-12-17T01:00:00.000Z', msg: 'outbox sent' });
  });

  it('writes a cyclic object without looping', () => {
    const { log, lines } = capture();
    const node: Record<string, unknown> = { id: 'n1', phone: '13812345678' };
    node.self = node;
    log.info({ node });
    expect(lines()[0].node).toEqual({ id: 'n1', phone: '[redacted]', self: '[Circular]' });
  });

  it("never writes a request's cookies or authorization through the HTTP server", async () => {
    const { log, raw, lines } = capture();
    const http = createHttpServer(log);
    http.get('/boom', (req, reply) => {
      req.log.info({ req, res: reply }, 'handling');
      throw new Error('lookup 13812345678 failed');
    });
    const res = await http.inject({
      method: 'GET',
      url: '/boom?phone=13812345678&name=%E7%8E%8B&page=2',
      headers: { cookie: 'sess=1', authorization: 'Bearer abc', 'x-csrf-token': 'csrf-abc' },
    });
    await http.close();
    expect(res.statusCode).toBe(500);
    expectClean(raw());
    expect(raw()).not.toMatch(/%E7%8E%8B/);
    const [handling, failed] = lines();
    expect(handling).toMatchObject({
      component: 'http',
      req: { method: 'GET', url: '/boom?phone=[redacted]&name=[redacted]&page=2' },
      res: { statusCode: 200 },
    });
    expect(handling.reqId).toEqual(expect.any(String));
    // how the error handler lays out the error is its own business; the phone is masked either way
    expect(failed).toMatchObject({ component: 'http', msg: 'request failed' });
    expect(JSON.stringify(failed)).toContain('lookup 138****5678 failed');
  });
});
