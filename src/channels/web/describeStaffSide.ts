// What the web's staff side is at start-up and in `dealerbot doctor`: sign-in for
// everyone, the loopback-only demo, or closed; and whether the demo could be reached from
// outside (doctor fails then). The per-request decision is staffGate.ts's.
import { isLoopbackHost, type Config } from '../../infra/config.js';

interface StaffSideSummary {
  mode: 'accounts' | 'demo' | 'closed';
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

export function describeStaffSide(config: Config, credentials: number): StaffSideSummary {
  if (credentials > 0) {
    const have = `${credentials} ${credentials === 1 ? 'has' : 'have'} one`;
    return {
      mode: 'accounts',
      status: 'ok',
      detail: `staff sign in with their own password (${have}; invite others with \`dealerbot staff invite <staffId>\`)`,
    };
  }
  const published = !!config.trustProxy || (!!config.publicUrl && !isLoopbackHost(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '')));
  if (published) {
    return {
      mode: 'closed',
      status: 'warn',
      detail: 'closed: no staff member has a password yet and the service is published (PUBLIC_URL or TRUST_PROXY); run `dealerbot staff invite <staffId>`',
    };
  }
  if (!isLoopbackHost(config.host)) {
    return {
      mode: 'demo',
      status: 'fail',
      detail: `demo (anyone on this machine may act as any staff member) while HOST=${config.host} listens beyond it: a proxy on this machine would open the staff side to the internet. Run \`dealerbot staff invite <staffId>\` (or bind HOST=127.0.0.1)`,
    };
  }
  return {
    mode: 'demo',
    status: 'ok',
    detail:
      'demo: open to this machine only (loopback socket and Host, no proxy headers), pick any staff member; `dealerbot staff invite <staffId>` ends the demo',
  };
}
