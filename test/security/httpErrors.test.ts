// Errors anywhere give a defined 4xx/5xx with a short JSON message, and the service keeps
// serving: each case is sent to the real service over a socket, then a normal request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMessage } from '../../src/infra/httpServer.js';
import { rawGet, sendRaw } from './rawHttp.js';
import { createSecurityApp, type SecurityApp } from './securityApp.js';

describe('malformed, oversized and slow requests', () => {
  let h: SecurityApp;
  let port: number;
  let host: string;

  beforeAll(async () => {
    h = await createSecurityApp({ HOST: '127.0.0.1' });
    // the production limits are 10 s for headers and a check every 2 s; the same server
    // with short ones lets a slow client be seen without waiting that long
    port = await h.listen((server) => {
      server.headersTimeout = 300;
      server.requestTimeout = 600;
      // a public property of http.Server that @types/node 20 does not declare
      (server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval = 50;
    });
    host = `127.0.0.1:${port}`;
  });
  afterAll(async () => h?.close());

  const stillServes = async () => {
    const res = await rawGet(port, '/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  };

  const expectJsonError = (body: string, pattern: RegExp) => {
    const json = JSON.parse(body);
    expect(Object.keys(json)).toEqual(['error']);
    expect(json.error).toMatch(pattern);
    expect(json.error.length).toBeLessThan(120);
  };

  it('answers a malformed request line with 400 and closes the connection', async () => {
    const res = await sendRaw(port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.closed).toBe(true);
    expectJsonError(res.body, /malformed request/);
    await stillServes();
  });

  it('answers binary garbage with 400', async () => {
    const res = await sendRaw(port, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(res.status).toBe(400);
    expect(res.closed).toBe(true);
    await stillServes();
  });

  it('answers headers over 16 kB with 431', async () => {
    const res = await sendRaw(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.closed).toBe(true);
    expectJsonError(res.body, /too large/);
    await stillServes();
  });

  it('answers a URL of 100 kB with 431', async () => {
    const res = await sendRaw(port, `GET /${'x'.repeat(100_000)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.closed).toBe(true);
    await stillServes();
  });

  it('answers a path parameter over the router limit with 414', async () => {
    const res = await rawGet(port, `/web/${'a'.repeat(500)}.js`);
    expect(res.status).toBe(414);
    expectJsonError(res.body, /too long/);
    await stillServes();
  });

  it('answers headers that never finish with 408 once the header time is up (slowloris)', async () => {
    const res = await sendRaw(port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `, { timeoutMs: 3000 });
    expect(res.status).toBe(408);
    expect(res.closed).toBe(true);
    expect(res.ms).toBeGreaterThanOrEqual(250);
    expectJsonError(res.body, /timeout/);
    await stillServes();
  });

  it('answers a body that stops arriving with 408 once the request time is up', async () => {
    const res = await sendRaw(port, `POST /api/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"sessionId":`, {
      timeoutMs: 3000,
    });
    expect(res.status).toBe(408);
    expect(res.closed).toBe(true);
    await stillServes();
    expect(await h.t.db.inboundEvent.count()).toBe(0);
  });

  it('answers an upload cut short by the client with 400 and changes nothing', async () => {
    const res = await sendRaw(
      port,
      `POST /api/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"sessionId":"session-cut1","role":"customer","text":"hi`,
      { halfClose: true, timeoutMs: 3000 },
    );
    expect(res.status).toBe(400);
    expect(res.closed).toBe(true);
    await stillServes();
    expect(await h.t.db.inboundEvent.count()).toBe(0);
  });

  it.each([
    ['/%zz', 'a bad escape'],
    ['/web/%E0%A4%A', 'a cut multi-byte escape'],
    ['/web/%ff', 'an escape that is no UTF-8'],
  ])('answers invalid percent-encoding (%s: %s) with 400 and does not quote the URL', async (path) => {
    const res = await rawGet(port, path);
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('%');
    await stillServes();
  });

  it('reads a bad escape in the query string as it is (the route decides), never a 5xx', async () => {
    const res = await rawGet(port, '/api/config?lang=%zz&x=%');
    expect(res.status).toBe(200);
    await stillServes();
  });

  it('answers malformed JSON with 400 and a message that quotes nothing of the body', async () => {
    const body = '{"sessionId": "session-json1", "text": "王小明 13812345678",';
    const res = await sendRaw(
      port,
      `POST /api/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(res.status).toBe(400);
    expectJsonError(res.body, /not valid JSON/);
    expect(res.body).not.toMatch(/王小明|13812345678|position/);
    await stillServes();
  });

  it.each([
    // text/plain has a parser (Fastify's own); the chat route then asks for a JSON object
    ['text/plain', 'hello', 400, /JSON object/],
    ['application/x-www-form-urlencoded', 'a=1', 415, /unsupported content type/],
    ['application/json', '', 400, /empty/],
    ['application/json', '{"__proto__": {"x": 1}}', 400, /not valid JSON/],
  ])('answers a POST with Content-Type %s and body %j with %i', async (type, body, status, message) => {
    const res = await sendRaw(
      port,
      `POST /api/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(res.status).toBe(status);
    expectJsonError(res.body, message);
    await stillServes();
  });

  it('answers a body over the limit with 413', async () => {
    const body = JSON.stringify({ sessionId: 'session-big1', role: 'customer', text: 'x'.repeat(70_000) });
    const res = await fetch(`http://${host}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger than 65536 bytes/);
    await stillServes();
  });

  it('answers an unknown path with a 404 that does not echo it', async () => {
    const res = await rawGet(port, `/customers/${encodeURIComponent('王小明')}/13812345678`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ error: 'not found' });
  });

  it('answers a request line with raw non-ASCII bytes with 400', async () => {
    const res = await sendRaw(port, Buffer.concat([Buffer.from('GET /'), Buffer.from('王小明'), Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\n\r\n`)]));
    expect(res.status).toBe(400);
    expect(res.closed).toBe(true);
    await stillServes();
  });

  it('answers a conflicting Content-Length and Transfer-Encoding with 400', async () => {
    const res = await sendRaw(
      port,
      `POST /api/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    );
    expect(res.status).toBe(400);
    expect(res.closed).toBe(true);
    await stillServes();
  });
});

describe('errors inside a route', () => {
  let h: SecurityApp;
  afterAll(async () => h?.close());

  it('answers 500 with "internal error" only, and logs the error masked', async () => {
    h = await createSecurityApp();
    // a route of the real server that fails the way a store query could: the message
    // quotes SQL, a person and a file path
    h.app.http.get('/test/fail', async () => {
      throw new Error('SELECT * FROM Customer WHERE phone = "13812345678" AND nameZh = "王小明" (/work/main/src/sales/x.ts)');
    });
    const res = await h.app.http.inject({ url: '/test/fail' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal error' });
    const line = h.logs.find((l) => l.msg === 'request failed')!;
    expect(line).toMatchObject({ status: 500, method: 'GET', route: '/test/fail', errorName: 'Error' });
    const text = JSON.stringify(line);
    expect(text).not.toMatch(/13812345678|王小明/);
    expect(line.errorMessage).toMatch(/^SELECT \* FROM Customer WHERE phone = "…"/);
    expect((await h.app.http.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('clientMessage', () => {
  it('gives 5xx errors no words of their own', () => {
    expect(clientMessage(new Error('ENOENT: /etc/secret'), 500)).toBe('internal error');
    expect(clientMessage(Object.assign(new Error('Invalid `prisma.customer.findMany()` invocation'), { statusCode: 502 }), 502)).toBe('internal error');
  });

  it('keeps a 4xx message to one short line', () => {
    expect(clientMessage(new Error(`bad field\n    at x (/work/main/src/a.ts:1:1)`), 400)).toBe('bad field');
    expect(clientMessage(new Error('y'.repeat(500)), 400)).toHaveLength(201);
  });

  it('never quotes a JSON parser', () => {
    const err = Object.assign(new SyntaxError('Unexpected token \'h\', "hello 王小明" is not valid JSON'), { statusCode: 400 });
    expect(clientMessage(err, 400)).toBe('the body is not valid JSON');
  });
});
