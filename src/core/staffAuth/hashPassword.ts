// Staff passwords are stored as scrypt hashes (memory-hard, in node:crypto, so no native
// dependency): `scrypt$N$r$p$salt$hash`, base64url, so parameters can grow later and old
// hashes still verify. scrypt runs on libuv's thread pool, not the event loop.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** 2^15 × 8 × 128 B = 32 MiB per hash, about 60-100 ms on the 2-core machines here. */
const PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
// Node refuses N·r·128 above maxmem (32 MiB by default): leave room for the parameters above.
const MAX_MEM = 64 * 1024 * 1024;

export const PASSWORD_MIN_CHARS = 10;
/** A cap keeps one request from making scrypt hash megabytes. */
export const PASSWORD_MAX_CHARS = 200;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: MAX_MEM };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when the password matches the stored hash; false for a malformed hash too. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so a wrong name costs as long as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(randomBytes(12).toString('base64url')));
}

/** Why a new password is refused, or null. Length is what matters; rules about symbols mostly produce "Password1!". */
export function passwordProblem(password: string): 'too_short' | 'too_long' | 'too_simple' | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_CHARS) return 'too_short';
  if (chars.length > PASSWORD_MAX_CHARS) return 'too_long';
  if (new Set(chars).size < 4) return 'too_simple';
  return null;
}
