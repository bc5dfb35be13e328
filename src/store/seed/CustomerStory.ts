// A customer's story while it is being simulated: the interactions it has left so far,
// the grade and the last contact. It refuses anything after `now` and remembers that it
// was cut there, which is what keeps recent leads open.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Simulation } from './createSimulation.js';

export type Grade = 'H' | 'A' | 'B' | 'C' | 'O' | 'F';

/** the open grades, coldest first */
export const OPEN_GRADES: Grade[] = ['C', 'B', 'A', 'H'];
/** follow up at least every n days (domain: H 1–2, A 3, B 7, C 14; O until delivery) */
export const CADENCE_DAYS: Record<Grade, number> = { H: 2, A: 3, B: 7, C: 14, O: 7, F: Infinity };

/** how a customer is followed up: calls when the phone is known, chats otherwise */
export interface Reach {
  type: string;
  channel: string;
}

export class CustomerStory {
  grade: Grade = 'C';
  lastContact = -Infinity;
  lastEvent = -Infinity;
  cut = false;

  constructor(
    private readonly sim: Simulation,
    readonly customerId: string,
    private readonly modelId: string | null,
  ) {}

  add(at: number, type: string, staffId: string | null, channel: string | null, detail?: Prisma.InputJsonObject): boolean {
    if (at > this.sim.cal.nowMinute) {
      this.cut = true;
      return false;
    }
    const occurredAt = this.sim.cal.toUtc(at);
    this.sim.interactions.push({
      at,
      row: {
        // numbered once all stories are told (see generateHistory); set here to come first
        id: '',
        storeId: this.sim.storeId,
        customerId: this.customerId,
        staffId,
        type,
        channel,
        modelId: this.modelId,
        occurredAt,
        detail,
        createdAt: occurredAt,
      },
    });
    if (type !== 'grade_change') this.lastContact = Math.max(this.lastContact, at);
    this.lastEvent = Math.max(this.lastEvent, at);
    return true;
  }

  /** a change of grade leaves a grade_change interaction */
  regrade(at: number, to: Grade, staffId: string | null): boolean {
    if (to === this.grade) return true;
    const from = this.grade;
    if (!this.add(at, 'grade_change', staffId, null, { from, to })) return false;
    this.grade = to;
    return true;
  }
}

export function raiseGrade(grade: Grade): Grade {
  const i = OPEN_GRADES.indexOf(grade);
  return i >= 0 && i < OPEN_GRADES.length - 1 ? OPEN_GRADES[i + 1] : grade;
}

export function lowerGrade(grade: Grade): Grade {
  const i = OPEN_GRADES.indexOf(grade);
  return i > 0 ? OPEN_GRADES[i - 1] : grade;
}
