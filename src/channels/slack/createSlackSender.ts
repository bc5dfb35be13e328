// The outbox's Slack sender: one chat.postMessage per message, into a user's app DM (a
// U… recipient), a channel, or a thread (`C…/ts`). A message that names a thread (an
// earlier outbox key) waits until that message is posted, so a reply never overtakes
// its root. The returned ref `channel/ts` is what later threads and replies hang off.
import type { webApi } from '@slack/bolt';
import type { Clock } from '../../infra/clock.js';
import { detectLang } from '../../core/detectLang.js';
import type { OutboundMessage } from '../../core/message.js';
import { SendError, type Sender } from '../../core/outbox.js';
import type { Db } from '../../store/createPrisma.js';
import { renderBlocks, truncate } from './renderBlocks.js';
import { toSlackSendError } from './toSlackSendError.js';

/** How long a thread reply waits, at least, for its root to be posted. */
export const THREAD_ROOT_WAIT_MS = 2000;

export function createSlackSender(o: { db: Db; clock: Clock; web: webApi.WebClient }): Sender {
  return {
    async send({ recipient, message }) {
      const [target, recipientThread] = splitRef(recipient);
      let channel = target;
      let threadTs = recipientThread;
      // a message addressed to a thread stays there; `thread` places one addressed to a channel or a DM
      if (message.thread && !recipientThread) {
        const root = await o.db.outboxMessage.findUnique({ where: { idempotencyKey: message.thread } });
        if (root?.sentRef) [channel, threadTs] = splitRef(root.sentRef);
        else if (root && (root.status === 'pending' || root.status === 'sending')) {
          // after the root's own next attempt, so a root in backoff is not overtaken either
          const rootDue = Math.max(root.nextAttemptAt.getTime(), root.leaseUntil?.getTime() ?? 0) - o.clock.now().getTime();
          throw new SendError('the thread root is not posted yet', { retryAfterMs: Math.max(THREAD_ROOT_WAIT_MS, rootDue + 1000) });
        }
        // a root that died or never existed: the reply still goes out, on its own
      }
      if (message.attachment) return uploadAttachment(o.web, message, channel, threadTs);
      const mentions = await resolveMentions(o.db, message);
      const { text, blocks } = renderBlocks(message, { mentions });
      try {
        const res = await o.web.chat.postMessage({ channel, text, blocks: blocks as never, ...(threadTs ? { thread_ts: threadTs } : {}) });
        return { ref: `${res.channel ?? channel}/${res.ts}` };
      } catch (err) {
        throw toSlackSendError(err);
      }
    },
  };
}

/**
 * A message with a file is uploaded, not posted: files.uploadV2 (files.getUploadURLExternal,
 * the bytes POSTed to the upload URL, files.completeUploadExternal into the channel or
 * thread) with the message's text as the file's comment. Anything else the message holds
 * (cards, buttons) belongs in a message of its own, so a failed upload retried by the
 * outbox never posts those twice.
 */
async function uploadAttachment(web: webApi.WebClient, message: OutboundMessage, channel: string, threadTs: string | undefined): Promise<{ ref?: string }> {
  const file = message.attachment!;
  try {
    await web.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(file.data, 'base64'),
      filename: file.filename,
      title: file.title ?? file.filename,
      alt_text: truncate(file.alt, 1000),
      ...(message.text ? { initial_comment: truncate(message.text, 4000) } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    } as webApi.FilesUploadV2Arguments);
  } catch (err) {
    throw toSlackSendError(err, 'files.uploadV2');
  }
  // the file itself has no ts of its own to thread under: a reply goes in the same thread
  return threadTs ? { ref: `${channel}/${threadTs}` } : {};
}

/** `C123/1700000000.000100` → channel and thread ts; a bare id has no thread. */
export function splitRef(ref: string): [string, string | undefined] {
  const i = ref.indexOf('/');
  return i < 0 ? [ref, undefined] : [ref.slice(0, i), ref.slice(i + 1)];
}

/** `<@U…>` for staff linked in Slack (Slack notifies them), otherwise their name in the message's language. */
export async function resolveMentions(db: Db, message: OutboundMessage): Promise<string[]> {
  if (!message.mentions?.length) return [];
  const staff = await db.staff.findMany({ where: { id: { in: message.mentions } }, include: { identities: { where: { channel: 'slack' } } } });
  const lang = detectLang(message.text, 'zh');
  return message.mentions.flatMap((id) => {
    const s = staff.find((x) => x.id === id);
    if (!s) return [];
    const slackUser = s.identities.find((i) => /^[UW][A-Z0-9]+$/.test(i.externalId));
    return [slackUser ? `<@${slackUser.externalId}>` : lang === 'en' ? s.nameEn : s.nameZh];
  });
}
