// A new lead entered by staff (集客): validated field by field (error codes per field, the
// bot words them), deduplicated by phone within the store, stored with its first
// follow-up by the grade's cadence.
import type { Customer, FollowUpTask, Interaction } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../store/prismaErrors.js';
import type { Db } from '../../store/createPrisma.js';
import { assignableStaff } from './assignCustomer.js';
import { refreshNextFollowUp } from '../followUp/followUps.js';
import { gradeForTimeframe, isActiveGrade, nextFollowUpDue, TIMEFRAMES, type ActiveGrade, type GradeScheme } from '../followUp/gradeRules.js';
import { normaliseMobile } from './normaliseMobile.js';
import { parseBudget } from './parseBudget.js';
import { canSeeCustomer, isManager, type ScopedStaff } from '../staffAccess.js';
import { isOnFile } from './updateCustomerProfile.js';

export const LEAD_SOURCES = ['walk_in', 'phone', 'online', 'event', 'referral', 'other'] as const;

/** The form's values as submitted (strings, empty when not filled). */
export interface LeadInput {
  name?: string;
  phone?: string;
  source?: string;
  campaign?: string;
  model?: string;
  budget?: string;
  timeframe?: string;
  grade?: string;
  owner?: string;
  notes?: string;
}

type LeadFieldError = 'required' | 'too_long' | 'invalid_phone' | 'invalid_option' | 'invalid_budget' | 'on_file_elsewhere';

export interface ValidLead {
  name: string;
  phone: string;
  source: string;
  campaignId: string | null;
  intendedModelId: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  timeframe: string | null;
  grade: ActiveGrade;
  ownerId: string;
  notes: string | null;
}

type LeadValidation = { ok: true; lead: ValidLead } | { ok: false; errors: Partial<Record<keyof LeadInput, LeadFieldError>> };

const blank = (s: string | undefined) => (s ?? '').trim();

export async function validateLead(db: Db, args: { staff: ScopedStaff; input: LeadInput; modelIds: string[] }): Promise<LeadValidation> {
  const { staff, input } = args;
  const errors: Partial<Record<keyof LeadInput, LeadFieldError>> = {};
  const name = blank(input.name);
  if (!name) errors.name = 'required';
  else if (name.length > 40) errors.name = 'too_long';
  const phoneText = blank(input.phone);
  const phone = normaliseMobile(phoneText);
  if (!phoneText) errors.phone = 'required';
  else if (!phone) errors.phone = 'invalid_phone';
  const source = blank(input.source);
  if (!source) errors.source = 'required';
  else if (!(LEAD_SOURCES as readonly string[]).includes(source)) errors.source = 'invalid_option';
  const campaignId = blank(input.campaign) || null;
  if (campaignId && !(await db.campaign.count({ where: { id: campaignId, storeId: staff.storeId } }))) errors.campaign = 'invalid_option';
  const modelId = blank(input.model) || null;
  if (modelId && !args.modelIds.includes(modelId)) errors.model = 'invalid_option';
  const budgetText = blank(input.budget);
  const budget = budgetText ? parseBudget(budgetText) : { min: null, max: null };
  if (!budget) errors.budget = 'invalid_budget';
  const timeframe = blank(input.timeframe) || null;
  if (timeframe && !(TIMEFRAMES as readonly string[]).includes(timeframe)) errors.timeframe = 'invalid_option';
  const gradeText = blank(input.grade);
  if (gradeText && !isActiveGrade(gradeText)) errors.grade = 'invalid_option';
  let ownerId = staff.id;
  const ownerText = blank(input.owner);
  if (isManager(staff) && ownerText && ownerText !== staff.id) {
    if ((await assignableStaff(db, staff)).some((s) => s.id === ownerText)) ownerId = ownerText;
    else errors.owner = 'invalid_option';
  }
  const notes = blank(input.notes) || null;
  if (notes && notes.length > 1000) errors.notes = 'too_long';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    lead: {
      name,
      phone: phone!,
      source,
      campaignId,
      intendedModelId: modelId,
      budgetMin: budget!.min,
      budgetMax: budget!.max,
      timeframe,
      grade: isActiveGrade(gradeText) ? gradeText : gradeForTimeframe(timeframe),
      ownerId,
      notes,
    },
  };
}

