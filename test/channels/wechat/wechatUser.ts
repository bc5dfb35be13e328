// Sends callbacks to a test app's /wechat exactly as WeChat does: signed for the app
// clock's now with a new nonce, and in safe mode encrypted with msg_signature; reads the
// passive answers back (decrypting them). A signed request can be sent again (a replay).
import { decryptMessage, encryptMessage, msgSignature, signature } from '../../../src/channels/wechat/wechatCrypto.js';
import { parseWechatXml } from '../../../src/channels/wechat/wechatXml.js';
import type { Dealerbot } from '../../../src/app.js';
import type { TestApp } from '../../helpers/testApp.js';

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

// CreateTime only tells WeChat's retries of an event apart (the dedupe key); it is never
// checked against the clock, so a counter keeps each built message distinct.
let createTimes = 1_733_192_100;
let nonces = 100_000;

export function textXml(openid: string, content: string, msgId: string, createTime = ++createTimes): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
}

export function eventXml(openid: string, event: string, eventKey = '', createTime = ++createTimes): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${eventKey}]]></EventKey></xml>`;
}

export interface SignOptions {
  /** Seconds since the epoch that the request is signed for (default: the app clock's now). */
  timestamp?: number;
  /** Default: a new one per request, as WeChat sends. */
  nonce?: string;
  /** Forge the signature (a stranger without the token). */
  signature?: boolean;
  /** Forge msg_signature while the plain signature stays right. */
  msgSignature?: boolean;
  /** 兼容模式: the encrypted request also carries the plain fields in its body. */
  compatible?: boolean;
}

/** A callback request as WeChat sends it; send it as often as a test likes (a replay). */
export interface WechatRequest {
  url: string;
  payload: string;
}

/** The current second of the test app's clock, as WeChat would stamp a request now. */
export function nowSeconds(h: TestApp): number {
  return Math.floor(h.clock.now().getTime() / 1000);
}

export function signCallback(ep: WechatEndpoint, xml: string, timestamp: number, opts: SignOptions = {}): WechatRequest {
  const ts = String(timestamp);
  const nonce = opts.nonce ?? String(++nonces);
  const q = new URLSearchParams({ signature: signature(opts.signature ? 'not-the-token' : ep.token, ts, nonce), timestamp: ts, nonce, openid: 'ignored' });
  let payload = xml;
  if (ep.aesKey) {
    const encrypt = encryptMessage(xml, ep.aesKey, ep.appId);
    const plainFields = opts.compatible ? xml.replace(/^<xml>|<\/xml>$/g, '') : `<ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName>`;
    payload = `<xml>${plainFields}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    q.set('encrypt_type', 'aes');
    q.set('msg_signature', msgSignature(opts.msgSignature ? 'not-the-token' : ep.token, ts, nonce, encrypt));
  }
  return { url: `/wechat?${q}`, payload };
}

/** The URL check WeChat sends when the server address is saved in the console. */
export function urlCheck(token: string, timestamp: number, nonce: string, echostr: string): string {
  const ts = String(timestamp);
  return `/wechat?${new URLSearchParams({ signature: signature(token, ts, nonce), timestamp: ts, nonce, echostr })}`;
}

export async function sendCallback(app: Dealerbot, ep: WechatEndpoint, req: WechatRequest): Promise<CallbackResult> {
  const res = await app.http.inject({ method: 'POST', url: req.url, headers: { 'content-type': 'text/xml' }, payload: req.payload });
  return { status: res.statusCode, body: res.body, text: res.statusCode === 200 ? passiveText(ep, res.body) : undefined };
}

/** Signs (for now, unless told) and sends a callback. */
export async function postCallback(h: TestApp, ep: WechatEndpoint, xml: string, opts: SignOptions = {}): Promise<CallbackResult> {
  return sendCallback(h.app, ep, signCallback(ep, xml, opts.timestamp ?? nowSeconds(h), opts));
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
