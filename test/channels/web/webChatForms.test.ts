// Forms in the web chat API: a staff bot's form comes back in the reply and the history,
// a submission reaches the bot as kind 'form', form errors come back, bad shapes get a 400.
import { afterEach, describe, expect, it } from 'vitest';
import { asStaff } from '../../helpers/webChat.js';
import { createFormBotApp, leadForm, type FormBotApp } from '../../helpers/formBotApp.js';

describe('forms in POST /api/chat', () => {
  let h: FormBotApp;
  afterEach(async () => h?.close());

  const staff = { role: 'staff', lang: 'en' };
  /** Posted by a browser signed in as st-c (the demo's pick), the way the page does. */
  const post = async (body: unknown) => (await asStaff(h.http, 'st-c')).request({ method: 'POST', url: '/api/chat', payload: body });
  const history = async () => (await (await asStaff(h.http, 'st-c')).request({ url: '/api/chat/history?role=staff' })).json().messages;

  it('offers a form, passes a submission to the bot as kind "form", and returns form errors', async () => {
    h = await createFormBotApp();
    const opened = await post({ ...staff, text: '/form' });
    expect(opened.statusCode).toBe(200);
    const [reply] = opened.json().replies;
    expect(reply.text).toBe('Fill in the new customer.');
    expect(reply.form).toEqual(leadForm('en'));

    const secret = { name: 'Zhang Wei', phone: '', notes: 'secret-note-xyz' };
    const failed = await post({ ...staff, form: { id: 'crm.lead:new', values: secret, meta: 'src=web-demo' } });
    expect(failed.statusCode).toBe(200);
    expect(failed.json().replies).toEqual([{ text: 'Please check the form.', formErrors: { phone: 'Enter a mobile number' } }]);
    const submitted = h.received.at(-1)!;
    expect(submitted).toMatchObject({ kind: 'form', side: 'staff', staffId: 'st-c', form: { id: 'crm.lead:new', values: secret, meta: 'src=web-demo' } });
    expect(submitted.text).toBeUndefined();
    expect(submitted.action).toBeUndefined();

    const ok = await post({ ...staff, form: { id: 'crm.lead:new', values: { ...secret, phone: '13812345678' }, meta: 'src=web-demo' } });
    expect(ok.json().replies).toEqual([{ text: 'Lead saved: Zhang Wei', buttons: [{ label: 'OK', value: 'ok' }] }]);

    // the history keeps the form and the errors; submissions are marked, their values are not kept
    const messages = await history();
    expect(messages.map((m: { from: string; kind?: string }) => `${m.from}${m.kind ? `:${m.kind}` : ''}`)).toEqual([
      'me',
      'bot',
      'me:form',
      'bot',
      'me:form',
      'bot',
    ]);
    expect(messages[1].form).toEqual(leadForm('en'));
    expect(messages[2].text).toBe('');
    expect(messages[3].formErrors).toEqual({ phone: 'Enter a mobile number' });
    expect(messages[5].form).toBeUndefined();
    const rows = JSON.stringify(await h.t.db.chatMessage.findMany());
    expect(rows).not.toContain('secret-note-xyz');

    // form values are never logged (the logger runs at trace level here)
    expect(h.logs.join('')).not.toContain('secret-note-xyz');
    expect(h.logs.join('')).not.toContain('13812345678');
  });

  it('lets a customer submit a form at the API level (the bots decide what to do with it)', async () => {
    h = await createFormBotApp();
    const res = await h.http.inject({ method: 'POST', url: '/api/chat', payload: { role: 'customer', form: { id: 'survey', values: {} } } });
    expect(res.statusCode).toBe(200);
    // the test bot serves staff only: no customer bot, no replies, but the turn ran
    expect(res.json().replies).toEqual([]);
    expect(await h.t.db.inboundEvent.count()).toBe(1);
  });

  const form = (f: unknown) => ({ ...staff, form: f });
  it.each([
    ['a form that is not an object', form('x'), /form: "form" must be an object/],
    ['a form without an id', form({ values: {} }), /form\.id/],
    ['a form id with spaces', form({ id: 'lead new', values: {} }), /form\.id: must be 1-64 letters/],
    ['a form id over 64 characters', form({ id: 'a'.repeat(65), values: {} }), /form\.id/],
    ['values that are not an object', form({ id: 'f', values: ['a'] }), /form\.values: must be an object of field names to strings/],
    ['a value that is not a string', form({ id: 'f', values: { n: 1 } }), /form\.values\.n: must be a string/],
    ['a value over 2000 characters', form({ id: 'f', values: { n: 'x'.repeat(2001) } }), /form\.values\.n: is longer than 2000/],
    ['a value with control characters', form({ id: 'f', values: { n: 'a\u0000b' } }), /form\.values\.n: contains control/],
    [
      'more than 40 values',
      form({ id: 'f', values: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`k${i}`, 'v'])) }),
      /form\.values: has more than 40 fields/,
    ],
    ['a field name over 64 characters', form({ id: 'f', values: { ['k'.repeat(65)]: 'v' } }), /form\.values: field names must be 1-64/],
    ['an empty field name', form({ id: 'f', values: { '': 'v' } }), /field names must be 1-64/],
    ['meta over 500 characters', form({ id: 'f', values: {}, meta: 'm'.repeat(501) }), /form\.meta: is longer than 500/],
    ['meta that is not a string', form({ id: 'f', values: {}, meta: 5 }), /form\.meta: must be a string/],
    ['unknown keys in the form', form({ id: 'f', values: {}, extra: 1 }), /form.*extra|Unrecognized/],
    ['a form with text', { ...form({ id: 'f', values: {} }), text: 'hi' }, /"form" alone/],
    ['a form with an action', { ...form({ id: 'f', values: {} }), action: 'x' }, /"form" alone/],
    ['nothing to send', { ...staff }, /non-empty "text" or an "action" \(or a "form"\)/],
  ])('rejects %s with a 400 and a clear message, and changes nothing', async (_name, body, message) => {
    h = await createFormBotApp();
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(message);
    expect(await h.t.db.inboundEvent.count()).toBe(0);
    expect(h.received).toHaveLength(0);
  });

  it('accepts the largest allowed submission', async () => {
    h = await createFormBotApp();
    const values = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`${String(i).padStart(2, '0')}${'k'.repeat(62)}`, i === 0 ? 'x'.repeat(2000) : 'v']),
    );
    const res = await post(form({ id: `f${'.'.repeat(63)}`, values, meta: 'm'.repeat(500) }));
    expect(res.statusCode).toBe(200);
    expect(h.received[0].form?.values).toEqual(values);
  });
});
