// Reachability over the configured channels: each channel's own rule, and nothing on a
// channel that is not configured.
import { describe, expect, it } from 'vitest';
import { reachabilityOf, type Channel } from '../../src/core/channel.js';
import { canReachOnWechat } from '../../src/channels/wechat/createWechatChannel.js';

const channel = (name: Channel['name'], canReach: Channel['canReach']): Channel => ({
  name,
  sender: { send: async () => undefined },
  registerRoutes: () => undefined,
  canReach,
});

describe('reachabilityOf', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const reach = reachabilityOf([channel('web', () => true), channel('wechat', canReachOnWechat)]);

  it("asks the conversation's channel: WeChat within 48 hours of the customer's last message", () => {
    expect(reach({ channel: 'web', lastInboundAt: null }, now)).toBe(true);
    expect(reach({ channel: 'wechat', lastInboundAt: hoursAgo(47) }, now)).toBe(true);
    expect(reach({ channel: 'wechat', lastInboundAt: hoursAgo(49) }, now)).toBe(false);
    expect(reach({ channel: 'wechat', lastInboundAt: null }, now)).toBe(false);
  });

  it('cannot reach a conversation on a channel the store has not configured', () => {
    expect(reach({ channel: 'telegram', lastInboundAt: hoursAgo(1) }, now)).toBe(false);
  });
});
