// Security headers on every response, pages and API alike.
//
// A small onSend hook rather than @fastify/helmet: the one header that varies is the
// framing rule, and it varies by request, not by route (`/?embed=1` may be framed by the
// store's own sites, `/` may not), which helmet's per-route options cannot say; helmet
// would also set X-Frame-Options everywhere (no list of sites fits in it) and
// Cross-Origin-Resource-Policy: same-origin, which stops the store's pages from loading
// /embed.js. What is left is six constant strings.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface SecurityHeaderOptions {
  publicUrl?: string;
  /** origins allowed to frame the widget page (`/?embed=1`), besides our own */
  embedOrigins: readonly string[];
}

// The pages load their script and styles from files of ours and talk only to us: no
// inline script or style, no plugins, no <base> rewriting, forms post back to us only.
// Styles set through element.style in JS are not inline styles for CSP; a style="" attribute is.
const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** `/?embed=1` (any other query parameters too): the page the widget's iframe opens. */
export function isEmbedRequest(url: string): boolean {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path === '/' && q !== -1 && new URLSearchParams(url.slice(q + 1)).get('embed') === '1';
}

/** The headers for a request's response; pure, so the raw clientError answer can use it too. */
export function buildSecurityHeaders(opts: SecurityHeaderOptions): (url: string) => Record<string, string> {
  const hsts: Record<string, string> = opts.publicUrl?.startsWith('https:') ? { 'strict-transport-security': 'max-age=31536000' } : {};
  const common: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    ...hsts,
  };
  const embeddable: Record<string, string> = {
    ...common,
    'content-security-policy': `${BASE_CSP}; frame-ancestors ${["'self'", ...opts.embedOrigins].join(' ')}`,
    // X-Frame-Options cannot name other sites (browsers that know frame-ancestors ignore
    // it): SAMEORIGIN only when no other site may frame the page, else nothing
    ...(opts.embedOrigins.length ? {} : { 'x-frame-options': 'SAMEORIGIN' }),
  };
  const unframeable: Record<string, string> = {
    ...common,
    'content-security-policy': `${BASE_CSP}; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
  };
  return (url) => (isEmbedRequest(url) ? embeddable : unframeable);
}

export function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions): (req: FastifyRequest, reply: FastifyReply) => void {
  const headersFor = buildSecurityHeaders(opts);
  const apply = (req: FastifyRequest, reply: FastifyReply) => {
    void reply.headers(headersFor(req.raw.url ?? '/'));
  };
  // onSend runs for every reply Fastify sends: routes, errors, 404s, hooks' early answers
  app.addHook('onSend', async (req, reply, payload) => {
    apply(req, reply);
    return payload;
  });
  return apply;
}
