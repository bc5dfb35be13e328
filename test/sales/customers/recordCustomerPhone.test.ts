// The rules of a phone given in a chat (sales/recordCustomerPhone), of merging two records
// that are one person (sales/mergeCustomers), and what an erasure does to the flags.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Prisma } from '../../../src/generated/prisma/client.js';
import { anonymiseCustomer } from '../../../src/sales/privacy/anonymiseCustomer.js';
import { mergeCustomerInto } from '../../../src/sales/customers/mergeCustomers.js';
import { recordCustomerPhone } from '../../../src/sales/customers/recordCustomerPhone.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const AT = new Date('2026-12-03T02:15:00Z');
const days = (n: number) => new Date(AT.getTime() - n * 86_400_000);

describe('a phone given in a chat', () => {
  let t: TestDb;
  let storeId: string;
  const make = (data: Omit<Prisma.CustomerUncheckedCreateInput, 'storeId' | 'source'> & { source?: string }) =>
    t.db.customer.create({ data: { storeId, ...data, source: data.source ?? 'web_chat' } });
  const reload = (c: Customer) => t.db.customer.findUniqueOrThrow({ where: { id: c.id } });
  beforeEach(async () => {
    t = await createTestDb();
    storeId = (await insertMinimalStore(t.db)).id;
  });
  afterEach(async () => t.close());

  it('typed: kept on the record, a lead from then, flagged against a proven holder before an older typed one', async () => {
    const typedFirst = await make({ phone: '13812345678', createdAt: days(30) });
    const proven = await make({ phone: '13812345678', verifiedPhone: '13812345678', source: 'walk_in', createdAt: days(10), leadAt: days(10) });
    const visitor = await make({ createdAt: days(1) });
    const after = await recordCustomerPhone(t.db, visitor, { phone: '13812345678', proven: false, at: AT });
    expect(after).toMatchObject({ id: visitor.id, phone: '13812345678', verifiedPhone: null, possibleDuplicateOfId: proven.id, leadAt: AT });
    // without a proven holder, the oldest who typed it
    await t.db.customer.update({ where: { id: proven.id }, data: { verifiedPhone: null, phone: null } });
    const other = await recordCustomerPhone(t.db, await make({}), { phone: '13812345678', proven: false, at: AT });
    expect(other.possibleDuplicateOfId).toBe(typedFirst.id);
    expect(await t.db.customer.count()).toBe(4);
  });

  it('typed: a new number with no holder clears the flag; the same number again changes nothing; their own proven number is never flagged', async () => {
    await make({ phone: '13812345678', verifiedPhone: '13812345678', source: 'walk_in' });
    let visitor = await recordCustomerPhone(t.db, await make({}), { phone: '13812345678', proven: false, at: AT });
    expect(visitor.possibleDuplicateOfId).not.toBeNull();
    visitor = await recordCustomerPhone(t.db, visitor, { phone: '13900001111', proven: false, at: AT });
    expect(visitor).toMatchObject({ phone: '13900001111', possibleDuplicateOfId: null });
    // staff cleared a flag: the same number typed again does not raise it again
    await t.db.customer.update({ where: { id: visitor.id }, data: { possibleDuplicateOfId: null } });
    expect(await recordCustomerPhone(t.db, await reload(visitor), { phone: '13900001111', proven: false, at: AT })).toMatchObject({
      possibleDuplicateOfId: null,
    });

    const owner = await make({ phone: '13700002222', verifiedPhone: '13700002222', source: 'walk_in', createdAt: days(5) });
    await make({ phone: '13600003333' }); // someone typed the owner's new number before them
    await t.db.customer.update({ where: { id: owner.id }, data: { verifiedPhone: '13600003333' } });
    expect(await recordCustomerPhone(t.db, await reload(owner), { phone: '13600003333', proven: false, at: AT })).toMatchObject({
      possibleDuplicateOfId: null,
    });
  });

  it('proven: merges into the customer holding it proven, who keeps their values and owner and takes what they lacked', async () => {
    const holder = await make({
      name: '王小明',
      phone: '13812345678',
      verifiedPhone: '13812345678',
      source: 'walk_in',
      ownerId: 'st-c',
      grade: 'A',
      createdAt: days(20),
      leadAt: days(20),
      lastContactAt: days(9),
    });
    const newcomer = await make({
      source: 'telegram',
      intendedModelId: 'e6',
      budgetMax: 200_000,
      lang: 'en',
      createdAt: days(1),
      leadAt: days(1),
      lastContactAt: AT,
      ownerId: 'st-m',
    });
    await t.db.channelIdentity.create({ data: { channel: 'telegram', externalId: '777', customerId: newcomer.id } });
    await t.db.followUpTask.create({ data: { customerId: newcomer.id, staffId: 'st-m', kind: 'follow_up', dueAt: AT } });
    const flaggedAgainstNewcomer = await make({ phone: '13812345678', possibleDuplicateOfId: newcomer.id });

    const after = await recordCustomerPhone(t.db, newcomer, { phone: '13812345678', proven: true, at: AT });
    expect(after.id).toBe(holder.id);
    expect(await t.db.customer.findUnique({ where: { id: newcomer.id } })).toBeNull();
    expect(after).toMatchObject({
      name: '王小明',
      ownerId: 'st-c',
      grade: 'A',
      verifiedPhone: '13812345678',
      intendedModelId: 'e6',
      budgetMax: 200_000,
      lang: 'en',
      leadAt: days(20),
      lastContactAt: AT,
      nextFollowUpAt: AT,
    });
    expect(await t.db.channelIdentity.findFirstOrThrow({ where: { externalId: '777' } })).toMatchObject({ customerId: holder.id });
    // the kept owner follows up; a flag that named the merged record names the kept one
    expect(await t.db.followUpTask.findFirstOrThrow()).toMatchObject({ customerId: holder.id, staffId: 'st-c' });
    expect(await reload(flaggedAgainstNewcomer)).toMatchObject({ possibleDuplicateOfId: holder.id });
  });

  it('proven: typed elsewhere only, the record takes it proven and is flagged; nothing merges into the unproven one', async () => {
    const typed = await make({ phone: '13812345678', createdAt: days(3) });
    const tg = await make({ source: 'telegram' });
    const after = await recordCustomerPhone(t.db, tg, { phone: '13812345678', proven: true, at: AT });
    expect(after).toMatchObject({ id: tg.id, phone: '13812345678', verifiedPhone: '13812345678', possibleDuplicateOfId: typed.id });
    expect(await reload(typed)).toMatchObject({ verifiedPhone: null });
  });

  it('a merge moves the proven phone when only the merged record had it, and answers a flag between the two', async () => {
    const older = await make({ phone: '13812345678', createdAt: days(3) });
    const proven = await make({ phone: '13812345678', verifiedPhone: '13812345678', source: 'telegram', possibleDuplicateOfId: older.id });
    await mergeCustomerInto(t.db, proven.id, older.id);
    expect(await reload(older)).toMatchObject({ verifiedPhone: '13812345678', possibleDuplicateOfId: null });
  });

  it('an erasure removes the proven phone and every flag on or about the erased record', async () => {
    const victim = await make({ phone: '13812345678', verifiedPhone: '13812345678', source: 'walk_in', possibleDuplicateOfId: null });
    const visitor = await make({ phone: '13812345678', possibleDuplicateOfId: victim.id });
    await anonymiseCustomer(t.db, victim.id, AT, { type: 'customer', id: victim.id });
    expect(await reload(victim)).toMatchObject({ phone: null, verifiedPhone: null, possibleDuplicateOfId: null });
    expect(await reload(visitor)).toMatchObject({ possibleDuplicateOfId: null });
    // the number is free to be proven again
    expect(await recordCustomerPhone(t.db, await make({ source: 'telegram' }), { phone: '13812345678', proven: true, at: AT })).toMatchObject({
      verifiedPhone: '13812345678',
    });
  });
});
