// Reads a store's data directory, validates it against storeDataSchema.ts, checks the
// references between files (a demo car's model, a promotion's trims...) and returns it typed.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import {
  catalogFileSchema,
  defaultSalesRules,
  faqFileSchema,
  faqExamplesFileSchema,
  objectionExamplesFileSchema,
  objectionFileSchema,
  salesRulesFileSchema,
  storeFileSchema,
  type StoreData,
} from './storeDataSchema.js';

const STORE_DATA_FILES = {
  store: 'store.yaml',
  catalog: 'catalog.yaml',
  faq: 'faq.yaml',
  objections: 'objections.yaml',
  objectionExamples: 'objection-examples.yaml',
  faqExamples: 'faq-examples.yaml',
  salesRules: 'sales-rules.yaml',
} as const;

export class StoreDataError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid store data in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StoreDataError';
  }
}

export function loadStoreData(dir: string): StoreData {
  const storeFile = parseFile(dir, STORE_DATA_FILES.store, storeFileSchema);
  const catalog = parseFile(dir, STORE_DATA_FILES.catalog, catalogFileSchema);
  const { faqs } = parseFile(dir, STORE_DATA_FILES.faq, faqFileSchema);
  const { objections } = parseFile(dir, STORE_DATA_FILES.objections, objectionFileSchema);
  const { examples: objectionExamples, not_objections: notObjections } = fs.existsSync(path.join(dir, STORE_DATA_FILES.objectionExamples))
    ? parseFile(
        dir,
        STORE_DATA_FILES.objectionExamples,
        z.preprocess((v) => v ?? {}, objectionExamplesFileSchema),
      )
    : { examples: {}, not_objections: [] };
  const { examples: faqExamples, out_of_scope: outOfScope } = fs.existsSync(path.join(dir, STORE_DATA_FILES.faqExamples))
    ? parseFile(
        dir,
        STORE_DATA_FILES.faqExamples,
        z.preprocess((v) => v ?? {}, faqExamplesFileSchema),
      )
    : { examples: {}, out_of_scope: [] };
  const salesRules = fs.existsSync(path.join(dir, STORE_DATA_FILES.salesRules))
    ? parseFile(
        dir,
        STORE_DATA_FILES.salesRules,
        z.preprocess((v) => v ?? {}, salesRulesFileSchema),
      )
    : defaultSalesRules();

  const data: StoreData = {
    store: storeFile.store,
    teams: storeFile.teams,
    staff: storeFile.staff,
    demoCars: storeFile.demo_cars,
    testDrive: storeFile.test_drive,
    promotions: storeFile.promotions,
    policies: storeFile.policies,
    catalog,
    faqs,
    objections,
    objectionExamples,
    notObjections,
    faqExamples,
    outOfScope,
    salesRules,
  };
  checkReferences(dir, data);
  return data;
}

