// A WeChat callback (already verified and decrypted) as the channel-neutral InboundMessage.
import type { InboundMessage } from '../../core/message.js';
import { resolveNumberedChoice } from '../../core/numberedChoice.js';
import type { Db } from '../../store/createPrisma.js';
import type { WechatFields } from './wechatXml.js';

// Media the bots cannot read still deserve an answer, so they arrive as a short text.
// A Map, not an object: MsgType comes from the request ("constructor" found a function).
const PLACEHOLDERS = new Map<string, string>([
  ['image', '[图片]'],
  ['voice', '[语音]'],
  ['video', '[视频]'],
  ['shortvideo', '[视频]'],
  ['location', '[位置]'],
  ['link', '[链接]'],
  ['file', '[文件]'],
]);

/** The message, or null for callbacks nobody answers (unsubscribe, menu links, location reports). */
export async function toInboundMessage(db: Db, f: WechatFields, at: Date): Promise<InboundMessage | null> {
  const openid = f.FromUserName;
  if (!openid || !f.MsgType) return null;
  const base = { channel: 'wechat', chatId: openid, userId: openid, side: 'customer', at } as const;

  if (f.MsgType === 'event') {
    // events carry no MsgId; WeChat's retries repeat FromUserName and CreateTime
    const eventId = `${openid}:${f.CreateTime}:${f.Event}`;
    const event = f.Event?.toLowerCase();
    if (event === 'subscribe') {
      return { ...base, eventId, kind: 'command', command: { name: 'start', args: (f.EventKey ?? '').replace(/^qrscene_/, '') } };
    }
    if (event === 'click' && f.EventKey) return { ...base, eventId, kind: 'button', action: f.EventKey };
    return null;
  }

  if (!f.MsgId) return null;
  const eventId = f.MsgId;
  const text =
    f.MsgType === 'text' ? (f.Content ?? '').trim() : f.MsgType === 'voice' && f.Recognition ? f.Recognition.trim() : (PLACEHOLDERS.get(f.MsgType) ?? '[消息]');
  if (!text) return null;
  const chosen = f.MsgType === 'text' ? await resolveNumberedChoice(db, 'wechat', openid, text) : null;
  if (chosen) return { ...base, eventId, kind: 'button', action: chosen };
  return { ...base, eventId, kind: 'text', text };
}
