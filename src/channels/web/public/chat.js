// The web chat client: talks to POST /api/chat and reads the transcript from
// GET /api/chat/history (so a reload shows the history and a human's replies arrive).
// The customer's session is the server's HttpOnly cookie: this page never sees or chooses
// it. The staff side needs a signed-in staff member (/staff/sign-in), or, in the demo on
// the dealer's own machine, a pick from the list; staff requests echo the CSRF token.
const UI = {
  zh: {
    asCustomer: '我是客户',
    asStaff: '我是员工',
    send: '发送',
    placeholder: '输入消息…',
    typing: '正在输入…',
    signIn: '员工登录',
    signOut: '退出',
    closed: '此处未开放员工端',
    pick: '选择员工（演示）',
    human: '顾问',
    customer: '客户',
    bot: '助手',
    error: '发送失败，请重试',
    subtitleCustomer: '在线助手',
    subtitleStaff: '员工助手',
    toggle: 'EN',
    cancel: '取消',
    sending: '正在提交…',
    required: '必填',
    requiredMissing: '请填写此项',
    formSubmitted: '已提交',
    formCancelled: '已取消',
    formClosed: '已关闭',
    choose: '请选择',
  },
  en: {
    asCustomer: 'Customer',
    asStaff: 'Staff',
    send: 'Send',
    placeholder: 'Type a message…',
    typing: 'typing…',
    signIn: 'Staff sign-in',
    signOut: 'Sign out',
    closed: 'The staff side is not open here',
    pick: 'Choose a staff member (demo)',
    human: 'Adviser',
    customer: 'Customer',
    bot: 'Assistant',
    error: 'Could not send, please try again',
    subtitleCustomer: 'Online assistant',
    subtitleStaff: 'Staff assistant',
    toggle: '中文',
    cancel: 'Cancel',
    sending: 'Sending…',
    required: 'required',
    requiredMissing: 'Please fill this in',
    formSubmitted: 'Submitted',
    formCancelled: 'Cancelled',
    formClosed: 'Closed',
    choose: 'Choose…',
  },
};
const ROLE_NAMES = {
  zh: { sales_consultant: '销售顾问', sales_manager: '销售经理', dcc_agent: 'DCC 专员', store_manager: '店总' },
  en: { sales_consultant: 'Sales consultant', sales_manager: 'Sales manager', dcc_agent: 'DCC agent', store_manager: 'Store manager' },
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embedded = params.has('embed');
if (embedded) document.body.classList.add('embed');

const state = {
  lang: localStorage.getItem('dealerbot.lang') || ((navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en'),
  role: 'customer',
  /** the staff side's session: {mode, staff, csrfToken} from GET /api/staff/session */
  staffSession: null,
  config: null,
  lastId: 0,
  seen: new Set(),
  busy: false,
  pollTimer: null,
  // Forms (a staff bot's "modal"): only the latest form is open. It closes when its
  // submission is answered without form errors, when the user cancels it, or when a
  // newer form is offered; a form offered in answer to its submission replaces it.
  openForm: null,
  /** The last message of ours was a form submission: the next reply answers it. */
  afterSubmit: false,
  /** the demo sign-in on its way, if any: a message typed meanwhile waits for it */
  signingIn: null,
};

function signedInStaff() {
  return state.staffSession?.staff ?? null;
}
function newMessageId() {
  return (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}${Math.random().toString(36).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');
}
/** Posts one turn (a text, a button's action or a form) and then shows what the history holds. */
async function postTurn(what) {
  // the page's language: what a first message without words (a bare /command, a button) is answered in
  const body = { role: state.role, messageId: newMessageId(), lang: state.lang, ...what };
  let res = await fetch('/api/chat', { method: 'POST', headers: headers(), body: JSON.stringify(body), credentials: 'same-origin' });
  // 503: the same message is still being answered by another run; the same id again later
  // never runs it twice, and the answer shows in the history either way
  for (let tries = 0; res.status === 503 && tries < 3; tries++) {
    await new Promise((r) => setTimeout(r, 1000 * Math.min(10, Number(res.headers.get('retry-after')) || 3)));
    res = await fetch('/api/chat', { method: 'POST', headers: headers(), body: JSON.stringify(body), credentials: 'same-origin' });
  }
  if (res.status === 401 && state.role === 'staff') {
    await refreshStaffSession();
    throw new Error(UI[state.lang].signIn);
  }
  if (!res.ok) {
    const err = await res.json().catch(() => ({}));
    throw new Error(err.error || res.statusText);
  }
  await res.json();
  await syncHistory();
}

function headers() {
  const h = { 'content-type': 'application/json' };
  if (state.role === 'staff' && state.staffSession?.csrfToken) h['x-csrf-token'] = state.staffSession.csrfToken;
  return h;
}

function applyUi() {
  const ui = UI[state.lang];
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => (el.textContent = ui[el.dataset.i18n]));
  $('input').placeholder = ui.placeholder;
  $('lang-toggle').textContent = ui.toggle;
  if (state.config) {
    $('store-name').textContent = state.config.store.name[state.lang];
    document.title = state.config.store.name[state.lang];
  }
  $('subtitle').textContent = state.role === 'staff' ? ui.subtitleStaff : ui.subtitleCustomer;
  renderStaffOptions();
}

function notice(text) {
  const n = $('notice');
  n.textContent = text;
  n.hidden = false;
  clearTimeout(notice.t);
  notice.t = setTimeout(() => (n.hidden = true), 4000);
}

function renderMessage(m, { pending = false, append = true } = {}) {
  const div = document.createElement('div');
  div.className = `msg ${m.from}${pending ? ' pending' : ''}`;
  div.dataset.from = m.from;
  if (m.from === 'human' || m.from === 'customer') {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = UI[state.lang][m.from];
    div.append(who);
  }
  div.append(document.createTextNode(m.text));
  if (m.card) {
    const card = document.createElement('div');
    card.className = 'card';
    const title = document.createElement('strong');
    title.textContent = m.card.title;
    card.append(title);
    if (m.card.fields?.length) {
      const dl = document.createElement('dl');
      for (const f of m.card.fields) {
        const dt = document.createElement('dt');
        dt.textContent = f.label;
        const dd = document.createElement('dd');
        dd.textContent = f.value;
        dl.append(dt, dd);
      }
      card.append(dl);
    }
    div.append(card);
  }
  if (m.image?.url) {
    const img = document.createElement('img');
    img.src = m.image.url;
    img.alt = m.image.alt || '';
    div.append(img);
  }
  if (m.buttons?.length) {
    const row = document.createElement('div');
    row.className = 'buttons';
    for (const b of m.buttons) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b.label;
      btn.addEventListener('click', () => send({ action: b.value, echo: b.label }));
      row.append(btn);
    }
    div.append(row);
  }
  if (m.formErrors && Object.keys(m.formErrors).length) {
    // errors for a form that is no longer open: shown as a list under the text
    const list = document.createElement('ul');
    list.className = 'form-errors';
    for (const message of Object.values(m.formErrors)) {
      const li = document.createElement('li');
      li.textContent = String(message);
      list.append(li);
    }
    div.append(list);
  }
  if (append) {
    $('log').append(div);
    $('log').scrollTop = $('log').scrollHeight;
  }
  return div;
}

// ---- forms ---------------------------------------------------------------------------

/** Which forms this browser cancelled (a choice of the page, not a message): per side and staff member. */
function cancelledKey() {
  return `dealerbot.cancelledForms.${state.role === 'staff' ? `staff.${signedInStaff()?.id ?? ''}` : 'customer'}`;
}
function cancelledForms() {
  try {
    return new Set(JSON.parse(localStorage.getItem(cancelledKey()) || '[]'));
  } catch {
    return new Set();
  }
}
function rememberCancelled(messageId) {
  const ids = [...cancelledForms(), messageId].slice(-50);
  localStorage.setItem(cancelledKey(), JSON.stringify(ids));
}

/** Draws a form card (every text through textContent or a property, never as HTML). */
function buildFormCard(form, messageId) {
  const ui = UI[state.lang];
  const prefix = `form-${messageId}`;
  const el = document.createElement('form');
  el.className = 'form-card';
  el.noValidate = true; // our own required check, in the page's language; the bot checks the rest
  el.setAttribute('aria-labelledby', `${prefix}-title`);
  const title = document.createElement('strong');
  title.className = 'form-title';
  title.id = `${prefix}-title`;
  title.textContent = form.title;
  el.append(title);

  const controls = new Map();
  (form.fields || []).forEach((field, i) => {
    const id = `${prefix}-f${i}`;
    const wrap = document.createElement('div');
    wrap.className = 'form-field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = field.label;
    if (field.required) {
      const mark = document.createElement('span');
      mark.className = 'req';
      mark.textContent = ' *';
      mark.title = ui.required;
      mark.setAttribute('aria-hidden', 'true');
      label.append(mark);
    }
    let control;
    if (field.kind === 'textarea') {
      control = document.createElement('textarea');
      control.rows = 3;
      control.maxLength = 2000;
      control.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          el.requestSubmit();
        }
      });
    } else if (field.kind === 'select') {
      control = document.createElement('select');
      control.append(new Option(field.placeholder || ui.choose, ''));
      for (const o of field.options || []) control.append(new Option(o.label, o.value));
    } else {
      control = document.createElement('input');
      control.type = field.kind === 'date' || field.kind === 'time' ? field.kind : 'text';
      if (control.type === 'text') control.maxLength = 2000;
    }
    control.id = id;
    control.name = field.name;
    if (field.placeholder && field.kind !== 'select') control.placeholder = field.placeholder;
    if (field.initial !== undefined && field.initial !== null) control.value = String(field.initial);
    if (field.required) {
      control.required = true;
      control.setAttribute('aria-required', 'true');
    }
    const described = [];
    wrap.append(label, control);
    if (field.hint) {
      const hint = document.createElement('div');
      hint.className = 'hint';
      hint.id = `${id}-hint`;
      hint.textContent = field.hint;
      wrap.append(hint);
      described.push(hint.id);
    }
    const error = document.createElement('div');
    error.className = 'field-error';
    error.id = `${id}-error`;
    error.hidden = true;
    wrap.append(error);
    described.push(error.id);
    control.setAttribute('aria-describedby', described.join(' '));
    el.append(wrap);
    controls.set(field.name, { field, control, error });
  });

  const general = document.createElement('div');
  general.className = 'form-error';
  general.setAttribute('role', 'alert');
  general.hidden = true;
  const actions = document.createElement('div');
  actions.className = 'form-actions';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = form.submitLabel;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'link';
  cancel.textContent = ui.cancel;
  actions.append(submit, cancel);
  el.append(general, actions);

  const f = { form, messageId, el, bubble: null, controls, general, submit, open: true };
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    submitForm(f);
  });
  cancel.addEventListener('click', () => {
    if (state.busy) return;
    rememberCancelled(messageId);
    closeForm(f, 'formCancelled');
  });
  return f;
}

