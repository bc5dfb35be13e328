// The web chat client: talks to POST /api/chat and reads the transcript from
// GET /api/chat/history (so a reload shows the history and a human's replies arrive).
const UI = {
  zh: { asCustomer: '我是客户', asStaff: '我是员工', send: '发送', placeholder: '输入消息…', typing: '正在输入…', staffKey: '员工密钥', pick: '选择员工', human: '顾问', customer: '客户', bot: '助手', error: '发送失败，请重试', subtitleCustomer: '在线助手', subtitleStaff: '员工助手', toggle: 'EN' },
  en: { asCustomer: 'Customer', asStaff: 'Staff', send: 'Send', placeholder: 'Type a message…', typing: 'typing…', staffKey: 'Staff key', pick: 'Choose a staff member', human: 'Adviser', customer: 'Customer', bot: 'Assistant', error: 'Could not send, please try again', subtitleCustomer: 'Online assistant', subtitleStaff: 'Staff assistant', toggle: '中文' },
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
  staffId: localStorage.getItem('dealerbot.staffId') || '',
  staffKey: sessionStorage.getItem('dealerbot.staffKey') || '',
  config: null,
  lastId: 0,
  seen: new Set(),
  busy: false,
  pollTimer: null,
};

function sessionKey() {
  return state.role === 'staff' ? `dealerbot.session.staff.${state.staffId}` : 'dealerbot.session.customer';
}
function sessionId() {
  let id = localStorage.getItem(sessionKey());
  if (!id) {
    id = (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');
    localStorage.setItem(sessionKey(), id);
  }
  return id;
}
function newMessageId() {
  return (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}${Math.random().toString(36).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');
}
function headers() {
  const h = { 'content-type': 'application/json' };
  if (state.role === 'staff' && state.staffKey) h['x-staff-key'] = state.staffKey;
  return h;
}

function applyUi() {
  const ui = UI[state.lang];
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => (el.textContent = ui[el.dataset.i18n]));
  $('input').placeholder = ui.placeholder;
  $('staff-key').placeholder = ui.staffKey;
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

function renderMessage(m, { pending = false } = {}) {
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
  $('log').append(div);
  $('log').scrollTop = $('log').scrollHeight;
  return div;
}

async function syncHistory() {
  const q = new URLSearchParams({ sessionId: sessionId(), role: state.role, after: String(state.lastId) });
  if (state.role === 'staff') q.set('staffId', state.staffId);
  const res = await fetch(`/api/chat/history?${q}`, { headers: headers() });
  if (!res.ok) return;
  const { messages } = await res.json();
  for (const m of messages) {
    state.lastId = Math.max(state.lastId, m.id);
    if (state.seen.has(m.id)) continue;
    state.seen.add(m.id);
    document.querySelector('.msg.pending')?.remove();
    renderMessage(m);
  }
}

async function send({ text, action, echo }) {
  if (state.busy) return;
  if (state.role === 'staff' && !state.staffId) return notice(UI[state.lang].pick);
  state.busy = true;
  $('send').disabled = true;
  renderMessage({ from: 'me', text: text ?? echo ?? action }, { pending: true });
  const typing = document.createElement('div');
  typing.className = 'typing';
  typing.textContent = UI[state.lang].typing;
  $('log').append(typing);
  const body = { sessionId: sessionId(), role: state.role, messageId: newMessageId() };
  if (state.role === 'staff') body.staffId = state.staffId;
  if (action) body.action = action;
  else body.text = text;
  try {
    const res = await fetch('/api/chat', { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    if (!res.ok) {
      const err = await res.json().catch(() => ({}));
      throw new Error(err.error || res.statusText);
    }
    await res.json();
    await syncHistory();
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
  sel.value = state.staffId;
}

async function loadStaff() {
  const res = await fetch('/api/staff', { headers: headers() });
  if (!res.ok) {
    staffList = [];
    if (res.status === 401) notice(UI[state.lang].staffKey);
    return false;
  }
  staffList = (await res.json()).staff;
  renderStaffOptions();
  return true;
}

async function switchRole(role) {
  state.role = role;
  const staff = role === 'staff';
  $('staff-select').hidden = !staff;
  $('staff-key').hidden = !(staff && state.config.staffSide === 'key');
  if (staff) await loadStaff();
  applyUi();
  if (staff && !state.staffId) {
    $('log').replaceChildren();
    return;
  }
  await resetTranscript();
}

async function init() {
  state.config = await (await fetch('/api/config')).json();
  if (!embedded && state.config.staffSide !== 'closed') $('roles').hidden = false;
  applyUi();
  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('dealerbot.lang', state.lang);
    applyUi();
    resetTranscript();
  });
  document.querySelectorAll('input[name=role]').forEach((r) => r.addEventListener('change', () => switchRole(r.value)));
  $('staff-select').addEventListener('change', async (e) => {
    state.staffId = e.target.value;
    localStorage.setItem('dealerbot.staffId', state.staffId);
    await resetTranscript();
  });
  $('staff-key').addEventListener('change', async (e) => {
    state.staffKey = e.target.value;
    sessionStorage.setItem('dealerbot.staffKey', state.staffKey);
    await loadStaff();
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
  await resetTranscript();
  // Replies from a human adviser or a reminder arrive without a request of ours.
  state.pollTimer = setInterval(() => {
    if (!state.busy && !document.hidden) syncHistory().catch(() => {});
  }, 3000);
}

init().catch((err) => notice(err.message));
