// The shipped demo store's reference data (no generated history) in a test database.
import path from 'node:path';
import type { StoreInfo } from '../../src/core/bot.js';
import type { Db } from '../../src/store/createPrisma.js';
import { loadStoreData } from '../../src/storeData/loadStoreData.js';
import type { StoreData } from '../../src/storeData/storeDataSchema.js';
import { seedStore } from '../../src/store/seed/seedStore.js';

export const DEMO_DIR = path.resolve('data/demo-dealership');
let cached: StoreData | undefined;

export function demoData(): StoreData {
  return (cached ??= loadStoreData(DEMO_DIR));
}

export async function insertDemoStore(db: Db): Promise<StoreInfo> {
  const data = demoData();
  await seedStore(db, data);
  return { id: data.store.id, nameZh: data.store.name.zh, nameEn: data.store.name.en, timezone: data.store.timezone };
}
