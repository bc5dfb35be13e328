// WeChat's callback signatures and "safe mode" message encryption (the same scheme for the
// Official Account and WeCom), with node:crypto. Checked against the official samples.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32; // WeChat pads to 32 bytes, not AES's 16

function sha1OfSorted(parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** The URL-check and plain-mode signature: sha1 of the sorted token, timestamp and nonce. */
export function signature(token: string, timestamp: string, nonce: string): string {
  return sha1OfSorted([token, timestamp, nonce]);
}

/** The safe-mode signature, which also covers the Encrypt field. */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sha1OfSorted([token, timestamp, nonce, encrypt]);
}

/** Compares a received signature with the expected one without leaking where they differ. */
export function signaturesMatch(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyOf(aesKey43: string): Buffer {
  const key = Buffer.from(`${aesKey43}=`, 'base64');
  if (aesKey43.length !== 43 || key.length !== 32) throw new Error('EncodingAESKey must be 43 base64 characters (32 bytes)');
  return key;
}

/** Decrypts an Encrypt field; throws when the key, padding or appid do not fit. */
export function decryptMessage(encrypt: string, aesKey43: string, expectedAppId?: string): { xml: string; appId: string } {
  const key = keyOf(aesKey43);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const pad = padded.length ? padded[padded.length - 1] : 0;
  if (pad < 1 || pad > BLOCK || pad > padded.length) throw new Error('bad padding in the decrypted message');
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new Error('decrypted message too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new Error('bad length in the decrypted message');
  const xml = plain.subarray(20, 20 + length).toString('utf8');
  const appId = plain.subarray(20 + length).toString('utf8');
  if (expectedAppId !== undefined && appId !== expectedAppId) throw new Error('the decrypted message is for another appid');
  return { xml, appId };
}

/** Encrypts a reply; `random16` is only fixed by tests (the official sample uses one). */
export function encryptMessage(xml: string, aesKey43: string, appId: string, random16: Buffer = randomBytes(16)): string {
  const key = keyOf(aesKey43);
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random16, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
