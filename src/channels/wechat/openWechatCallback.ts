// A verified callback's body: the mode policy (safe mode only once an EncodingAESKey is
// set, unless the migration switch is on), then msg_signature and decryption in safe
// mode. Reads nothing but its arguments and writes nothing, so a refusal changes nothing.
import type { Config } from '../../infra/config.js';
import type { WechatQuery } from './verifyWechatQuery.js';
import { decryptMessage, msgSignature, signaturesMatch } from './wechatCrypto.js';
import type { WechatRefusal } from './wechatRefusals.js';
import { parseWechatXml, type WechatFields } from './wechatXml.js';

/** The decrypted callback and, in safe mode, the key and appid to encrypt the answer with. */
export interface OpenedCallback {
  fields: WechatFields;
  safe?: { aesKey: string; appId: string };
}

type OpenVerdict = { ok: true; opened: OpenedCallback } | { ok: false; refusal: WechatRefusal };

type Keys = Pick<NonNullable<Config['wechat']>, 'token' | 'appId' | 'encodingAesKey' | 'previousAesKey' | 'acceptPlain'>;

/** `timestamp` and `nonce` are the ones verifyWechatQuery accepted. */
export function openWechatCallback(q: WechatQuery, signed: { timestamp: string; nonce: string }, body: string, keys: Keys): OpenVerdict {
  const encrypted = q.encrypt_type === 'aes'; // 兼容模式 sends this too, with both plain and encrypted fields
  // Plain mode signs only the query, not the body: with a key set, a plain request is
  // refused before its body is even read, or a logged query string would carry any body.
  if (!encrypted && keys.encodingAesKey && !keys.acceptPlain) return { ok: false, refusal: 'plain_refused' };
  if (encrypted && !keys.encodingAesKey) return { ok: false, refusal: 'not_encrypted_here' };
  let outer: WechatFields;
  try {
    outer = parseWechatXml(body);
  } catch {
    return { ok: false, refusal: 'not_xml' };
  }
  if (!encrypted) return { ok: true, opened: { fields: outer } };
  if (!outer.Encrypt) return { ok: false, refusal: 'not_xml' };
  const given = typeof q.msg_signature === 'string' ? q.msg_signature : undefined;
  if (!signaturesMatch(given, msgSignature(keys.token, signed.timestamp, signed.nonce, outer.Encrypt))) return { ok: false, refusal: 'bad_msg_signature' };
  // during a key rotation WeChat may still send (or retry) with the previous key
  for (const aesKey of [keys.encodingAesKey, keys.previousAesKey]) {
    if (!aesKey) continue;
    try {
      const { xml, appId } = decryptMessage(outer.Encrypt, aesKey, keys.appId);
      return { ok: true, opened: { fields: parseWechatXml(xml), safe: { aesKey, appId } } };
    } catch {
      // try the next key
    }
  }
  return { ok: false, refusal: 'undecryptable' };
}
