// "My day" (我的今天) in the CRM: asked by `/home`, by the words "my day" (or 我的今天,
// 今日跟进...) or by the help menu's button; built by sales/board/myDay.ts in the store's day,
// shown by myDayView.
import type { StaffTurn } from '../../core/turnRoutes.js';
import { buildMyDay } from '../../sales/board/myDay.js';
import type { CrmEnv } from './crmContext.js';
import { myDayView } from './crmViews.js';

/** The words that ask for "my day", alone on the line. */
export const MY_DAY_TEXT = /^\s*(my day|我的今天|今日跟进|今天跟进|今日待办)\s*$/i;

export async function showMyDay(ctx: StaffTurn, env: CrmEnv) {
  const day = await buildMyDay(ctx.db, { staff: ctx.actor.staff, now: ctx.now, timeZone: ctx.store.timezone, grades: env.grades });
  ctx.reply(myDayView(ctx, env.data, day));
}
