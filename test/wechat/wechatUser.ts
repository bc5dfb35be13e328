// Sends callbacks to a test app's /wechat exactly as WeChat does: signed, and in safe
// mode encrypted with msg_signature; reads the passive answers back (decrypting them).
import { decryptMessage, encryptMessage, msgSignature, signature } from '../../src/channels/wechat/wechatCrypto.js';
import { parseWechatXml } from '../../src/channels/wechat/wechatXml.js';
import type { TestApp } from '../helpers/testApp.js';

export const ACCOUNT_ID = 'gh_dealerbot01';

export interface WechatEndpoint {
  token: string;
  appId: string;
  /** Encrypt with this EncodingAESKey (safe mode); plain mode without it. */
  aesKey?: string;
}

export interface CallbackResult {
  status: number;
  body: string;
  /** The passive answer's text (decrypted and checked in safe mode), if it is one. */
  text?: string;
}

let timestamps = 1_733_192_100;

export function textXml(openid: string, content: string, msgId: string, createTime = timestamps): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
}

export function eventXml(openid: string, event: string, eventKey = '', createTime = timestamps): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${eventKey}]]></EventKey></xml>`;
}

export async function postCallback(
  h: TestApp,
  ep: WechatEndpoint,
  xml: string,
  tamper: { signature?: boolean; msgSignature?: boolean } = {},
): Promise<CallbackResult> {
  const timestamp = String(++timestamps);
  const nonce = String(100000 + (timestamps % 900000));
  const q = new URLSearchParams({ signature: signature(ep.token, timestamp, nonce), timestamp, nonce, openid: 'ignored' });
  if (tamper.signature) q.set('signature', signature('not-the-token', timestamp, nonce));
  let body = xml;
  if (ep.aesKey) {
    const encrypt = encryptMessage(xml, ep.aesKey, ep.appId);
    body = `<xml><ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    q.set('encrypt_type', 'aes');
    q.set('msg_signature', msgSignature(tamper.msgSignature ? 'not-the-token' : ep.token, timestamp, nonce, encrypt));
  }
  const res = await h.app.http.inject({ method: 'POST', url: `/wechat?${q}`, headers: { 'content-type': 'text/xml' }, payload: body });
  return { status: res.statusCode, body: res.body, text: res.statusCode === 200 ? passiveText(ep, res.body) : undefined };
}

function passiveText(ep: WechatEndpoint, body: string): string | undefined {
  if (!body.startsWith('<xml>')) return undefined;
  let fields = parseWechatXml(body);
  if (fields.Encrypt) {
    if (fields.MsgSignature !== msgSignature(ep.token, fields.TimeStamp, fields.Nonce, fields.Encrypt)) throw new Error('the reply has a bad MsgSignature');
    const { xml, appId } = decryptMessage(fields.Encrypt, ep.aesKey!);
    if (appId !== ep.appId) throw new Error(`the reply is encrypted for ${appId}`);
    fields = parseWechatXml(xml);
  }
  if (fields.MsgType !== 'text' || fields.FromUserName !== ACCOUNT_ID) throw new Error(`unexpected reply ${body}`);
  return fields.Content;
}