function parseFile<S extends z.ZodType>(dir: string, name: string, schema: S): z.infer<S> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new StoreDataError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    throw new StoreDataError(file, [`not valid YAML: ${(err as Error).message}`]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new StoreDataError(
      file,
      result.error.issues.map((issue) => `${formatPath(issue.path) || '(top level)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** `['models', 2, 'trims', 0, 'price']` → `models[2].trims[0].price` */
function formatPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}

// Rules that span lists or files, which the per-file schemas cannot see.
function checkReferences(dir: string, data: StoreData): void {
  const storeProblems: string[] = [];
  const catalogProblems: string[] = [];
  const models = new Map(data.catalog.models.map((m) => [m.id, m]));
  const teamIds = new Set(data.teams.map((t) => t.id));
  const staffIds = new Set(data.staff.map((s) => s.id));
  const promotionIds = new Set(data.promotions.map((p) => p.id));

  storeProblems.push(
    ...duplicateIds('teams', data.teams),
    ...duplicateIds('staff', data.staff),
    ...duplicateIds('demo_cars', data.demoCars),
    ...duplicateIds('promotions', data.promotions),
  );
  data.teams.forEach((team, i) => {
    if (team.manager_id && !staffIds.has(team.manager_id)) {
      storeProblems.push(`teams[${i}].manager_id: unknown staff id "${team.manager_id}"`);
    }
  });
  data.staff.forEach((member, i) => {
    if (member.team && !teamIds.has(member.team)) storeProblems.push(`staff[${i}].team: unknown team id "${member.team}"`);
  });
  data.demoCars.forEach((car, i) => {
    const model = models.get(car.model_id);
    if (!model) {
      storeProblems.push(`demo_cars[${i}].model_id: unknown catalogue model "${car.model_id}" (${STORE_DATA_FILES.catalog})`);
    } else if (car.trim_id && !model.trims.some((t) => t.id === car.trim_id)) {
      storeProblems.push(`demo_cars[${i}].trim_id: "${car.trim_id}" is not a trim of model "${car.model_id}"`);
    }
  });
  data.promotions.forEach((promo, i) => {
    promo.model_ids.forEach((modelId, j) => {
      if (!models.has(modelId)) storeProblems.push(`promotions[${i}].model_ids[${j}]: unknown catalogue model "${modelId}"`);
    });
    promo.stackable_with.forEach((other, j) => {
      if (!promotionIds.has(other)) storeProblems.push(`promotions[${i}].stackable_with[${j}]: unknown promotion "${other}"`);
    });
    if (promo.valid_from > promo.valid_to) storeProblems.push(`promotions[${i}].valid_to: ends before valid_from`);
  });

  catalogProblems.push(
    ...duplicateIds('models', data.catalog.models),
    ...duplicateIds(
      'trims',
      data.catalog.models.flatMap((m) => m.trims),
    ),
  );
  data.catalog.models.forEach((model, i) => {
    model.trims.forEach((trim, j) => {
      if (trim.price < model.price_range.min || trim.price > model.price_range.max) {
        catalogProblems.push(`models[${i}].trims[${j}].price: ${trim.price} is outside the model's price_range`);
      }
    });
  });

  if (storeProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.store), storeProblems);
  if (catalogProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.catalog), catalogProblems);
  const faqProblems = duplicateIds('faqs', data.faqs);
  if (faqProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.faq), faqProblems);
  const objectionProblems = duplicateIds('objections', data.objections);
  if (objectionProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.objections), objectionProblems);
  const objectionIds = new Set(data.objections.map((o) => o.id));
  const exampleProblems = Object.keys(data.objectionExamples)
    .filter((k) => !objectionIds.has(k))
    .map((k) => `examples.${k}: no objection "${k}" in ${STORE_DATA_FILES.objections}`);
  if (exampleProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.objectionExamples), exampleProblems);
  const faqIds = new Set(data.faqs.map((f) => f.id));
  const faqExampleProblems = Object.keys(data.faqExamples)
    .filter((k) => !faqIds.has(k))
    .map((k) => `examples.${k}: no FAQ "${k}" in ${STORE_DATA_FILES.faq}`);
  if (faqExampleProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.faqExamples), faqExampleProblems);
  const rules = data.salesRules;
  const ruleProblems: string[] = [];
  if (rules.grades.F.cadenceDays !== null) ruleProblems.push('grades.F.cadenceDays: a lost customer has no follow-ups (null)');
  (['H', 'A', 'B', 'C', 'O'] as const).forEach((g) => {
    if (rules.grades[g].cadenceDays === null) ruleProblems.push(`grades.${g}.cadenceDays: an active grade needs a cadence in days`);
  });
  if (new Set(rules.returnVisitDays).size !== rules.returnVisitDays.length) ruleProblems.push('returnVisitDays: duplicate day');
  if (new Set(rules.downgradeOrder).size !== rules.downgradeOrder.length) ruleProblems.push('downgradeOrder: duplicate grade');
  if (ruleProblems.length) throw new StoreDataError(path.join(dir, STORE_DATA_FILES.salesRules), ruleProblems);
}

function duplicateIds(list: string, items: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push(`${list}[${i}].id: duplicate id "${item.id}"`);
    seen.add(item.id);
  });
  return problems;
}
