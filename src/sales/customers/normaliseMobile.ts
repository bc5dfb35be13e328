// A mainland mobile number as typed into a form ("138 1234 5678", "+86-13812345678") →
// its 11 digits, or null when it is not a valid mainland mobile.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export function normaliseMobile(input: string | null | undefined): string | null {
  const written = (input ?? '').normalize('NFKC').trim();
  if (!/^(?:\+?86[\s-]?)?[\d\s-]{11,15}$/.test(written)) return null;
  const parsed = parsePhoneNumberFromString(written, 'CN');
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return /^1[3-9]\d{9}$/.test(parsed.nationalNumber) ? parsed.nationalNumber : null;
}