/** Shows the bot's (or our own) errors under their fields; keys matching no field go on a general line. */
function showFormErrors(f, errors) {
  const general = [];
  for (const { control, error } of f.controls.values()) {
    error.hidden = true;
    error.textContent = '';
    control.removeAttribute('aria-invalid');
  }
  let first = null;
  for (const [name, message] of Object.entries(errors || {})) {
    const c = f.controls.get(name);
    if (!c) {
      general.push(String(message));
      continue;
    }
    c.error.textContent = String(message);
    c.error.hidden = false;
    c.control.setAttribute('aria-invalid', 'true');
    first ??= c.control;
  }
  f.general.textContent = general.join('\n');
  f.general.hidden = general.length === 0;
  first?.focus();
}

/** A closed form keeps its title and says why it closed; its controls go (they hold no submitted values). */
function closeForm(f, why) {
  if (!f.open) return;
  f.open = false;
  if (state.openForm === f) state.openForm = null;
  const status = document.createElement('span');
  status.className = 'form-status';
  status.textContent = UI[state.lang][why];
  const title = f.el.querySelector('.form-title');
  f.el.replaceChildren(title, status);
  f.el.classList.add('closed');
  f.el.setAttribute('aria-disabled', 'true');
}

async function submitForm(f) {
  if (state.busy || !f.open) return;
  const ui = UI[state.lang];
  const values = {};
  const missing = {};
  for (const [name, { field, control }] of f.controls) {
    values[name] = control.value;
    if (field.required && !control.value.trim()) missing[name] = ui.requiredMissing;
  }
  if (Object.keys(missing).length) return showFormErrors(f, missing);
  showFormErrors(f, {});
  state.busy = true;
  $('send').disabled = true;
  f.submit.disabled = true;
  f.submit.textContent = ui.sending;
  f.el.setAttribute('aria-busy', 'true');
  const form = { id: f.form.id, values };
  if (f.form.meta !== undefined) form.meta = f.form.meta;
  try {
    await postTurn({ form });
  } catch (err) {
    if (f.open) {
      f.general.textContent = `${ui.error}: ${err.message}`;
      f.general.hidden = false;
    } else {
      notice(`${ui.error}: ${err.message}`);
    }
  } finally {
    state.busy = false;
    $('send').disabled = false;
    f.el.removeAttribute('aria-busy');
    f.submit.disabled = false;
    f.submit.textContent = f.form.submitLabel;
  }
}

