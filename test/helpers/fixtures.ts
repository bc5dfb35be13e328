// A minimal store (one team, a consultant and a manager) written straight into a test
// database, for core tests that must not depend on the demo data.
import type { StoreInfo } from '../../src/core/bot.js';
import type { Db } from '../../src/store/createPrisma.js';

export const TEST_STORE: StoreInfo = { id: 'store-t', nameZh: '测试4S店', nameEn: 'Test 4S Store', timezone: 'Asia/Shanghai' };

export async function insertMinimalStore(db: Db): Promise<StoreInfo> {
  await db.store.create({ data: { id: TEST_STORE.id, nameZh: TEST_STORE.nameZh, nameEn: TEST_STORE.nameEn, timezone: TEST_STORE.timezone, profile: {} } });
  await db.team.create({ data: { id: 'team-t', storeId: TEST_STORE.id, nameZh: '一组', nameEn: 'Team 1', managerId: 'st-m' } });
  await db.staff.createMany({
    data: [
      { id: 'st-c', storeId: TEST_STORE.id, teamId: 'team-t', nameZh: '林晓雯', nameEn: 'Lin Xiaowen', role: 'sales_consultant', languages: 'zh,en' },
      { id: 'st-m', storeId: TEST_STORE.id, teamId: 'team-t', nameZh: '陈思远', nameEn: 'Chen Siyuan', role: 'sales_manager' },
    ],
  });
  return TEST_STORE;
}
