// The customer a coaching request is about, when the staff member names one: a customer
// id (c-000123 or a cuid), a mobile number or its last four digits (尾号1234, "ending
// 1234"), or a name ("@王伟", "客户王伟说…", "王伟说…", "Customer Li Wei says…",
// "Li Wei says…"). Only customers in the staff member's scope are found (staffAccess's
// customerScope via findCustomers; an id outside it is refused and audited by
// loadCustomerInScope); a name matching several customers names none.
import type { Customer } from '../../generated/prisma/client.js';
import { findCustomers } from '../../sales/customers/customerSearch.js';
import { loadCustomerInScope, type ScopedStaff } from '../../sales/staffAccess.js';
import type { Db } from '../../store/createPrisma.js';

export interface CustomerBrief {
  id: string;
  name: string | null;
  gender: string | null;
  grade: string;
  intendedModelId: string | null;
  /** the latest interactions, newest first */
  lastInteractions: { type: string; at: Date; modelId: string | null }[];
}

export interface CustomerRef {
  kind: 'id' | 'phone' | 'name';
  value: string;
  /** named on purpose (an id, a phone, "@name", "客户X说"): a miss is worth saying */
  explicit: boolean;
}

const ID = /(?<![\w-])(c-\d{4,}|c[a-z0-9]{24})(?![\w-])/;
const MOBILE = /(?<!\d)(?:\+?86)?(1\d{10})(?!\d)/;
const TAIL = /(?:尾号|后四位|ending(?: in)?|last four(?: digits)?)\s*[:：]?\s*(\d{4})(?!\d)/i;
const HAN_NAME = '[\\p{Script=Han}]{2,4}?';
const SAYS_ZH = '(?:先生|女士|小姐|老师|总)?\\s*(?:说|觉得|嫌|认为|表示|问|讲|提到)';
const NAME_PATTERNS: RegExp[] = [
  /^[\s/]*(?:coach\s+)?@([^\s@:：,，]{2,20})/iu,
  new RegExp(`客户\\s*[:：]?\\s*(${HAN_NAME})${SAYS_ZH}`, 'u'),
  new RegExp(`^\\s*(${HAN_NAME})${SAYS_ZH}`, 'u'),
  /\bcustomer\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:says|said|thinks|feels|finds|told me)\b/,
  /^\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:says|said|thinks|feels|finds|told me)\b/,
];
/** the @name, 客户X说 and "customer X says" forms name a customer on purpose */
const EXPLICIT_PATTERNS = new Set([0, 1, 3]);
/** pronouns and kin a bare "X说" catches: 我老婆说, 他爸说 */
const NOT_A_NAME = /^[我你您他她它这那咱俺人大家]|老婆|老公|媳妇|爸|妈|朋友|家里|同事|领导|对象/u;
/** words a name pattern may catch that are no names */
const NOT_NAMES = new Set(['客户', '顾客', '他们', '她们', '我们', '对方', '老婆', '老公', '家里', '朋友', 'customer', 'the customer', 'he', 'she', 'they']);

/** What in the text names a customer, if anything. */
export function findCustomerRef(text: string): CustomerRef | null {
  const id = text.match(ID);
  if (id) return { kind: 'id', value: id[1], explicit: true };
  const mobile = text.match(MOBILE);
  if (mobile) return { kind: 'phone', value: mobile[1], explicit: true };
  const tail = text.match(TAIL);
  if (tail) return { kind: 'phone', value: tail[1], explicit: true };
  for (const [i, pattern] of NAME_PATTERNS.entries()) {
    const m = text.match(pattern);
    const name = m?.[1]?.trim();
    if (name && !NOT_NAMES.has(name.toLowerCase()) && !NOT_A_NAME.test(name)) return { kind: 'name', value: name, explicit: EXPLICIT_PATTERNS.has(i) };
  }
  return null;
}

export type CustomerLookup = { status: 'found'; customer: CustomerBrief } | { status: 'none' | 'ambiguous' | 'not_visible'; ref: CustomerRef };

export async function lookUpCustomer(
  db: Db,
  args: { staff: ScopedStaff; ref: CustomerRef; now: Date; log?: { warn(obj: object, msg: string): void } },
): Promise<CustomerLookup> {
  const { staff, ref } = args;
  let customer: Customer | null = null;
  if (ref.kind === 'id') {
    const exists = (await db.customer.count({ where: { id: ref.value, storeId: staff.storeId } })) > 0;
    if (!exists) return { status: 'none', ref };
    customer = await loadCustomerInScope(db, { staff, customerId: ref.value, action: 'coach', now: args.now, log: args.log });
    if (!customer) return { status: 'not_visible', ref };
  } else {
    const found = await findCustomers(db, { staff, query: ref.value, limit: 5 });
    const exact = found.filter((c) => c.name === ref.value);
    const pick = exact.length === 1 ? exact : found;
    if (pick.length === 0) return { status: 'none', ref };
    if (pick.length > 1) return { status: 'ambiguous', ref };
    customer = pick[0];
  }
  if (customer.anonymisedAt) return { status: 'none', ref };
  const interactions = await db.interaction.findMany({ where: { customerId: customer.id }, orderBy: { occurredAt: 'desc' }, take: 3 });
  return {
    status: 'found',
    customer: {
      id: customer.id,
      name: customer.name,
      gender: customer.gender,
      grade: customer.grade,
      intendedModelId: customer.intendedModelId,
      lastInteractions: interactions.map((i) => ({ type: i.type, at: i.occurredAt, modelId: i.modelId })),
    },
  };
}
