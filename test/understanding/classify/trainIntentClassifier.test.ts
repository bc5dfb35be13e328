// The learned intent classifier: the store's names fill the bank's placeholders, the
// signals (a day, a time, the rules' reading) are read the same for examples and messages,
// and the service's understander reads intents with it: human requests in their many forms,
// complaints without the word, a question about test drives that is no request.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUnderstander } from '../../../src/app.js';
import { buildKnowledgeIndex } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';
import { intentSignals, intentVocabulary, trainIntentClassifier } from '../../../src/understanding/classify/trainIntentClassifier.js';

const data = loadStoreData(path.resolve('data/demo-dealership'));
const NOW = new Date('2026-12-05T10:00:00+08:00');

describe('the vocabulary and signals', () => {
  it("names the store's models and its staff as customers call them", () => {
    const v = intentVocabulary(data);
    expect(v.modelNames).toEqual(expect.arrayContaining(['X5', '星耀 E6']));
    const consultant = data.staff.find((s) => s.role === 'sales_consultant')!;
    const surname = [...consultant.name.zh][0];
    expect(v.consultantNames).toEqual(expect.arrayContaining([consultant.name.zh, consultant.name.en, `${surname}经理`, `小${surname}`]));
    const manager = data.staff.find((s) => s.role === 'store_manager')!;
    expect(v.consultantNames).toContain(manager.name.zh);
  });

  it('reads a day, a time, a name of staff and the rules, whatever today is', () => {
    const v = intentVocabulary(data);
    const consultant = data.staff.find((s) => s.role === 'sales_consultant')!.name;
    expect(intentSignals('明天下午三点试驾', v)).toEqual(['date', 'time', 'rule:book_test_drive']);
    expect(intentSignals('试驾要钱吗', v)).toEqual(['rule:faq']);
    expect(intentSignals(`${consultant.zh}今天在吗`, v)).toContain('staff');
    expect(intentSignals(`can ${consultant.en.toLowerCase()} call me`, v)).toContain('staff');
  });

  it('is trained once per vocabulary', () => {
    expect(trainIntentClassifier(intentVocabulary(data))).toBe(trainIntentClassifier(intentVocabulary(data)));
  });
});

describe('intents as the service reads them', () => {
  const understand = createUnderstander(data, buildKnowledgeIndex(data));
  const consultant = data.staff.find((s) => s.role === 'sales_consultant')!.name.zh;
  const intentOf = (text: string) => {
    const u = understand(text, NOW);
    return u.greeting ? 'greeting' : u.intent;
  };

  it.each([
    ['方便的时候给我回个电话', 'human'],
    [`让${consultant}联系我`, 'human'],
    ['找个懂行的人跟我说', 'human'],
    ['等了四十分钟都没人理我', 'complaint'],
    ['你们还想不想做生意了', 'complaint'],
    ['试驾要带驾照吗', 'faq'],
    ['试驾要钱吗', 'faq'],
    ['明天下午三点试驾X5', 'book_test_drive'],
    ['周六那个试驾改到周日上午', 'reschedule'],
    ['试驾取消吧 不去了', 'cancel'],
    ['你好', 'greeting'],
    ['好的谢谢', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });
});
