// What a log line may say about an error nobody expected: its name, code, a masked and
// shortened message, and where it was thrown. An unexpected error's message can carry
// what the code was working on (JSON.parse quotes its input, a driver may quote a row),
// so quoted text, Han characters (names), e-mail addresses and long digit runs (phones,
// ID numbers) are replaced before the line is written.
import { maskPhonesInText } from './logger.js';

/** Field names a log line can carry as they are (the logger hides any field called `name`). */
interface ErrorDescription {
  errorName: string;
  errorCode?: string;
  errorMessage: string;
  /** the stack's frames only (its first line repeats the message) */
  stack?: string;
}

const MAX_MESSAGE = 200;
const MAX_FRAMES = 8;

/** Masks what could name a person in an error message. Identifiers in quotes (a field name) stay. */
export function maskErrorMessage(message: string): string {
  const masked = maskPhonesInText(message)
    .replace(/(["'`])((?:(?!\1)[^\\\n]|\\.)*)\1/g, (whole, _q: string, inner: string) => (/^[\w.$-]{0,40}$/.test(inner) ? whole : '"…"'))
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '…@…')
    .replace(/\p{Script=Han}+/gu, '…')
    .replace(/\d{7,}[\dXx]?/g, '…');
  return masked.length > MAX_MESSAGE ? `${masked.slice(0, MAX_MESSAGE)}…` : masked;
}

export function describeError(err: unknown): ErrorDescription {
  if (!(err instanceof Error)) {
    // a rejection with a plain value: say what kind of value, never the value itself
    return { errorName: err === null ? 'null' : typeof err, errorMessage: 'a value that is not an Error' };
  }
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, MAX_FRAMES)
    .map((l) => l.trim());
  return {
    errorName: err.name || 'Error',
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: String(code) } : {}),
    errorMessage: maskErrorMessage(String(err.message ?? '')),
    ...(frames.length ? { stack: frames.join('\n') } : {}),
  };
}
