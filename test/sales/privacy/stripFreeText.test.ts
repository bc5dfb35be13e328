// Which parts of the rows a deletion request keeps are staff's words (they go) and which
// are the sales events' facts (they stay); and how a name or phone is cut out of a text.
import { describe, expect, it } from 'vitest';
import { actsOnOthers, redactMentions, redactWords, REDACTED_WORD } from '../../../src/sales/privacy/redactPersonalText.js';
import { stripInteractionDetail, stripLostReason, stripTaskReason } from '../../../src/sales/privacy/stripFreeText.js';

const person = { words: ['王小明', '13812345678'], phones: ['13812345678'] };

describe('free text in the kept rows', () => {
  it("drops a note's text and a staff regrade reason, keeps codes, numbers and ids", () => {
    expect(stripInteractionDetail('note', { text: '太太姓李' }, person)).toEqual({ deleted: true });
    expect(stripInteractionDetail('note', { text: '看了X5', about: 'visit' }, person)).toEqual({ about: 'visit', deleted: true });
    expect(stripInteractionDetail('note', { kind: 'lead_merged', source: 'walk_in', filled: ['name'] }, person)).toBeNull();
    expect(stripInteractionDetail('grade_change', { from: 'A', to: 'B', reason: '说下月再买' }, person)).toEqual({ from: 'A', to: 'B', deleted: true });
    expect(stripInteractionDetail('grade_change', { from: 'A', to: 'B', reason: 'silence', silentDays: 9, ownerId: 'st-03' }, person)).toBeNull();
    expect(stripInteractionDetail('appointment', { bookingId: 'b1', slotStart: '2026-12-04T06:00:00.000Z' }, person)).toBeNull();
    // a value quoting them goes, whatever its key
    expect(stripInteractionDetail('chat', { handoff: 'asked', summary: '客户 138 1234 5678 来电' }, person)).toEqual({ handoff: 'asked', deleted: true });
  });

  it('keeps the reasons the code gives a task and drops typed ones', () => {
    for (const r of [
      'new_lead',
      'planned',
      'after_visit',
      'grade_B_cadence',
      'day_7',
      'mileage_5000',
      'time',
      'delivery_update',
      'TS-20261203-0001',
      'test drive e6',
    ]) {
      expect(stripTaskReason('follow_up', r)).toBe(r);
    }
    expect(stripTaskReason('follow_up', '提醒王小明带驾照')).toBeNull();
    expect(stripTaskReason('follow_up', 'call_instead:return_visit:day_7')).toBe('call_instead:return_visit:day_7');
    expect(stripTaskReason('follow_up', 'call_instead:follow_up:问问王小明')).toBe('call_instead:follow_up:');
    const request = JSON.stringify({ reason: 'budget', text: '王小明嫌贵', requestedBy: 'st-03' });
    expect(JSON.parse(stripTaskReason('lost_approval', request)!)).toEqual({ reason: 'budget', text: null, requestedBy: 'st-03' });
    expect(stripTaskReason('follow_up', null)).toBeNull();
  });

  it("keeps the lost reason's code only", () => {
    expect(stripLostReason('bought_competitor: 王小明买了别家')).toBe('bought_competitor');
    expect(stripLostReason('budget')).toBe('budget');
    expect(stripLostReason('王小明不买了')).toBeNull();
    expect(stripLostReason(null)).toBeNull();
  });
});

describe('cutting a person out of a text', () => {
  it('finds the phone however it is written', () => {
    for (const written of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '+86-13812345678']) {
      expect(redactWords(`电话 ${written} 谢谢`, [], ['13812345678']).value).toBe(`电话 ${REDACTED_WORD} 谢谢`);
    }
    expect(redactWords('电话 13912345678', [], ['13812345678']).changed).toBe(false);
  });

  it("drops the buttons that act on them and keeps the others'", () => {
    const list = {
      text: '1. 王** · 王小明说…\n2. 李**',
      buttons: [
        { label: '接入 1', value: 'handoff:take:conv-a' },
        { label: '接入 2', value: 'handoff:take:conv-b' },
      ],
    };
    expect(actsOnOthers(list, ['cust-a', 'conv-a'])).toBe(true);
    expect(actsOnOthers({ buttons: [{ label: '打开', value: 'crm:open:cust-a' }] }, ['cust-a', 'conv-a'])).toBe(false);
    const r = redactMentions(list, { words: ['王小明'], ids: ['cust-a', 'conv-a'] });
    expect(r.value).toEqual({ text: `1. 王** · ${REDACTED_WORD}说…\n2. 李**`, buttons: [{ label: '接入 2', value: 'handoff:take:conv-b' }] });
  });
});
