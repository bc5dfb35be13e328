// Every way a WeChat callback is refused, with its status and the short text the caller
// sees. The texts name no configuration, no person and no detail of the check that
// failed beyond what WeChat's own documentation names (signature, msg_signature).
export const WECHAT_REFUSALS = {
  /** signature, timestamp or nonce missing, or the signature is not the token's */
  bad_signature: { status: 401, message: 'bad signature' },
  /** the timestamp is more than WECHAT_MAX_SKEW_SECONDS from now, either way */
  stale: { status: 401, message: 'request expired' },
  /** the (timestamp, nonce) pair was used within the window: a replay, or a retry of a request being handled */
  replayed: { status: 409, message: 'request already received' },
  /** a plain-mode request while an EncodingAESKey is set (and the migration switch is off) */
  plain_refused: { status: 403, message: 'encrypted requests only' },
  /** an encrypted request, but no EncodingAESKey is set */
  not_encrypted_here: { status: 400, message: 'encrypted requests not accepted' },
  /** the body is not WeChat's XML, or an encrypted request has no Encrypt field */
  not_xml: { status: 400, message: 'not a WeChat message' },
  /** msg_signature does not cover this Encrypt field */
  bad_msg_signature: { status: 401, message: 'bad msg_signature' },
  /** no configured key decrypts it for our appid */
  undecryptable: { status: 400, message: 'message could not be decrypted' },
} as const satisfies Record<string, { status: number; message: string }>;

export type WechatRefusal = keyof typeof WECHAT_REFUSALS;
