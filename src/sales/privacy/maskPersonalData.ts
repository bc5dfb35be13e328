// Personal data as staff lists show it by default (PIPL): enough to recognise a customer,
// not enough to copy their number.
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '—';
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskName(name: string | null | undefined): string {
  if (!name) return '—';
  const trimmed = name.trim();
  if (/^[\p{Script=Han}]+$/u.test(trimmed)) return trimmed[0] + '*'.repeat(Math.max(1, [...trimmed].length - 1));
  return trimmed
    .split(/\s+/)
    .map((w) => w[0] + '*'.repeat(Math.max(1, w.length - 1)))
    .join(' ');
}
