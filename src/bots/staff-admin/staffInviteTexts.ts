// What the invite command says, in both languages.
import type { Bilingual } from '../../core/i18n.js';

export const INVITE = {
  usage: {
    zh: '用法：/invite <员工编号或姓名>，例如 /invite st-03。我会把一次性登录链接私信发给该员工，用于设置网页端（聊天员工端、销售看板）的密码。',
    en: 'Usage: /invite <staff id or name>, e.g. /invite st-03. I send that person a one-time link by direct message to set their password for the web (the chat’s staff side and the dashboard).',
  },
  notAllowed: { zh: '只有店总可以邀请员工设置网页登录。', en: 'Only the store manager invites staff to set a web sign-in.' },
  noPublicUrl: {
    zh: '还不能发送链接：服务器未设置 PUBLIC_URL，员工在手机上打不开。请设置 PUBLIC_URL，或在服务器上运行 dealerbot staff invite {id} 打印链接。',
    en: 'I can’t send a link yet: PUBLIC_URL is not set on the server, so the link would not open on a phone. Set PUBLIC_URL, or run `dealerbot staff invite {id}` on the server to print one.',
  },
  unknown: { zh: '没有找到员工“{who}”。请用员工编号，例如 st-03。', en: 'No staff member “{who}”. Use their staff id, e.g. st-03.' },
  ambiguous: { zh: '“{who}”对应多位员工：{list}。请用员工编号。', en: '“{who}” matches several people: {list}. Use the staff id.' },
  unreachable: {
    zh: '{name} 还没有关联 Slack，无法私信。请在服务器上运行 dealerbot staff invite {id} 打印链接，再当面交给 TA。',
    en: '{name} has no linked Slack account to DM. Run `dealerbot staff invite {id}` on the server and hand them the link in person.',
  },
  sent: {
    zh: '已私信 {name} 一次性登录链接（{hours} 小时内有效，只能使用一次；之前未使用的链接已作废）。',
    en: 'Sent {name} a one-time sign-in link by direct message (valid {hours} h, once; any earlier unused link no longer works).',
  },
  message: {
    zh: '{manager} 邀请您使用 dealerbot 网页端（聊天员工端、销售看板）。请打开下面的链接设置密码，{hours} 小时内有效，只能使用一次，请勿转发：\n{link}',
    en: '{manager} invites you to dealerbot on the web (the chat’s staff side and the dashboard). Open this link to set your password; it works once, for {hours} hours. Do not forward it:\n{link}',
  },
} satisfies Record<string, Bilingual>;
