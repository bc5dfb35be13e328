// The whole service with Slack pointed at a fake Web API on 127.0.0.1, the demo store,
// and Slack users linked to demo staff by the e-mail of their profile: what the Slack
// end-to-end tests (staff desk, coach, practice) start from.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { insertDemoStore } from './demoStore.js';
import { startFakeSlack, type FakeSlack } from './fakeSlack.js';
import { slackRequests } from './slackRequests.js';
import { createTestApp, type TestApp } from './testApp.js';

export interface SlackDesk {
  h: TestApp;
  fake: FakeSlack;
  req: ReturnType<typeof slackRequests>;
  /** Posts a signed request and waits for the work it started (the ack comes first). */
  inject(r: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startSlackDesk(o: { now: string; secret: string; users: Record<string, string>; env?: Record<string, string> }): Promise<SlackDesk> {
  const fake = await startFakeSlack();
  const h = await createTestApp({
    now: o.now,
    env: { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: o.secret, SLACK_API_URL: fake.apiUrl, ...o.env },
    prepare: async (t) => void (await insertDemoStore(t.db)),
  });
  for (const [slackUser, staffId] of Object.entries(o.users)) {
    fake.emails.set(slackUser, (await h.t.db.staff.findUniqueOrThrow({ where: { id: staffId } })).email!);
  }
  return {
    h,
    fake,
    req: slackRequests(o.secret, h.clock),
    async inject(r) {
      const res = await h.app.http.inject(r);
      await h.app.slack!.idle();
      return res;
    },
    async close() {
      await h.close();
      await fake.close();
    },
  };
}
