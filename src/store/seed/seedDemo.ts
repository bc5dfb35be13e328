// The demo store in one call: its data files, then a generated history around `now`.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { refreshPlannerStats, type Db } from '../createPrisma.js';
import { generateHistory, type HistoryProgress, type HistorySummary } from './generateHistory.js';
import { loadStoreData } from '../../storeData/loadStoreData.js';
import { seedStore } from './seedStore.js';

interface SeedDemoOptions {
  dataDir: string;
  now: Date;
  seed?: number;
  scale?: number;
  onProgress?: (p: HistoryProgress) => void;
}

export const DEFAULT_SEED = 20261203;

export async function seedDemo(db: PrismaClient, opts: SeedDemoOptions): Promise<HistorySummary> {
  const data = loadStoreData(opts.dataDir);
  await seedStore(db, data);
  const summary = await generateHistory(db, {
    storeId: data.store.id,
    now: opts.now,
    timezone: data.store.timezone,
    seed: opts.seed ?? DEFAULT_SEED,
    scale: opts.scale,
    onProgress: opts.onProgress,
  });
  // the bulk load made every statistic stale: refresh them before anyone asks for a board
  await refreshPlannerStats(db as Db);
  return summary;
}