type LeadResult =
  | { kind: 'invalid'; errors: Partial<Record<keyof LeadInput, LeadFieldError>> }
  /** the phone is on file with a customer the staff member may see: offer a merge */
  | { kind: 'duplicate'; customer: Customer }
  | { kind: 'created'; customer: Customer; interaction: Interaction; task: FollowUpTask | null };

export async function createLead(
  db: Db,
  args: { staff: ScopedStaff; input: LeadInput; modelIds: string[]; now: Date /** the store's grades: the first follow-up's cadence */; grades: GradeScheme },
): Promise<LeadResult> {
  const v = await validateLead(db, args);
  if (!v.ok) return { kind: 'invalid', errors: v.errors };
  const { lead } = v;
  const dup = await findDuplicate(db, args.staff, lead.phone);
  if (dup) return dup;
  try {
    return await insertLead(db, args.staff, lead, args.now, args.grades);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // a colleague stored the same phone a moment ago
    return (await findDuplicate(db, args.staff, lead.phone)) ?? Promise.reject(err);
  }
}

async function findDuplicate(db: Db, staff: ScopedStaff, phone: string): Promise<LeadResult | null> {
  // a proven phone first (unique), else the oldest record where a customer typed it
  const existing =
    (await db.customer.findUnique({ where: { storeId_verifiedPhone: { storeId: staff.storeId, verifiedPhone: phone } } })) ??
    (await db.customer.findFirst({ where: { storeId: staff.storeId, phone }, orderBy: { createdAt: 'asc' } }));
  if (!existing) return null;
  if (await canSeeCustomer(db, staff, existing.id)) return { kind: 'duplicate', customer: existing };
  return { kind: 'invalid', errors: { phone: 'on_file_elsewhere' } };
}

async function insertLead(db: Db, staff: ScopedStaff, lead: ValidLead, now: Date, grades: GradeScheme) {
  const due = nextFollowUpDue(lead.grade, now, grades.rules);
  const result = await db.$transaction(async (tx) => {
    const fields = {
      storeId: staff.storeId,
      name: lead.name,
      phone: lead.phone,
      source: lead.source,
      campaignId: lead.campaignId,
      intendedModelId: lead.intendedModelId,
      budgetMin: lead.budgetMin,
      budgetMax: lead.budgetMax,
      timeframe: lead.timeframe,
      grade: lead.grade,
      ownerId: lead.ownerId,
      notes: lead.notes,
    };
    const customer = await tx.customer.create({
      // staff took the number from the person: proven, and a lead from now
      data: { ...fields, verifiedPhone: lead.phone, onFileAt: isOnFile(fields) ? now : null, lastContactAt: now, leadAt: now, createdAt: now },
    });
    const interaction = await tx.interaction.create({
      data: {
        storeId: staff.storeId,
        customerId: customer.id,
        staffId: staff.id,
        type: 'lead',
        channel: 'staff',
        modelId: lead.intendedModelId,
        occurredAt: now,
        detail: { source: lead.source, campaignId: lead.campaignId, grade: lead.grade, ownerId: lead.ownerId, createdBy: staff.id },
      },
    });
    const task = due
      ? await tx.followUpTask.create({
          data: { customerId: customer.id, staffId: lead.ownerId, kind: 'follow_up', reason: 'new_lead', dueAt: due, createdAt: now },
        })
      : null;
    return { customer, interaction, task };
  });
  await refreshNextFollowUp(db, result.customer.id);
  const customer = await db.customer.findUniqueOrThrow({ where: { id: result.customer.id } });
  return { kind: 'created' as const, ...result, customer };
}
