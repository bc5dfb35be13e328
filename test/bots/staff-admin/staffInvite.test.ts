// The store manager sends a staff member their one-time web sign-in link by Slack DM: the
// link reaches only the invitee, works once, and no copy of it stays in the outbox.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/core/message.js';
import { OutboxWorker } from '../../../src/core/outbox.js';
import { acceptStaffInvite } from '../../../src/core/staffAuth/staffInvites.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { startStaffChat, textOf, type StaffChat } from '../../helpers/staffChat.js';

const NOW = '2026-12-03T02:15:00Z';

describe('/invite: the store manager sends a web sign-in link by DM', () => {
  let c: StaffChat;
  afterEach(async () => c?.close());

  it('DMs the invitee a one-time link that sets their password, and tells the manager without the link', async () => {
    c = await startStaffChat({ now: NOW, staff: ['01', '03'], publicUrl: 'https://chat.example.com' });
    const reply = await c.say('U01', '邀请员工 林晓雯');
    expect(textOf(reply)).toContain('已私信 林晓雯 一次性登录链接');
    expect(textOf(reply)).not.toContain('https://');
    const [dm] = await c.outbox('U03');
    const message = dm.payload as unknown as OutboundMessage;
    expect(message.sensitive).toBe(true);
    const link = message.text.match(/https:\/\/chat\.example\.com\/staff\/invite#([A-Za-z0-9_-]{43})/);
    expect(link, message.text).not.toBeNull();
    expect(message.text).toContain('周立明 邀请您使用 dealerbot 网页端'); // in the invitee's first language, naming who sent it
    // nothing of the link in the manager's own transcript
    expect(JSON.stringify(await c.t.db.chatMessage.findMany())).not.toContain(link![1]);

    // once delivered, the outbox keeps no copy of the token
    const sent: string[] = [];
    const worker = new OutboxWorker({
      db: c.t.db,
      clock: c.clock,
      log: silentLogger,
      senders: { slack: { send: async ({ message: m }) => void sent.push(m.text) } },
    });
    await worker.tick();
    expect(sent[0]).toContain(link![1]);
    const after = await c.t.db.outboxMessage.findUniqueOrThrow({ where: { id: dm.id } });
    expect(JSON.stringify(after.payload)).not.toContain(link![1]);
    expect((after.payload as unknown as OutboundMessage).text).toContain('/staff/invite#…');

    const accepted = await acceptStaffInvite(c.t.db, { token: link![1], password: 'correct horse battery', now: c.clock.now() });
    expect(accepted).toMatchObject({ ok: true, staff: { id: 'st-03' } });
    const audit = await c.t.db.auditLog.findFirstOrThrow({ where: { action: 'staff.invite' } });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: 'st-01', subjectId: 'st-03' });
  });

  it('is the store manager’s alone, needs PUBLIC_URL, and a linked invitee', async () => {
    c = await startStaffChat({ now: NOW, staff: ['01', '02', '03'], publicUrl: 'https://chat.example.com' });
    expect(textOf(await c.say('U02', '/invite st-03'))).toContain('只有店总可以邀请');
    expect(textOf(await c.say('U01', 'invite staff'))).toMatch(/^Usage: \/invite <staff id or name>/);
    // how staff talk about customers is not a command
    expect(textOf(await c.say('U01', '邀请王先生周六到店试驾'))).not.toContain('没有找到员工');
    expect(textOf(await c.say('U01', '/invite 无此人'))).toContain('没有找到员工');
    // st-05 has no Slack link here: no invite is left behind that nobody can receive
    expect(textOf(await c.say('U01', '/invite st-05'))).toContain('dealerbot staff invite st-05');
    const left = await c.t.db.staffInvite.findMany({ where: { staffId: 'st-05' } });
    expect(left.every((i) => i.expiresAt <= c.clock.now())).toBe(true);
    expect(await c.outbox('U02')).toHaveLength(0);
    await c.close();

    c = await startStaffChat({ now: NOW, staff: ['01', '03'] });
    expect(textOf(await c.say('U01', '/invite st-03'))).toContain('PUBLIC_URL');
    expect(await c.t.db.staffInvite.count()).toBe(0);
  });
});
