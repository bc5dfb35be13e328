// Drives the web chat API of a test app the way the page does: a customer is the session
// cookie the server issued on their first message; a staff member signs in first (the
// demo's pick on loopback, or a password) and sends the CSRF token with every message.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CHAT_COOKIE, chatIdOfCookie } from '../../src/channels/web/chatSessionCookie.js';
import { webStaffChatId } from '../../src/channels/web/webTranscript.js';
import type { TestApp } from './testApp.js';

export interface Reply {
  text: string;
  buttons?: { label: string; value: string }[];
  card?: { title: string; fields?: { label: string; value: string }[] };
}

/** A browser's cookies for one site: what Set-Cookie stored, sent back on every request. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  header(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** A browser on one site: its cookie jar and, once signed in as staff, the CSRF token. */
export function createBrowser(http: FastifyInstance) {
  const jar = new CookieJar();
  let csrfToken: string | undefined;
  async function request(opts: { method?: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> }) {
    const cookie = jar.header();
    const res = await http.inject({
      method: opts.method ?? 'GET',
      url: opts.url,
      payload: opts.payload as never,
      headers: { ...(cookie ? { cookie } : {}), ...(csrfToken && opts.method === 'POST' ? { 'x-csrf-token': csrfToken } : {}), ...opts.headers },
    });
    jar.store(res);
    // a sign-in of any kind (demo, password, invite) answers with the session's CSRF token, which the page keeps
    if (res.statusCode === 200 && /json/.test(String(res.headers['content-type']))) {
      const token = (res.json() as { csrfToken?: unknown }).csrfToken;
      if (typeof token === 'string') csrfToken = token;
    }
    return res;
  }
  return {
    jar,
    request,
    get csrfToken() {
      return csrfToken;
    },
    /** The demo's pick of a staff member (loopback, no staff password in the store). */
    async demoSignIn(staffId: string) {
      const res = await request({ method: 'POST', url: '/api/staff/demo-sign-in', payload: { staffId } });
      if (res.statusCode !== 200) throw new Error(`demo sign-in as ${staffId}: ${res.statusCode} ${res.body}`);
      return res;
    },
    signIn: (login: string, password: string) => request({ method: 'POST', url: '/api/staff/sign-in', payload: { login, password } }),
  };
}

export type Browser = ReturnType<typeof createBrowser>;

/** One browser per label and service: a test that calls webChat twice with a label continues the same chat. */
const browsers = new WeakMap<FastifyInstance, Map<string, Browser>>();
const signingIn = new WeakMap<Browser, Promise<unknown>>();

/**
 * A chat in a browser named `label` (the session itself is the server's cookie); on the
 * staff side the browser first signs in as `staffId` (the demo's pick).
 */
export function webChat(h: TestApp | { app: { http: FastifyInstance } }, label: string, role: 'customer' | 'staff' = 'customer', staffId?: string) {
  const byLabel = browsers.get(h.app.http) ?? new Map<string, Browser>();
  browsers.set(h.app.http, byLabel);
  const key = `${label}|${role}|${staffId ?? ''}`;
  const browser = byLabel.get(key) ?? createBrowser(h.app.http);
  byLabel.set(key, browser);
  const ready = () => {
    if (role !== 'staff') return Promise.resolve();
    const pending = signingIn.get(browser) ?? browser.demoSignIn(staffId ?? '');
    signingIn.set(browser, pending);
    return pending;
  };
  const post = async (body: Record<string, unknown>): Promise<Reply[]> => {
    await ready();
    const res = await browser.request({ method: 'POST', url: '/api/chat', payload: { role, ...body } });
    if (res.statusCode !== 200) throw new Error(`POST /api/chat ${res.statusCode}: ${res.body}`);
    return res.json().replies;
  };
  return {
    browser,
    /** The conversation's chat id (the customer's is derived from the session cookie the server issued on the first message). */
    chatId(): string {
      if (role === 'staff') return webStaffChatId(staffId ?? '');
      const cookie = browser.jar.get(CHAT_COOKIE);
      const chatId = cookie ? chatIdOfCookie(cookie) : null;
      if (!chatId) throw new Error(`the browser "${label}" has no chat session yet: send a message first`);
      return chatId;
    },
    say: (text: string) => post({ text }),
    press: (action: string) => post({ action }),
    /** The whole transcript as the page would show it after a reload. */
    async history(): Promise<{ id: number; from: string; text: string; buttons?: Reply['buttons'] }[]> {
      await ready();
      return (await browser.request({ url: `/api/chat/history?role=${role}` })).json().messages;
    },
  };
}

export const allText = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
export const buttonValues = (replies: Reply[]) => replies.flatMap((r) => r.buttons ?? []).map((b) => b.value);

/** A browser of this service signed in as the staff member (the demo's pick), made once per service and staff member. */
export async function asStaff(http: FastifyInstance, staffId: string): Promise<Browser> {
  const byLabel = browsers.get(http) ?? new Map<string, Browser>();
  browsers.set(http, byLabel);
  const key = `as-staff|${staffId}`;
  let browser = byLabel.get(key);
  if (!browser) {
    browser = createBrowser(http);
    byLabel.set(key, browser);
    await browser.demoSignIn(staffId);
  }
  return browser;
}
