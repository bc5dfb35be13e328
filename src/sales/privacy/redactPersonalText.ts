// Free text about an erased customer that sits in rows which are not theirs (a staff
// member's transcript, a manager's list of overdue follow-ups): their name and phone are
// cut out where they appear, and whatever opens their record is dropped. Pure functions;
// the rows are chosen by the callers.

/** What replaces a whole message, note or complaint about an erased customer (staff may read it). */
export const ERASED_TEXT = '［已应客户要求删除 / deleted at the customer’s request］';
/** What replaces their name or phone inside a longer text. */
export const REDACTED_WORD = '［已删除 / deleted］';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A phone's digits as people write them: any spacing, dots or dashes between digits, a +86 in front. */
export function phoneRegexSource(digits: string): string {
  return `(?:\\+?86[\\s-]*)?${[...digits].join('[\\s.·-]*')}`;
}

/** One pattern for all the words and phones, the phones (the widest) first, then the words longest first. */
function personalPattern(words: string[], phones: string[]): RegExp | null {
  const parts = [
    ...phones.filter(Boolean).map(phoneRegexSource),
    ...words
      .filter(Boolean)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp),
  ];
  return parts.length ? new RegExp(parts.join('|'), 'giu') : null;
}

/**
 * The value with every occurrence of the words, and of the phones however spaced, in its
 * strings (at any depth, keys untouched) replaced.
 */
export function redactWords<T>(value: T, words: string[], phones: string[] = []): { value: T; changed: boolean } {
  const pattern = personalPattern(words, phones);
  if (!pattern) return { value, changed: false };
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const out = v.replace(pattern, REDACTED_WORD);
      if (out !== v) changed = true;
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value) as T;
  return { value: out, changed };
}

/** True when the text (a key, or a payload as JSON) names one of the ids. */
export function mentionsAny(text: string | null | undefined, ids: string[]): boolean {
  return !!text && ids.some((id) => text.includes(id));
}

/**
 * Whether a message acts on other people than these (crm:open:<customer>, handoff:take:<chat>
 * buttons for ids not in `ownIds`): a list about several (a nudge, an escalation, the
 * handoff queue) is redacted, not erased, so the others stay in it.
 */
export function actsOnOthers(value: unknown, ownIds: string[]): boolean {
  for (const m of JSON.stringify(value ?? null).matchAll(/(?:crm:open|handoff:take):([\w-]+)/g)) if (!ownIds.includes(m[1])) return true;
  return false;
}

/** The message without the buttons that act on one of the ids, and without a form about one of them. */
export function withoutActionsFor<T>(value: T, ids: string[]): { value: T; changed: boolean } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { value, changed: false };
  const m = { ...(value as Record<string, unknown>) };
  let changed = false;
  if (Array.isArray(m.buttons)) {
    const kept = m.buttons.filter((b) => !mentionsAny(JSON.stringify(b), ids));
    if (kept.length !== m.buttons.length) {
      changed = true;
      if (kept.length) m.buttons = kept;
      else delete m.buttons;
    }
  }
  const form = m.form as { meta?: unknown } | undefined;
  if (form && typeof form.meta === 'string' && mentionsAny(form.meta, ids)) {
    delete m.form;
    changed = true;
  }
  return { value: m as T, changed };
}

/** Both: the buttons and forms about the customer dropped, their name and phone cut out. */
export function redactMentions<T>(value: T, args: { words: string[]; phones?: string[]; ids: string[] }): { value: T; changed: boolean } {
  const a = withoutActionsFor(value, args.ids);
  const b = redactWords(a.value, args.words, args.phones);
  return { value: b.value, changed: a.changed || b.changed };
}
