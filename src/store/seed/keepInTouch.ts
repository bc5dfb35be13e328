// Follow-ups (跟进) between the steps of a customer's story.
import { callTime, MINUTES_PER_DAY as DAY } from './createStoreCalendar.js';
import type { Consultant, Simulation } from './createSimulation.js';
import { CADENCE_DAYS, lowerGrade, type CustomerStory, type Reach } from './CustomerStory.js';

/**
 * Follow-ups at the grade's cadence until `until` or now. Late consultants leave gaps (the
 * overdue tasks on the board); leads that stop moving are downgraded (降级) a month after
 * their last progress; calls after `silentFrom` go unanswered.
 */
export function keepInTouch(
  sim: Simulation,
  story: CustomerStory,
  owner: Consultant,
  reach: Reach,
  opts: { until: number; progressAt: number; silentFrom: number },
): void {
  const { rnd } = sim;
  let downgrades = 0;
  for (;;) {
    const late = rnd.chance(owner.lateness) ? rnd.between(1, 4) : rnd.between(-0.3, 0.3);
    const at = callTime(story.lastContact + (CADENCE_DAYS[story.grade] + late) * DAY, rnd);
    const staleAt = opts.progressAt + (downgrades + 1) * 30 * DAY;
    if (['H', 'A', 'B'].includes(story.grade) && staleAt < at && staleAt < opts.until) {
      if (!story.regrade(staleAt, lowerGrade(story.grade), null)) return;
      downgrades++;
      continue;
    }
    if (at >= opts.until) return;
    const answered = at < opts.silentFrom && rnd.chance(0.85);
    const detail = { purpose: story.grade === 'O' ? 'delivery_update' : 'follow_up', outcome: answered ? 'reached' : 'no_answer' };
    if (!story.add(at, reach.type, owner.id, reach.channel, detail)) return;
  }
}
