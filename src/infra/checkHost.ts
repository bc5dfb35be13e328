// The Host header check against DNS rebinding: a page on an attacker's domain that
// re-resolves the name to this server's address (a dealer's 127.0.0.1, a LAN address)
// is same-origin for the browser, so only the name it sends in Host gives it away.
// Every route is checked, webhooks too: the platforms call PUBLIC_URL, whose host passes.
//
// Accepted:
//  - PUBLIC_URL's host name, without a port (a proxy's `$host` drops it) or with its port;
//  - the bound address, with the port the server listens on:
//    - a loopback bind (127.x, localhost, ::1): localhost, 127.0.0.1, [::1] and HOST itself;
//    - a wildcard bind (0.0.0.0, ::): any IP literal and localhost. A browser that sends
//      an IP literal connected to that very address, so the name cannot be rebound; a
//      domain name needs PUBLIC_URL (or a proxy in front that sends it);
//    - any other HOST (an address or a name): that host only.
// The port is compared once the server listens. A request injected in-process (tests,
// Fastify's inject sends `localhost:80`) reaches a server that listens nowhere: the
// name is still checked, the port cannot be.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';

interface HostTarget {
  /** the host name, lower-case, IPv6 literals in canonical form inside brackets */
  hostname: string;
  port?: number;
}

interface HostPolicyInput {
  host: string;
  publicUrl?: string;
}

type HostVerdict = 'ok' | 'invalid' | 'foreign';

// a reg-name or an IPv4 literal, or an IPv6 literal in brackets; an optional port.
// Nothing else: `@`, `/` or `?` would make the URL parser below read a different host.
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/;

/** Host header → its canonical host name and port, or undefined when it is not a host. */
export function parseHostHeader(value: string): HostTarget | undefined {
  const m = HOST_HEADER.exec(value);
  if (!m) return undefined;
  const hostname = canonicalHostname(m[1]);
  if (!hostname) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { hostname, ...(port !== undefined ? { port } : {}) };
}

/** The WHATWG URL parser's form of a host: lower case, `[::1]` for `[0:0::1]`, no trailing dot. */
function canonicalHostname(host: string): string | undefined {
  try {
    const h = new URL(`http://${host}/`).hostname;
    return h.endsWith('.') ? h.slice(0, -1) : h;
  } catch {
    return undefined;
  }
}

/** HOST as written in the config (`::1`, `0.0.0.0`, `localhost`) → the form a Host header carries. */
function boundHostname(host: string): string | undefined {
  return canonicalHostname(isIP(host) === 6 ? `[${host}]` : host);
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isWildcard(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::' || host === '[::]';
}

function isIpLiteral(hostname: string): boolean {
  return isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
}

interface HostPolicy {
  /** `listeningPort`: the port the server listens on, undefined when it does not (inject). */
  check(hostHeader: string | undefined, listeningPort: number | undefined): HostVerdict;
  /** What is accepted, for the start-up line and docs. */
  describe(): string;
}

export function buildHostPolicy(input: HostPolicyInput): HostPolicy {
  const bound = boundHostname(input.host);
  const loopback = bound !== undefined && (bound === 'localhost' || bound === '[::1]' || bound.startsWith('127.'));
  const wildcard = isWildcard(input.host);
  const boundNames = new Set(loopback ? [...LOOPBACK_NAMES, bound] : !wildcard && bound ? [bound] : []);

  let publicHost: HostTarget | undefined;
  if (input.publicUrl) {
    const u = new URL(input.publicUrl);
    publicHost = { hostname: canonicalHostname(u.hostname) ?? u.hostname, port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 };
  }

  const matchesBound = (t: HostTarget, listeningPort: number | undefined) => {
    const nameOk = boundNames.has(t.hostname) || (wildcard && (t.hostname === 'localhost' || isIpLiteral(t.hostname)));
    // a browser leaves the port out only when it is the scheme's default (80 for plain http)
    return nameOk && (listeningPort === undefined || (t.port ?? 80) === listeningPort);
  };
  const matchesPublic = (t: HostTarget) =>
    publicHost !== undefined && t.hostname === publicHost.hostname && (t.port === undefined || t.port === publicHost.port);

  return {
    check(hostHeader, listeningPort) {
      if (hostHeader === undefined || hostHeader === '') return 'invalid';
      const target = parseHostHeader(hostHeader);
      if (!target) return 'invalid';
      return matchesPublic(target) || matchesBound(target, listeningPort) ? 'ok' : 'foreign';
    },
    describe() {
      const names = [...(publicHost ? [`${publicHost.hostname} (PUBLIC_URL)`] : []), ...boundNames, ...(wildcard ? ['localhost', 'any IP address'] : [])];
      return names.join(', ');
    },
  };
}

/** Answers 421 (or 400 for a Host that is no host name) before any route runs. */
export function registerHostCheck(app: FastifyInstance, policy: HostPolicy): void {
  app.addHook('onRequest', async (req, reply) => {
    const address = app.server.listening ? app.server.address() : null;
    const listeningPort = address && typeof address === 'object' ? address.port : undefined;
    const verdict = policy.check(req.headers.host, listeningPort);
    if (verdict === 'ok') return;
    req.log.debug({ host: req.headers.host?.slice(0, 100), verdict }, 'request for another host refused');
    if (verdict === 'invalid') return reply.status(400).header('connection', 'close').send({ error: 'invalid or missing Host header' });
    return reply.status(421).header('connection', 'close').send({ error: 'misdirected request: this server does not serve that host name' });
  });
}

/**
 * A warning for the start-up log (and `doctor`) when the configuration accepts fewer names
 * than the operator may expect: a wildcard bind without PUBLIC_URL answers to IP
 * addresses and localhost only, so a visitor using a host name gets 421.
 */
export function hostCheckWarning(config: { host: string; publicUrl?: string }): string | undefined {
  if (config.publicUrl || !isWildcard(config.host)) return undefined;
  return `HOST=${config.host} without PUBLIC_URL: requests are answered only when they name an IP address or localhost (others get 421); set PUBLIC_URL to the address visitors use`;
}