/**
 * Puts one transcript message on the page, keeping the form state: the same rules run
 * live and on a reload, so the page after a reload looks as it did before.
 */
function showMessage(m) {
  if (m.from === 'me' && m.kind === 'form') {
    // a form submission has no bubble of its own: its answer shows in or after the form
    state.afterSubmit = true;
    return;
  }
  const answersSubmission = state.afterSubmit;
  state.afterSubmit = false;
  if (m.from === 'me') {
    renderMessage(m);
    return;
  }
  const open = state.openForm;
  if (m.formErrors && open) {
    showFormErrors(open, m.formErrors);
    return;
  }
  if (m.form && typeof m.form === 'object') {
    const f = buildFormCard(m.form, m.id);
    const bubble = renderMessage(m, { append: false });
    bubble.classList.add('has-form');
    bubble.append(f.el);
    f.bubble = bubble;
    if (open && answersSubmission) {
      // the next step of the same task: the new form takes the old one's place
      open.open = false;
      open.bubble.replaceWith(bubble);
    } else {
      if (open) closeForm(open, 'formClosed');
      $('log').append(bubble);
    }
    $('log').scrollTop = $('log').scrollHeight;
    state.openForm = f;
    if (cancelledForms().has(m.id)) closeForm(f, 'formCancelled');
    return;
  }
  if (open && answersSubmission) closeForm(open, 'formSubmitted');
  renderMessage(m);
}

