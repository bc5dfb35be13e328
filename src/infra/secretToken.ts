// Random tokens for cookies and links, and the one-way form the store keeps of them:
// the database holds SHA-256 digests only, so a copy of it opens no session or invite.
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
