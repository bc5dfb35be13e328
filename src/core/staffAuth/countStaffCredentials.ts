// Whether the store has left the demo: once any staff member has a password, the staff
// side of the web is sign-in only, on every address (demo sessions stop working).
import type { Db } from '../../store/createPrisma.js';

export function countStaffCredentials(db: Db, storeId: string): Promise<number> {
  return db.staff.count({ where: { storeId, active: true, passwordHash: { not: null } } });
}