async function syncHistory() {
  if (state.role === 'staff' && !signedInStaff()) return;
  const q = new URLSearchParams({ role: state.role, after: String(state.lastId) });
  const res = await fetch(`/api/chat/history?${q}`, { headers: headers(), credentials: 'same-origin' });
  if (!res.ok) return;
  const { messages } = await res.json();
  for (const m of messages) {
    state.lastId = Math.max(state.lastId, m.id);
    if (state.seen.has(m.id)) continue;
    state.seen.add(m.id);
    document.querySelector('.msg.pending')?.remove();
    showMessage(m);
  }
}

async function send({ text, action, echo }) {
  if (state.signingIn) await state.signingIn;
  if (state.busy) return;
  if (state.role === 'staff' && !signedInStaff()) return notice(state.staffSession?.mode === 'demo' ? UI[state.lang].pick : UI[state.lang].signIn);
  state.busy = true;
  $('send').disabled = true;
  renderMessage({ from: 'me', text: text ?? echo ?? action }, { pending: true });
  const typing = document.createElement('div');
  typing.className = 'typing';
  typing.textContent = UI[state.lang].typing;
  $('log').append(typing);
  try {
    await postTurn(action ? { action } : { text });
  } catch (err) {
    document.querySelector('.msg.pending')?.remove();
    notice(`${UI[state.lang].error}: ${err.message}`);
  } finally {
    typing.remove();
    state.busy = false;
    $('send').disabled = false;
  }
}

async function resetTranscript() {
  $('log').replaceChildren();
  state.lastId = 0;
  state.seen.clear();
  state.openForm = null;
  state.afterSubmit = false;
  // The customer's welcome is drawn here, not sent: a visitor who only looks is not a lead.
  if (state.role === 'customer' && state.config?.welcome) {
    renderMessage({ from: 'bot', ...state.config.welcome[state.lang] }).classList.add('welcome');
  }
  await syncHistory();
}

