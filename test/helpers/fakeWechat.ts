// A fake WeChat server API on 127.0.0.1: POST /cgi-bin/stable_token hands out numbered
// tokens, POST /cgi-bin/message/custom/send accepts a text message for a valid token (or
// answers a scripted errcode). Tests read what was sent and how often a token was fetched.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  token: string;
  touser: string;
  content: string;
  /** when it was accepted (Date.now()) */
  at: number;
}

export interface FakeWechat {
  url: string;
  tokenRequests: { appid: string; secret: string; force_refresh?: boolean }[];
  sent: SentMessage[];
  /** The expires_in of the next tokens (default 7200). */
  expiresIn: number;
  /** Makes every token issued so far invalid (as when another server forced a new one). */
  revokeTokens(): void;
  /** Answers the next custom/send calls with these errcodes, one each. */
  failSends(...errcodes: number[]): void;
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const valid = new Set<string>();
  const failures: number[] = [];
  let issued = 0;
  const fake = {
    tokenRequests: [] as FakeWechat['tokenRequests'],
    sent: [] as SentMessage[],
    expiresIn: 7200,
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const body = raw ? JSON.parse(raw) : {};
      if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
        fake.tokenRequests.push(body);
        const token = `token-${++issued}`;
        valid.add(token);
        return json({ access_token: token, expires_in: fake.expiresIn });
      }
      if (req.method === 'POST' && url.pathname === '/cgi-bin/message/custom/send') {
        const token = url.searchParams.get('access_token') ?? '';
        if (!valid.has(token)) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        const failure = failures.shift();
        if (failure !== undefined) return json({ errcode: failure, errmsg: `scripted error ${failure}` });
        fake.sent.push({ token, touser: body.touser, content: body.text?.content, at: Date.now() });
        return json({ errcode: 0, errmsg: 'ok' });
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    revokeTokens: () => valid.clear(),
    failSends: (...errcodes: number[]) => void failures.push(...errcodes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
