// The web channel's routes in one call: the cookie plugin, the staff gate and sign-in, the
// chat (customer and staff sides) and, given the board's functions, the dashboard. The
// composition root and the tests that build a partial service both use it, so no test
// wires the web differently from `dealerbot start`.
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { StoreInfo } from '../../core/bot.js';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import type { Pipeline } from '../../core/pipeline.js';
import { loadServiceSecret } from '../../infra/serviceSecret.js';
import type { Db } from '../../store/createPrisma.js';
import { registerDashboard, type DashboardDeps } from './dashboardRoutes.js';
import { createStaffGate, type StaffGate } from './staffGate.js';
import { registerStaffAuth } from './staffAuthRoutes.js';
import { registerWebChat } from './webChatRoutes.js';

export interface WebChannelDeps {
  db: Db;
  pipeline: Pipeline;
  config: Config;
  store: StoreInfo;
  clock: Clock;
  welcome(lang: Lang): OutboundMessage;
  /** The board's functions (sales/): the dashboard is served when they are given. */
  dashboard?: Pick<DashboardDeps, 'computeBoard' | 'computeFunnel' | 'exportCustomers'>;
}

export async function registerWebChannel(http: FastifyInstance, deps: WebChannelDeps): Promise<{ gate: StaffGate }> {
  const { db, pipeline, config, store, clock } = deps;
  // both kinds of session live in HttpOnly cookies (the plugin decorates every route)
  await http.register(fastifyCookie);
  const gate = createStaffGate({ db, config, store, clock });
  let chatSecret: Promise<Buffer> | undefined;
  // loaded once; a failed load (the store was locked) is not kept, the next request tries again
  const sessionSecret = () =>
    (chatSecret ??= loadServiceSecret(db, 'web-chat-session', clock.now()).catch((err: unknown) => {
      chatSecret = undefined;
      throw err;
    }));
  registerStaffAuth(http, { db, config, store, clock, gate });
  registerWebChat(http, { db, pipeline, config, store, clock, gate, sessionSecret, welcome: deps.welcome });
  if (deps.dashboard) registerDashboard(http, { db, config, store, clock, gate, ...deps.dashboard });
  return { gate };
}
