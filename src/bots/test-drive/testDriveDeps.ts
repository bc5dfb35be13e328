// What the composition root gives the test-drive flows (the store's booking rules, its
// models, its address, the consent text's version), and the one thing every flow reads
// from them: a model's name as the customer sees it.
import type { Bilingual } from '../../core/i18n.js';
import type { Lang } from '../../core/message.js';
import type { TestDriveRules } from '../../sales/testDrives/testDriveRules.js';
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';

export interface TestDriveDeps {
  rules: TestDriveRules;
  models: CatalogModelData[];
  address: Bilingual;
  consentVersion: string;
}

/** The model's name in the turn's language; its id when the catalog no longer has it. */
export function modelName(deps: TestDriveDeps, id: string, lang: Lang): string {
  return deps.models.find((m) => m.id === id)?.name[lang] ?? id;
}
