// The store's follow-up rules (sales-rules.yaml, loaded into StoreData.salesRules) as the
// sales/ functions take them, with the defaults for a store that ships no file.
import { defaultSalesRules, type SalesRulesData } from '../storeData/storeDataSchema.js';

export type SalesRules = SalesRulesData;

export const DEFAULT_SALES_RULES: SalesRules = defaultSalesRules();

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** How long personal data is kept, in days (sales-rules.yaml `retention`). */
export type RetentionRules = SalesRules['retention'];
export const DEFAULT_RETENTION: RetentionRules = DEFAULT_SALES_RULES.retention;