let staffList = [];
function renderStaffOptions() {
  const sel = $('staff-select');
  const ui = UI[state.lang];
  sel.replaceChildren(new Option(ui.pick, ''));
  for (const s of staffList) {
    sel.append(new Option(`${s.name[state.lang]} · ${ROLE_NAMES[state.lang][s.role] ?? s.role}`, s.id));
  }
  sel.value = signedInStaff()?.id ?? '';
}

/** The demo's list (only served in demo mode: this machine, no staff password yet). */
async function loadDemoStaff() {
  const res = await fetch('/api/staff', { credentials: 'same-origin' });
  staffList = res.ok ? (await res.json()).staff : [];
  renderStaffOptions();
}

async function refreshStaffSession() {
  const res = await fetch('/api/staff/session', { credentials: 'same-origin' });
  state.staffSession = res.ok ? await res.json() : { mode: 'closed', staff: null };
  renderStaffBar();
}

/** Who is signed in, a sign-out, the demo's picker, or the way to sign in. */
function renderStaffBar() {
  const ui = UI[state.lang];
  const staffRole = state.role === 'staff';
  const session = state.staffSession;
  const me = signedInStaff();
  const demo = session?.mode === 'demo';
  $('staff-select').hidden = !(staffRole && demo);
  $('staff-who').hidden = !(staffRole && me && !demo);
  $('staff-sign-in').hidden = !(staffRole && !me && session?.mode === 'accounts');
  $('staff-sign-in').textContent = ui.signIn;
  $('staff-sign-in').href = `/staff/sign-in?next=${encodeURIComponent('/?role=staff')}`;
  $('staff-sign-out').textContent = ui.signOut;
  if (me) $('staff-name').textContent = `${me.name[state.lang]} · ${ROLE_NAMES[state.lang][me.role] ?? me.role}`;
  if (staffRole && session?.mode === 'closed') notice(ui.closed);
}

async function demoSignIn(staffId) {
  const res = await fetch('/api/staff/demo-sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ staffId }),
  });
  if (!res.ok) return refreshStaffSession();
  state.staffSession = await res.json();
  renderStaffBar();
  await resetTranscript();
}

async function switchRole(role) {
  state.role = role;
  if (role === 'staff') {
    await refreshStaffSession();
    if (state.staffSession?.mode === 'demo') await loadDemoStaff();
  }
  renderStaffBar();
  applyUi();
  if (role === 'staff' && !signedInStaff()) {
    $('log').replaceChildren();
    return;
  }
  await resetTranscript();
}

async function init() {
  state.config = await (await fetch('/api/config')).json();
  if (!embedded && state.config.staffSide !== 'closed') $('roles').hidden = false;
  const wantStaff = !embedded && params.get('role') === 'staff' && state.config.staffSide !== 'closed';
  applyUi();
  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('dealerbot.lang', state.lang);
    applyUi();
    resetTranscript();
  });
  document.querySelectorAll('input[name=role]').forEach((r) => r.addEventListener('change', () => switchRole(r.value)));
  $('staff-select').addEventListener('change', (e) => {
    if (!e.target.value) return;
    // kept so a message typed while the sign-in is on its way waits for it instead of
    // being refused with "pick a staff member" (or landing in the previous one's chat)
    state.signingIn = demoSignIn(e.target.value).finally(() => (state.signingIn = null));
  });
  $('staff-sign-out').addEventListener('click', async () => {
    await fetch('/api/staff/sign-out', { method: 'POST', headers: headers(), credentials: 'same-origin', body: '{}' });
    await switchRole('staff');
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('input').value.trim();
    if (!text) return;
    $('input').value = '';
    send({ text });
  });
  $('input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  if (wantStaff) {
    document.querySelector('input[name=role][value=staff]').checked = true;
    await switchRole('staff');
  } else {
    await resetTranscript();
  }
  // Replies from a human adviser or a reminder arrive without a request of ours.
  state.pollTimer = setInterval(() => {
    if (!state.busy && !document.hidden) syncHistory().catch(() => {});
  }, 3000);
}

init().catch((err) => notice(err.message));
