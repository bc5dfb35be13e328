// Writes a store's reference data (store, teams, staff, catalogue, demo cars, offers,
// FAQ, objections) with upserts keyed by the files' ids, so seeding again updates rows in
// place and never duplicates them. Rows no longer in the files are left alone: bookings,
// orders and chats may still point at them.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';

type Tx = Prisma.TransactionClient;

export async function seedStore(db: PrismaClient, data: StoreData): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await upsertStore(tx, data);
      await upsertTeamsAndStaff(tx, data);
      await upsertCatalog(tx, data);
      await upsertDemoCars(tx, data);
      await upsertPromotions(tx, data);
      await upsertKnowledge(tx, data);
    },
    { timeout: 60_000 },
  );
}

async function upsertStore(tx: Tx, data: StoreData): Promise<void> {
  const { store } = data;
  const row = {
    nameZh: store.name.zh,
    nameEn: store.name.en,
    timezone: store.timezone,
    profile: toJson({ ...store, test_drive: data.testDrive, policies: data.policies }),
  };
  await tx.store.upsert({ where: { id: store.id }, create: { id: store.id, ...row }, update: row });
}

async function upsertTeamsAndStaff(tx: Tx, data: StoreData): Promise<void> {
  const storeId = data.store.id;
  for (const team of data.teams) {
    const row = {
      storeId,
      nameZh: team.name.zh,
      nameEn: team.name.en,
      managerId: team.manager_id ?? null,
      focus: team.focus ? toJson(team.focus) : Prisma.DbNull,
    };
    await tx.team.upsert({ where: { id: team.id }, create: { id: team.id, ...row }, update: row });
  }
  const domain = demoEmailDomain(data);
  for (const member of data.staff) {
    // active and onDuty are run-time state (set by managers), so a re-seed leaves them as they are.
    const row = {
      storeId,
      teamId: member.team,
      nameZh: member.name.zh,
      nameEn: member.name.en,
      role: member.role,
      languages: member.languages.join(','),
      email: member.email ?? `${member.id}@${domain}`,
    };
    await tx.staff.upsert({ where: { id: member.id }, create: { id: member.id, ...row }, update: row });
  }
}

async function upsertCatalog(tx: Tx, data: StoreData): Promise<void> {
  for (const model of data.catalog.models) {
    const row = {
      nameZh: model.name.zh,
      nameEn: model.name.en,
      bodyZh: model.body.zh,
      bodyEn: model.body.en,
      powertrain: model.powertrain.type,
      nev: model.nev,
      priceMin: model.price_range.min,
      priceMax: model.price_range.max,
      aliases: toJson(model.aliases),
      notAliases: toJson(model.not_aliases),
      spec: toJson(model),
    };
    await tx.catalogModel.upsert({ where: { id: model.id }, create: { id: model.id, ...row }, update: row });
    for (const trim of model.trims) {
      const trimRow = { modelId: model.id, nameZh: trim.name.zh, nameEn: trim.name.en, price: trim.price, spec: toJson(trim) };
      await tx.trim.upsert({ where: { id: trim.id }, create: { id: trim.id, ...trimRow }, update: trimRow });
    }
  }
}

async function upsertDemoCars(tx: Tx, data: StoreData): Promise<void> {
  for (const car of data.demoCars) {
    const row = {
      modelId: car.model_id,
      trimId: car.trim_id ?? null,
      plate: car.plate,
      status: car.status,
      note: car.note ? toJson(car.note) : Prisma.DbNull,
    };
    await tx.demoCar.upsert({ where: { id: car.id }, create: { id: car.id, ...row }, update: row });
  }
}

async function upsertPromotions(tx: Tx, data: StoreData): Promise<void> {
  for (const promotion of data.promotions) {
    const { id, model_ids, valid_from, valid_to, title, ...detail } = promotion;
    const row = {
      modelIds: toJson(model_ids),
      validFrom: valid_from,
      validTo: valid_to,
      titleZh: title.zh,
      titleEn: title.en,
      detail: toJson(detail),
    };
    await tx.promotion.upsert({ where: { id }, create: { id, ...row }, update: row });
  }
}

async function upsertKnowledge(tx: Tx, data: StoreData): Promise<void> {
  for (const faq of data.faqs) {
    const row = {
      category: faq.category,
      questions: toJson(faq.questions),
      answerZh: faq.answer.zh,
      answerEn: faq.answer.en,
      tags: toJson(faq.tags),
    };
    await tx.faqEntry.upsert({ where: { id: faq.id }, create: { id: faq.id, ...row }, update: row });
  }
  for (const objection of data.objections) {
    const { id, name, ...detail } = objection;
    const row = { nameZh: name.zh, nameEn: name.en, detail: toJson(detail) };
    await tx.objectionEntry.upsert({ where: { id }, create: { id, ...row }, update: row });
  }
}

/** Staff without an e-mail in the data get one at the store's own demo domain. */
function demoEmailDomain(data: StoreData): string {
  const emails = data.store.emails as Record<string, unknown> | undefined;
  const general = typeof emails?.general === 'string' ? emails.general : '';
  const at = general.indexOf('@');
  return at > 0 ? general.slice(at + 1) : `${data.store.id}.example`;
}

/** The data comes from YAML through zod, so it holds only JSON values. */
function toJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
