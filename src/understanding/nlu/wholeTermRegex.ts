// A search pattern for a term in normalized text. Latin letters and digits at the term's
// edge must not continue a longer word ("s3" is not in "s30", "park" not in "parking");
// Chinese has no word boundaries, so Han edges match anywhere.
export function wholeTermRegex(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const head = /^[a-z0-9]/.test(term) ? '(?<![a-z0-9])' : '';
  const tail = /[a-z0-9]$/.test(term) ? '(?![a-z0-9])' : '';
  return new RegExp(`${head}${escaped}${tail}`, 'g');
}
