// The access_token for WeChat's server API, from the stable_token endpoint (a token that
// other instances fetching at the same time do not invalidate), kept until ~5 minutes
// before it expires.
import type { Clock } from '../../infra/clock.js';
import { SendError } from '../../core/outbox.js';

const REFRESH_MARGIN_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface WechatCredentials {
  appId: string;
  appSecret: string;
  apiBase: string;
}

export class WechatAccessToken {
  private token?: string;
  private refreshAt = 0;
  private fetching?: Promise<string>;

  constructor(
    private readonly creds: WechatCredentials,
    private readonly clock: Clock,
  ) {}

  /** The cached token, or a new one when it is due (one request for concurrent callers). */
  get(): Promise<string> {
    if (this.token && this.clock.now().getTime() < this.refreshAt) return Promise.resolve(this.token);
    return (this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    }));
  }

  /** Forgets a token the API called invalid or expired, so the next get() fetches again. */
  invalidate(token: string): void {
    if (this.token === token) this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { appId, appSecret, apiBase } = this.creds;
    let res: Response;
    try {
      res = await fetch(`${apiBase}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new SendError(`WeChat stable_token request failed: ${(err as Error).message}`);
    }
    if (res.status >= 500) throw new SendError(`WeChat stable_token answered HTTP ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) {
      // -1 is "system busy"; any other code (wrong secret, IP not whitelisted) needs an operator
      const busy = body.errcode === -1 || body.errcode === undefined;
      throw new SendError(`WeChat stable_token error ${body.errcode ?? res.status}: ${body.errmsg ?? 'no access_token'}`, { permanent: !busy });
    }
    this.token = body.access_token;
    this.refreshAt = this.clock.now().getTime() + (body.expires_in ?? 7200) * 1000 - REFRESH_MARGIN_MS;
    return body.access_token;
  }
}
