// Where a browser request comes from, for the cookie's Secure flag and for refusing
// cross-site requests that change something (a page elsewhere posting with our cookie).
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../infra/config.js';

/** Served over HTTPS: directly, through a trusted proxy's X-Forwarded-Proto, or as the public URL says. */
export function isRequestSecure(req: FastifyRequest, config: Config): boolean {
  return req.protocol === 'https' || !!config.publicUrl?.startsWith('https:');
}

/**
 * True unless the browser says the request comes from another origin. Browsers send
 * Origin on every POST (and Sec-Fetch-Site); tools such as curl send neither, and they
 * carry no victim's cookie, so they pass.
 */
export function isSameOrigin(req: FastifyRequest, config: Config): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  const own = new Set<string>();
  if (config.publicUrl) own.add(new URL(config.publicUrl).origin);
  if (req.headers.host) own.add(`${req.protocol}://${req.headers.host}`);
  return own.has(origin);
}
