// Finding a customer within the staff member's scope by part of the name or of the phone
// (4+ digits); the last four digits match exactly first.
import type { Customer, Prisma, Staff } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { customerScope, type ScopedStaff } from '../staffAccess.js';

export type FoundCustomer = Customer & { owner: Staff | null };

export async function findCustomers(db: Db, args: { staff: ScopedStaff; query: string; limit?: number }): Promise<FoundCustomer[]> {
  const q = args.query.normalize('NFKC').trim();
  if (!q) return [];
  const digits = q.replace(/[\s-]/g, '');
  const limit = args.limit ?? 8;
  const scope = customerScope(args.staff);
  let match: Prisma.CustomerWhereInput;
  if (/^\+?\d+$/.test(digits)) {
    if (digits.replace(/^\+?86(?=1\d{10}$)/, '').length < 4) return [];
    const d = digits.replace(/^\+?86(?=1\d{10}$)/, '');
    match = { phone: { contains: d } };
    const tail =
      d.length === 4
        ? await db.customer.findMany({
            where: { AND: [scope, { phone: { endsWith: d } }] },
            include: { owner: true },
            take: limit,
            orderBy: { updatedAt: 'desc' },
          })
        : [];
    const rest = await db.customer.findMany({
      where: { AND: [scope, match, { id: { notIn: tail.map((c) => c.id) } }] },
      include: { owner: true },
      take: limit,
      orderBy: { updatedAt: 'desc' },
    });
    return [...tail, ...rest].slice(0, limit);
  }
  match = { name: { contains: q } };
  const found = await db.customer.findMany({ where: { AND: [scope, match] }, include: { owner: true }, take: limit, orderBy: { updatedAt: 'desc' } });
  // an exact name first
  return found.sort((a, b) => Number(b.name === q) - Number(a.name === q));
}
