// Recognises Prisma's unique-constraint violation, which the core uses on purpose for
// idempotency (inbound dedupe, outbox keys, job slots, bookings).
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}
