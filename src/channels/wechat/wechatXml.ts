// The callback's XML in and out, with fast-xml-parser. Values stay strings (MsgId is a
// 64-bit number that a JS number would round); text fields go out as CDATA.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export type WechatFields = Record<string, string>;

const parser = new XMLParser({ parseTagValue: false, parseAttributeValue: false, ignoreAttributes: true, processEntities: false });
const builder = new XMLBuilder({ cdataPropName: '__cdata' });

/** The fields of `<xml>…</xml>`; throws on anything else (DOCTYPEs included: WeChat never sends one). */
export function parseWechatXml(body: string): WechatFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new Error('XML with a DOCTYPE is not accepted');
  const root = (parser.parse(body) as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new Error('not a WeChat <xml> message');
  // no prototype: a tag named __proto__ or constructor is just a field nobody reads
  const fields: WechatFields = Object.create(null) as WechatFields;
  for (const [k, v] of Object.entries(root)) if (typeof v === 'string') fields[k] = v;
  return fields;
}

/** A passive text reply (to = the customer's openid, from = the account's id). */
export function buildTextReply(to: string, from: string, createTime: number, content: string): string {
  return builder.build({
    xml: { ToUserName: { __cdata: to }, FromUserName: { __cdata: from }, CreateTime: createTime, MsgType: { __cdata: 'text' }, Content: { __cdata: content } },
  }) as string;
}

/** The safe-mode envelope around an encrypted reply. */
export function buildEncryptedReply(encrypt: string, msgSignature: string, timestamp: string, nonce: string): string {
  return builder.build({
    xml: { Encrypt: { __cdata: encrypt }, MsgSignature: { __cdata: msgSignature }, TimeStamp: timestamp, Nonce: { __cdata: nonce } },
  }) as string;
}
