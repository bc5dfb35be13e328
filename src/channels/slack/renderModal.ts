// A Form as a Slack modal: one input block per field, block_id = action_id = the field's
// name, so a submission's values map back to field names. Within Slack's limits (24
// characters for title and buttons, 100 blocks, 100 options, 75 characters an option).
import { detectLang } from '../../core/detectLang.js';
import type { Form, FormField } from '../../core/message.js';
import { truncate, type Block } from './renderBlocks.js';

const TITLE = 24;
const LABEL = 2000;
const HINT = 2000;
const PLACEHOLDER = 150;
const OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const MAX_BLOCKS = 100;
const METADATA = 3000;

interface ModalView {
  type: 'modal';
  callback_id: string;
  private_metadata?: string;
  title: { type: 'plain_text'; text: string };
  submit: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  blocks: Block[];
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: truncate(text, max) || ' ', emoji: true });

export function renderModal(form: Form): ModalView {
  if (form.meta && form.meta.length > METADATA) throw new Error(`form ${form.id}: meta is longer than Slack's ${METADATA} characters`);
  // the form has no language of its own: its title tells
  const close = detectLang(form.title, 'zh') === 'en' ? 'Cancel' : '取消';
  return {
    type: 'modal',
    callback_id: form.id,
    ...(form.meta ? { private_metadata: form.meta } : {}),
    title: plain(form.title, TITLE),
    submit: plain(form.submitLabel, TITLE),
    close: plain(close, TITLE),
    blocks: form.fields.slice(0, MAX_BLOCKS).map(renderInput),
  };
}

function renderInput(field: FormField): Block {
  return {
    type: 'input',
    block_id: field.name,
    optional: !field.required,
    label: plain(field.label, LABEL),
    ...(field.hint ? { hint: plain(field.hint, HINT) } : {}),
    element: renderElement(field),
  };
}

function renderElement(field: FormField): Block {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, PLACEHOLDER) } : {};
  const base = { action_id: field.name, ...placeholder };
  switch (field.kind) {
    case 'select': {
      const options = (field.options ?? []).slice(0, OPTIONS).map((o) => ({ text: plain(o.label, OPTION_TEXT), value: o.value.slice(0, OPTION_VALUE) }));
      const initial = options.find((o) => field.initial !== undefined && o.value === field.initial);
      return { type: 'static_select', ...base, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'date':
      return { type: 'datepicker', ...base, ...(field.initial && /^\d{4}-\d{2}-\d{2}$/.test(field.initial) ? { initial_date: field.initial } : {}) };
    case 'time':
      return { type: 'timepicker', ...base, ...(field.initial && /^\d{2}:\d{2}$/.test(field.initial) ? { initial_time: field.initial } : {}) };
    case 'textarea':
    case 'text':
      return {
        type: 'plain_text_input',
        ...base,
        ...(field.kind === 'textarea' ? { multiline: true } : {}),
        ...(field.initial ? { initial_value: field.initial } : {}),
      };
  }
}
