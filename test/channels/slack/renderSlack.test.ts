// Block Kit, modal and Home rendering within Slack's limits.
import { describe, expect, it } from 'vitest';
import { renderBlocks, splitEscaped } from '../../../src/channels/slack/renderBlocks.js';
import { renderHome } from '../../../src/channels/slack/renderHome.js';
import { renderModal } from '../../../src/channels/slack/renderModal.js';
import { flattenViewState, stripLeadingMention } from '../../../src/channels/slack/slackInbound.js';

describe('renderBlocks', () => {
  it('escapes mrkdwn control characters and keeps a plain fallback', () => {
    const { text, blocks } = renderBlocks({ text: 'A & B <C>', from: 'human' });
    expect(text).toBe('🧑‍💼 A &amp; B &lt;C&gt;');
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '🧑‍💼 A &amp; B &lt;C&gt;' } }]);
  });

  it('splits long text under 3000 characters a section, at line breaks', () => {
    const text = Array.from({ length: 80 }, (_, i) => `line ${i} ${'x'.repeat(90)}`).join('\n');
    const { blocks } = renderBlocks({ text });
    const parts = blocks.map((b) => (b.text as { text: string }).text);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.length <= 3000)).toBe(true);
    expect(parts.join('\n')).toBe(text);
    // escaping counts: 1000 ampersands are 5000 characters
    expect(splitEscaped('&'.repeat(1000)).map((p) => p.length)).toEqual([3000, 2000]);
  });

  it('renders a card with at most 10 fields a section, buttons 25 a block, labels ≤ 75', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: `v${i}` }));
    const buttons = Array.from({ length: 27 }, (_, i) => ({ label: i === 0 ? 'L'.repeat(100) : `B${i}`, value: `val${i}` }));
    const { blocks } = renderBlocks({ text: 'Card', card: { title: 'Lead', fields }, buttons, image: { url: 'https://x/e6.jpg', alt: 'E6' } });
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'image', 'actions', 'actions']);
    expect(blocks[1]).toMatchObject({ text: { text: '*Lead*' } });
    expect((blocks[1].fields as unknown[]).length).toBe(10);
    expect((blocks[2].fields as unknown[]).length).toBe(2);
    const elements = [...(blocks[4].elements as any[]), ...(blocks[5].elements as any[])];
    expect(elements.length).toBe(27);
    expect((blocks[4].elements as unknown[]).length).toBe(25);
    expect(new Set(elements.map((e) => e.action_id)).size).toBe(27);
    expect(Array.from(elements[0].text.text as string).length).toBe(75);
    expect(elements[26]).toMatchObject({ action_id: 'b26', value: 'val26' });
  });

  it('caps a message at 50 blocks with a note', () => {
    const buttons = Array.from({ length: 25 * 60 }, (_, i) => ({ label: `B${i}`, value: `v${i}` }));
    const { blocks } = renderBlocks({ text: 'many', buttons });
    expect(blocks).toHaveLength(50);
    expect(blocks[49].type).toBe('context');
  });
});

describe('renderModal', () => {
  it('renders every field kind with names as block and action ids', () => {
    const view = renderModal({
      id: 'log',
      title: '记录一次跟进',
      submitLabel: '保存',
      meta: 'cust-9',
      fields: [
        { name: 'note', label: '内容', kind: 'textarea', required: true, initial: '已电话', placeholder: '写点什么' },
        {
          name: 'grade',
          label: '级别',
          kind: 'select',
          options: [
            { label: 'H', value: 'H' },
            { label: 'A', value: 'A' },
          ],
          initial: 'A',
          hint: 'H = 7 天内',
        },
        { name: 'day', label: '日期', kind: 'date', initial: '2026-12-04' },
        { name: 'time', label: '时间', kind: 'time', initial: '14:00' },
      ],
    });
    expect(view).toMatchObject({ type: 'modal', callback_id: 'log', private_metadata: 'cust-9', close: { text: '取消' }, submit: { text: '保存' } });
    expect(view.blocks).toEqual([
      {
        type: 'input',
        block_id: 'note',
        optional: false,
        label: expect.objectContaining({ text: '内容' }),
        element: {
          type: 'plain_text_input',
          action_id: 'note',
          multiline: true,
          initial_value: '已电话',
          placeholder: expect.objectContaining({ text: '写点什么' }),
        },
      },
      {
        type: 'input',
        block_id: 'grade',
        optional: true,
        label: expect.anything(),
        hint: expect.objectContaining({ text: 'H = 7 天内' }),
        element: expect.objectContaining({ type: 'static_select', action_id: 'grade', initial_option: expect.objectContaining({ value: 'A' }) }),
      },
      expect.objectContaining({ block_id: 'day', element: { type: 'datepicker', action_id: 'day', initial_date: '2026-12-04' } }),
      expect.objectContaining({ block_id: 'time', element: { type: 'timepicker', action_id: 'time', initial_time: '14:00' } }),
    ]);
  });

  it('reads a submission back into field values, leaving out empty ones', () => {
    expect(
      flattenViewState({
        note: { note: { type: 'plain_text_input', value: 'hi' } },
        grade: { grade: { type: 'static_select', selected_option: { value: 'H' } } },
        day: { day: { type: 'datepicker', selected_date: '2026-12-04' } },
        time: { time: { type: 'timepicker', selected_time: null } },
        empty: { empty: { type: 'plain_text_input', value: null } },
      }),
    ).toEqual({ note: 'hi', grade: 'H', day: '2026-12-04' });
  });
});

describe('renderHome and mentions', () => {
  it('puts all replies in one home view with unique action ids', () => {
    const view = renderHome([
      { text: 'a', buttons: [{ label: 'x', value: '1' }] },
      { text: 'b', buttons: [{ label: 'y', value: '2' }] },
    ]);
    expect(view.type).toBe('home');
    const ids = view.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));
    expect(ids).toEqual(['r0b0', 'r1b0']);
  });

  it('strips the leading bot mention', () => {
    expect(stripLeadingMention('<@U0BOT|dealerbot>: 今天的看板')).toBe('今天的看板');
    expect(stripLeadingMention('hi <@U0BOT>')).toBe('hi <@U0BOT>');
  });
});
