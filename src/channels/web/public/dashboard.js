// The managers' dashboard: the daily board (targets, funnel, ranking, today, forecast) and
// the funnel by dimension, from GET /api/dashboard/*. Everything shown from the server is
// set as text (textContent / SVG text nodes), never parsed as HTML. The viewer is the
// staff member signed in on the web (/staff/sign-in), or in the demo on the dealer's own
// machine, the one picked from the list; the server never takes a staff id from the page.
const UI = {
  zh: {
    toggle: 'EN',
    title: '销售看板',
    staff: '登录身份',
    pick: '选择员工（演示）',
    signIn: '员工登录',
    signOut: '退出',
    date: '日期',
    scope: '范围',
    wholeStore: '全店',
    noData: '本期暂无数据',
    targets: '目标与进度',
    funnel: '销售漏斗',
    yesterday: '昨日',
    monthToDate: '本月累计',
    forecast: '月底预测',
    ranking: '排行榜',
    today: '今日安排',
    testDrives: '试驾',
    deliveries: '交车',
    funnelBy: '分维度漏斗',
    period: '期间',
    thisMonth: '本月',
    lastMonth: '上月',
    last7: '近 7 天',
    last30: '近 30 天',
    custom: '自定义',
    from: '从',
    to: '至',
    by: '维度',
    byConsultant: '顾问',
    byTeam: '小组',
    bySource: '来源',
    byCampaign: '活动',
    byModel: '车型',
    closed: '此处未开放员工端：请店总用 dealerbot staff invite 为员工创建登录。',
    needKey: '请先登录。',
    chooseStaff: '请选择一位销售经理或店总。',
    notManager: '看板仅对销售经理和店总开放，{name}是{role}，无权查看。',
    otherTeam: '销售经理只能查看本组看板。',
    failed: '加载失败：{error}',
    loading: '加载中…',
    target: '目标',
    actual: '完成',
    gap: '差额',
    ahead: '超前',
    runRate: '剩余每工作日需',
    noTarget: '未设目标',
    month: '{period} 月：{workingDays} 个工作日，已过 {elapsed}，剩余 {left}',
    conversion: '转化',
    bottleneck: '瓶颈：{stage}，本月转化 {conv}（上月 {last}）',
    noBottleneck: '暂无明显瓶颈',
    projected: '预测订单',
    range: '区间 {low}–{high}',
    vsTarget: '目标 {target}',
    weights: '按级别成交概率：',
    name: '姓名',
    team: '小组',
    orders: '订单',
    ordersTarget: '目标',
    pct: '完成率',
    leads: '线索',
    overdue: '逾期跟进',
    practice: '陪练',
    overdueTotal: '逾期未跟进：{n} 个',
    none: '无',
    customer: '客户',
    model: '车型',
    consultantCol: '顾问',
    group: '分组',
    unassigned: '未分配',
    exportTitle: '导出客户',
    exportButton: '导出客户（CSV）',
    exportNote: '导出您权限范围内的客户（已匿名化的除外），姓名与手机号已打码。每次导出都会记录操作人。',
    exportFull: '导出完整手机号（仅店总；此次导出将被记录）',
    exporting: '正在导出…',
    exported: '已导出 {file}',
    exportDenied: '无权导出：{error}',
  },
  en: {
    toggle: '中文',
    title: 'Sales dashboard',
    staff: 'Signed in as',
    pick: 'Choose a staff member (demo)',
    signIn: 'Staff sign-in',
    signOut: 'Sign out',
    date: 'Date',
    scope: 'Scope',
    wholeStore: 'Whole store',
    noData: 'No data yet for this period',
    targets: 'Targets and progress',
    funnel: 'Sales funnel',
    yesterday: 'Yesterday',
    monthToDate: 'Month to date',
    forecast: 'Month-end forecast',
    ranking: 'Ranking',
    today: 'Today',
    testDrives: 'Test drives',
    deliveries: 'Deliveries',
    funnelBy: 'Funnel by dimension',
    period: 'Period',
    thisMonth: 'This month',
    lastMonth: 'Last month',
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    custom: 'Custom',
    from: 'From',
    to: 'To',
    by: 'By',
    byConsultant: 'Consultant',
    byTeam: 'Team',
    bySource: 'Source',
    byCampaign: 'Campaign',
    byModel: 'Model',
    closed: 'The staff side is not open here: staff sign in once the store manager has invited them (dealerbot staff invite).',
    needKey: 'Please sign in first.',
    chooseStaff: 'Choose a sales manager or the store manager.',
    notManager: 'The dashboard is for sales managers and the store manager; {name} is a {role}.',
    otherTeam: 'A sales manager sees their own team only.',
    failed: 'Could not load: {error}',
    loading: 'Loading…',
    target: 'target',
    actual: 'done',
    gap: 'gap',
    ahead: 'ahead by',
    runRate: 'needed per working day',
    noTarget: 'no target set',
    month: '{period}: {workingDays} working days, {elapsed} done, {left} left',
    conversion: 'conversion',
    bottleneck: 'Bottleneck: {stage}, {conv} this month (last month {last})',
    noBottleneck: 'No clear bottleneck',
    projected: 'Projected orders',
    range: 'range {low}–{high}',
    vsTarget: 'target {target}',
    weights: 'Close probability by grade: ',
    name: 'Name',
    team: 'Team',
    orders: 'Orders',
    ordersTarget: 'Target',
    pct: 'Done',
    leads: 'Leads',
    overdue: 'Overdue',
    practice: 'Practice',
    overdueTotal: 'Overdue follow-ups: {n}',
    none: 'None',
    customer: 'Customer',
    model: 'Model',
    consultantCol: 'Consultant',
    group: 'Group',
    unassigned: 'unassigned',
    exportTitle: 'Export customers',
    exportButton: 'Export customers (CSV)',
    exportNote: 'Exports the customers in your scope (not those deleted on request), names and phones masked. Every export is logged with who made it.',
    exportFull: 'Full phone numbers (store manager only; this export is logged)',
    exporting: 'Exporting…',
    exported: 'Exported {file}',
    exportDenied: 'Not allowed to export: {error}',
  },
};
const ROLE_NAMES = {
  zh: { sales_consultant: '销售顾问', sales_manager: '销售经理', dcc_agent: 'DCC 专员', store_manager: '店总' },
  en: { sales_consultant: 'sales consultant', sales_manager: 'sales manager', dcc_agent: 'DCC agent', store_manager: 'store manager' },
};
const METRICS = {
  zh: { orders: '订单', deliveries: '交车', revenue: '销售额', test_drives: '试驾', leads: '新线索' },
  en: { orders: 'Orders', deliveries: 'Deliveries', revenue: 'Revenue', test_drives: 'Test drives', leads: 'New leads' },
};
const STAGES = {
  zh: { leads: '线索', on_file: '留档', visits: '到店', test_drives: '试驾', quotes: '报价', orders: '订单', deliveries: '交车' },
  en: { leads: 'Leads', on_file: 'On file', visits: 'Visits', test_drives: 'Test drives', quotes: 'Quotes', orders: 'Orders', deliveries: 'Deliveries' },
};
const STAGE_ORDER = ['leads', 'on_file', 'visits', 'test_drives', 'quotes', 'orders', 'deliveries'];
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem('dealerbot.lang') || ((navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en'),
  /** {mode, staff, csrfToken} from GET /api/staff/session */
  session: null,
  config: null,
  /** the demo's pick list; the store's staff names come with /api/dashboard/me */
  staff: [],
  me: null,
  team: '',
  board: null,
  dim: null,
  /** the latest request of each kind wins: a slow older answer is dropped */
  seq: { board: 0, dim: 0 },
};

// ------------------------------------------------------------------ helpers

function t(key, vars) {
  let s = UI[state.lang][key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) s = s.split(`{${k}}`).join(String(v));
  return s;
}
const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
function fmtNum(x, digits = 0) {
  if (!isNum(x)) return '—';
  return new Intl.NumberFormat(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits }).format(x);
}
function fmtPct(x) {
  if (!isNum(x)) return '—';
  return `${fmtNum(x * 100, x < 0.1 ? 1 : 0)}%`;
}
function fmtMetric(metric, x) {
  if (!isNum(x)) return '—';
  if (metric !== 'revenue') return fmtNum(x, 1);
  if (state.lang === 'zh') return x >= 10_000 ? `¥${fmtNum(x / 10_000, 1)}万` : `¥${fmtNum(x)}`;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', notation: 'compact', maximumFractionDigits: 1 }).format(x);
}
const named = (x) => (x ? (state.lang === 'zh' ? x.nameZh : x.nameEn) || x.nameZh || x.nameEn || x.id : '');
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = String(text);
  return e;
}
async function getJson(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(body.error || res.statusText);
    err.status = res.status;
    err.body = body;
    throw err;
  }
  return body;
}
function showMessage(text, isError) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
  m.classList.toggle('error', !!isError);
}
/** Local dates as strings, no timezone involved (the server gives "today" in store time). */
function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
function formatTime(at) {
  if (typeof at !== 'string') return '';
  if (/^\d{2}:\d{2}$/.test(at)) return at;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const tz = state.me?.store?.timezone || undefined;
  return new Intl.DateTimeFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

// ------------------------------------------------------------------ static texts

function applyUi() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((e) => (e.textContent = t(e.dataset.i18n)));
  $('lang-toggle').textContent = t('toggle');
  $('staff-sign-in').textContent = t('signIn');
  $('staff-sign-out').textContent = t('signOut');
  const me = state.session?.staff;
  $('staff-name').textContent = me ? `${me.name[state.lang]} · ${ROLE_NAMES[state.lang][me.role] ?? me.role}` : '';
  if (state.config) {
    const name = state.config.store.name[state.lang];
    $('store-name').textContent = name;
    document.title = `${t('title')} · ${name}`;
  }
  renderStaffOptions();
  renderTeamOptions();
}

function renderStaffOptions() {
  const sel = $('staff-select');
  sel.replaceChildren(new Option(t('pick'), ''));
  // managers first: they are the ones the dashboard is for
  const rank = { store_manager: 0, sales_manager: 1 };
  const list = [...state.staff].sort((a, b) => (rank[a.role] ?? 2) - (rank[b.role] ?? 2) || a.id.localeCompare(b.id));
  for (const s of list) sel.append(new Option(`${s.name[state.lang]} · ${ROLE_NAMES[state.lang][s.role] ?? s.role}`, s.id));
  sel.value = state.session?.staff?.id ?? '';
}

/** The demo's picker, who is signed in, or the way to sign in. */
function renderSignIn() {
  const mode = state.session?.mode;
  const me = state.session?.staff;
  $('staff-select').hidden = mode !== 'demo';
  $('staff-who').hidden = !me || mode === 'demo';
  $('staff-sign-in').hidden = !!me || mode !== 'accounts';
  $('staff-sign-in').href = `/staff/sign-in?next=${encodeURIComponent('/dashboard')}`;
  applyUi();
}

function renderTeamOptions() {
  const me = state.me;
  $('team-label').hidden = !me?.canSwitchTeams;
  if (!me) return;
  const sel = $('team-select');
  sel.replaceChildren();
  if (me.canSwitchTeams) sel.append(new Option(t('wholeStore'), ''));
  for (const tm of me.teams) sel.append(new Option(tm.name[state.lang], tm.id));
  sel.value = state.team;
  const scopeTeam = me.teams.find((x) => x.id === state.team);
  $('scope-name').textContent = me.canSwitchTeams ? '' : scopeTeam ? scopeTeam.name[state.lang] : t('wholeStore');
}

// ------------------------------------------------------------------ the board

function renderBoard() {
  const b = state.board;
  $('board').hidden = !b || b.empty;
  $('empty').hidden = !b || !b.empty;
  if (!b || b.empty) return;
  renderProgress(b);
  $('funnel-yesterday').replaceChildren(funnelChart(b.funnel.yesterday, null));
  $('funnel-mtd').replaceChildren(funnelChart(b.funnel.monthToDate, b.bottleneck?.stage ?? null));
  const bn = $('bottleneck');
  if (b.bottleneck) {
    bn.textContent = t('bottleneck', {
      stage: STAGES[state.lang][b.bottleneck.stage] ?? b.bottleneck.stage,
      conv: fmtPct(b.bottleneck.conversion),
      last: fmtPct(b.bottleneck.lastMonthConversion),
    });
    bn.className = 'callout warn';
  } else {
    bn.textContent = t('noBottleneck');
    bn.className = 'callout';
  }
  renderForecast(b.forecast);
  renderRanking(b.ranking);
  $('overdue').textContent = t('overdueTotal', { n: fmtNum(b.overdueFollowUps) });
  renderToday(b.today);
}

function renderProgress(b) {
  $('month-info').textContent = t('month', {
    period: b.month.period,
    workingDays: fmtNum(b.month.workingDays),
    elapsed: fmtNum(b.month.workingDaysElapsed),
    left: fmtNum(b.month.workingDaysLeft),
  });
  const list = $('progress');
  list.replaceChildren();
  for (const p of b.progress) {
    const pct = isNum(p.pct) ? p.pct : null;
    const width = pct === null ? 0 : Math.max(0, Math.min(1, pct)) * 100;
    // on pace = at least the share of working days gone
    const pace = b.month.workingDays > 0 ? b.month.workingDaysElapsed / b.month.workingDays : 0;
    const tone = pct === null ? '' : pct >= 1 || pct >= pace ? 'good' : pct >= pace * 0.8 ? 'warn' : 'bad';
    const bar = el('div', {
      class: `pbar ${tone}`,
      role: 'progressbar',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': String(Math.round(width)),
    });
    // a CSSOM property, not a style attribute: the page's CSP allows no inline style
    const fill = el('span');
    fill.style.width = `${width.toFixed(1)}%`;
    bar.append(fill);
    const nums = [];
    if (p.target === null || p.target === undefined) nums.push(`${t('actual')} ${fmtMetric(p.metric, p.actual)} · ${t('noTarget')}`);
    else {
      nums.push(`${t('actual')} ${fmtMetric(p.metric, p.actual)} / ${t('target')} ${fmtMetric(p.metric, p.target)}`);
      if (isNum(p.gap)) nums.push(p.gap > 0 ? `${t('gap')} ${fmtMetric(p.metric, p.gap)}` : `${t('ahead')} ${fmtMetric(p.metric, -p.gap)}`);
      if (isNum(p.runRateNeeded)) nums.push(`${t('runRate')} ${fmtMetric(p.metric, p.runRateNeeded)}`);
    }
    list.append(
      el(
        'div',
        { class: 'metric', 'data-metric': p.metric },
        el(
          'div',
          { class: 'head' },
          el('span', { class: 'name', text: METRICS[state.lang][p.metric] ?? p.metric }),
          el('span', { class: 'pct', text: fmtPct(pct) }),
        ),
        bar,
        el('div', { class: 'nums', text: nums.join(' · ') }),
      ),
    );
  }
}

/** A horizontal bar per stage: count, and the conversion from the previous stage. */
function funnelChart(rows, highlight) {
  const byStage = new Map((rows || []).map((r) => [r.stage, r]));
  const stages = STAGE_ORDER.filter((s) => byStage.has(s));
  const W = 360,
    labelW = 74,
    rowH = 26,
    numW = 92;
  const max = Math.max(1, ...stages.map((s) => (isNum(byStage.get(s).count) ? byStage.get(s).count : 0)));
  const root = svg('svg', { viewBox: `0 0 ${W} ${stages.length * rowH + 4}`, role: 'img', class: 'funnel-chart' });
  root.append(svg('title', {}, t('funnel')));
  stages.forEach((s, i) => {
    const r = byStage.get(s);
    const y = i * rowH + 2;
    const count = isNum(r.count) ? r.count : 0;
    const w = ((W - labelW - numW) * count) / max;
    root.append(svg('text', { x: 0, y: y + 16 }, STAGES[state.lang][s] ?? s));
    root.append(
      svg('rect', {
        x: labelW,
        y: y + 3,
        width: Math.max(count > 0 ? 2 : 0, w).toFixed(1),
        height: rowH - 8,
        rx: 3,
        class: s === highlight ? 'bar-bottleneck' : 'bar-a',
        'data-stage': s,
      }),
    );
    root.append(svg('text', { x: labelW + w + 4, y: y + 16 }, fmtNum(count)));
    if (isNum(r.conversion)) root.append(svg('text', { x: W, y: y + 16, 'text-anchor': 'end', class: 'dim' }, fmtPct(r.conversion)));
  });
  return root;
}

function renderForecast(f) {
  const box = $('forecast');
  box.replaceChildren();
  if (!f || !isNum(f.projected)) {
    box.append(el('p', { class: 'muted', text: t('noData') }));
    return;
  }
  box.className = 'forecast';
  box.append(el('div', {}, el('span', { class: 'big', text: fmtNum(f.projected, 1) }), ' ', el('span', { class: 'muted', text: t('projected') })));
  const parts = [t('range', { low: fmtNum(f.low, 1), high: fmtNum(f.high, 1) })];
  if (isNum(f.target)) parts.push(t('vsTarget', { target: fmtNum(f.target) }));
  box.append(el('p', { class: 'muted', text: parts.join(' · ') }));
  // the range as a band on an axis from 0, with the projection and the target marked
  const W = 360,
    H = 44,
    pad = 8;
  const top = Math.max(1, ...[f.high, f.projected, f.target].filter(isNum)) * 1.1;
  const x = (v) => pad + ((W - 2 * pad) * Math.max(0, v)) / top;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'forecast-chart' });
  chart.append(svg('rect', { x: pad, y: 14, width: W - 2 * pad, height: 10, rx: 5, class: 'bar-c' }));
  if (isNum(f.low) && isNum(f.high))
    chart.append(svg('rect', { x: x(f.low), y: 14, width: Math.max(2, x(f.high) - x(f.low)), height: 10, rx: 5, class: 'bar-b' }));
  chart.append(svg('rect', { x: x(f.projected) - 1.5, y: 8, width: 3, height: 22, class: 'bar-a' }));
  if (isNum(f.target)) {
    chart.append(svg('rect', { x: x(f.target) - 1, y: 6, width: 2, height: 26, class: 'bar-bottleneck' }));
    chart.append(svg('text', { x: x(f.target), y: 42, 'text-anchor': 'middle', class: 'dim' }, `${t('target')} ${fmtNum(f.target)}`));
  }
  box.append(el('div', { class: 'chart' }, chart));
  const w = Object.entries(f.weights || {}).filter(([, v]) => isNum(v));
  if (w.length) box.append(el('p', { class: 'muted', text: t('weights') + w.map(([g, v]) => `${g} ${fmtPct(v)}`).join(' · ') }));
}

function renderRanking(rows) {
  const table = $('ranking');
  table.replaceChildren();
  const hasPractice = (rows || []).some((r) => r.practice);
  const cols = [t('name'), t('team'), t('orders'), t('ordersTarget'), t('pct'), STAGES[state.lang].test_drives, t('leads'), t('overdue')];
  if (hasPractice) cols.push(t('practice'));
  table.append(el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', { text: c })))));
  const teams = new Map((state.me?.teams || []).map((x) => [x.id, x.name[state.lang]]));
  const body = el('tbody');
  for (const r of rows || []) {
    const cells = [
      named(r),
      r.teamId ? (teams.get(r.teamId) ?? r.teamId) : '',
      fmtNum(r.orders),
      fmtNum(r.ordersTarget),
      fmtPct(r.pct),
      fmtNum(r.testDrives),
      fmtNum(r.leads),
      fmtNum(r.overdueFollowUps),
    ];
    if (hasPractice) cells.push(r.practice ? `${fmtNum(r.practice.sessions)} · ${fmtNum(r.practice.avgScore, 1)}` : '—');
    body.append(el('tr', {}, ...cells.map((c) => el('td', { text: c }))));
  }
  if (!rows || !rows.length) body.append(el('tr', {}, el('td', { colspan: String(cols.length), text: t('none') })));
  table.append(body);
}

/** `staff` in today's agenda is an id: named from the staff list in the page's language. */
function staffName(id) {
  if (!id) return '';
  const s = state.staff.find((x) => x.id === id);
  return s ? s.name[state.lang] : id;
}

function renderToday(today) {
  const drives = $('today-drives');
  drives.replaceChildren();
  for (const d of today?.testDrives || [])
    drives.append(el('li', { text: [formatTime(d.at), d.customer, d.modelId?.toUpperCase(), staffName(d.staff)].filter(Boolean).join(' · ') }));
  if (!drives.children.length) drives.append(el('li', { class: 'none', text: t('none') }));
  const del = $('today-deliveries');
  del.replaceChildren();
  for (const d of today?.deliveries || [])
    del.append(el('li', { text: [d.customer, d.modelId?.toUpperCase(), staffName(d.staff)].filter(Boolean).join(' · ') }));
  if (!del.children.length) del.append(el('li', { class: 'none', text: t('none') }));
}

// ------------------------------------------------------------------ funnel by dimension

const SOURCES = {
  zh: {
    walk_in: '到店',
    phone: '电话',
    online: '线上平台',
    event: '活动',
    referral: '转介绍',
    web_chat: '网页咨询',
    telegram: 'Telegram',
    wechat: '微信',
    slack: 'Slack',
  },
  en: {
    walk_in: 'Walk-in',
    phone: 'Phone',
    online: 'Online platforms',
    event: 'Events',
    referral: 'Referral',
    web_chat: 'Web chat',
    telegram: 'Telegram',
    wechat: 'WeChat',
    slack: 'Slack',
  },
};

/** The funnel-by-dimension answer ({ groups: [{ key, label, counts, rows }] }) as { key, label, counts }. */
function dimGroups(data) {
  return (data?.groups || []).map((g) => {
    const counts = {};
    for (const s of STAGE_ORDER) counts[s] = isNum(g.counts?.[s]) ? g.counts[s] : 0;
    let label;
    if (g.key === null || g.key === undefined) label = t('unassigned');
    else if (g.label) label = g.label[state.lang] || g.key;
    else if (data.by === 'source') label = SOURCES[state.lang][g.key] ?? g.key;
    else label = g.key;
    return { key: g.key, label: String(label), counts };
  });
}

function renderDim() {
  const groups = dimGroups(state.dim).filter((g) => Object.values(g.counts).some((v) => v > 0));
  $('dim-empty').hidden = groups.length > 0;
  $('dim-chart').replaceChildren();
  $('dim-table').replaceChildren();
  if (!groups.length) return;
  groups.sort((a, b) => (b.counts.leads ?? 0) - (a.counts.leads ?? 0));
  // one row per group: nested bars leads ⊃ test drives ⊃ orders on one scale
  const W = 360,
    labelW = 96,
    rowH = 24,
    legendH = 20;
  const max = Math.max(1, ...groups.map((g) => Math.max(...STAGE_ORDER.map((s) => g.counts[s] ?? 0))));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${groups.length * rowH + legendH + 4}`, role: 'img', class: 'dim-chart' });
  chart.append(svg('title', {}, t('funnelBy')));
  const series = [
    ['leads', 'bar-c'],
    ['test_drives', 'bar-b'],
    ['orders', 'bar-a'],
  ];
  series.forEach(([s, cls], i) => {
    chart.append(svg('rect', { x: labelW + i * 86, y: 4, width: 10, height: 10, class: cls }));
    chart.append(svg('text', { x: labelW + i * 86 + 14, y: 13, class: 'dim' }, STAGES[state.lang][s]));
  });
  const scale = (v) => ((W - labelW - 40) * (v ?? 0)) / max;
  groups.forEach((g, i) => {
    const y = legendH + i * rowH;
    const label = g.label.length > 12 ? `${g.label.slice(0, 11)}…` : g.label;
    chart.append(svg('text', { x: 0, y: y + 15 }, label));
    for (const [s, cls] of series) {
      const h = s === 'leads' ? 16 : s === 'test_drives' ? 11 : 6;
      chart.append(
        svg('rect', {
          x: labelW,
          y: y + 3 + (16 - h) / 2,
          width: scale(g.counts[s]).toFixed(1),
          height: h,
          rx: 2,
          class: cls,
          'data-group': g.key ?? '',
          'data-stage': s,
        }),
      );
    }
    chart.append(svg('text', { x: labelW + scale(g.counts.leads) + 4, y: y + 15, class: 'dim' }, fmtNum(g.counts.leads ?? 0)));
  });
  $('dim-chart').append(chart);

  const stages = STAGE_ORDER.filter((s) => groups.some((g) => isNum(g.counts[s])));
  const table = $('dim-table');
  table.append(
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { text: t('group') }),
        ...stages.map((s) => el('th', { text: STAGES[state.lang][s] })),
        el('th', { text: `${STAGES[state.lang].orders}/${STAGES[state.lang].leads}` }),
      ),
    ),
  );
  const body = el('tbody');
  for (const g of groups) {
    const conv = g.counts.leads ? (g.counts.orders ?? 0) / g.counts.leads : null;
    body.append(el('tr', {}, el('td', { text: g.label }), ...stages.map((s) => el('td', { text: fmtNum(g.counts[s]) })), el('td', { text: fmtPct(conv) })));
  }
  table.append(body);
}

function periodRange(kind) {
  const today = state.me.today;
  const first = `${today.slice(0, 8)}01`;
  switch (kind) {
    case 'last-month': {
      const end = addDays(first, -1);
      return [`${end.slice(0, 8)}01`, end];
    }
    case '7d':
      return [addDays(today, -6), today];
    case '30d':
      return [addDays(today, -29), today];
    default:
      return [first, today];
  }
}

// ------------------------------------------------------------------ customer export

/** Fetched rather than linked, so a refusal shows as a message on this page instead of a download of an error. */
async function exportCustomers() {
  const q = new URLSearchParams({ lang: state.lang });
  if (state.me?.staff?.role === 'store_manager' && $('export-full').checked) q.set('phones', 'full');
  const button = $('export-button');
  button.disabled = true;
  showMessage(t('exporting'));
  try {
    const res = await fetch(`/api/dashboard/customers.csv?${q}`, { credentials: 'same-origin' });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      const error = state.lang === 'zh' && body.errorZh ? body.errorZh : body.error || res.statusText;
      return showMessage(
        res.status === 403 && body.code ? t('exportDenied', { error }) : explain(Object.assign(new Error(error), { status: res.status, body })),
        true,
      );
    }
    const file = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1] || 'customers.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: file, hidden: '' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showMessage(t('exported', { file }));
  } catch (err) {
    showMessage(t('failed', { error: err.message }), true);
  } finally {
    button.disabled = false;
  }
}

function renderExport() {
  const storeManager = state.me?.staff?.role === 'store_manager';
  $('export-full-label').hidden = !storeManager;
  if (!storeManager) $('export-full').checked = false;
}

// ------------------------------------------------------------------ loading

async function loadBoard() {
  const seq = ++state.seq.board;
  const q = new URLSearchParams({ date: $('date').value || state.me.today });
  if (state.team) q.set('team', state.team);
  try {
    const board = await getJson(`/api/dashboard/board?${q}`);
    if (seq !== state.seq.board) return;
    state.board = board;
    showMessage('');
    renderBoard();
  } catch (err) {
    if (seq !== state.seq.board) return;
    state.board = null;
    renderBoard();
    showMessage(explain(err), true);
  }
}

async function loadDim() {
  const seq = ++state.seq.dim;
  const q = new URLSearchParams({ from: $('from').value, to: $('to').value, by: $('by').value });
  try {
    const data = await getJson(`/api/dashboard/funnel?${q}`);
    if (seq !== state.seq.dim) return;
    state.dim = data;
    renderDim();
    document.body.dataset.dimLoaded = `${$('from').value}..${$('to').value}:${$('by').value}`;
  } catch (err) {
    if (seq !== state.seq.dim) return;
    state.dim = null;
    renderDim();
    showMessage(explain(err), true);
  }
}

function explain(err) {
  if (err.status === 403 && err.body?.code === 'not_a_manager') {
    const s = state.session?.staff;
    return t('notManager', { name: s ? s.name[state.lang] : '', role: s ? (ROLE_NAMES[state.lang][s.role] ?? s.role) : '' });
  }
  if (err.status === 403 && err.body?.code === 'other_team') return t('otherTeam');
  if (err.status === 401) return t('needKey');
  if (err.status === 403) return t('closed');
  return t('failed', { error: state.lang === 'zh' && err.body?.errorZh ? err.body.errorZh : err.message });
}

async function signIn() {
  state.me = null;
  state.board = null;
  state.dim = null;
  $('main').hidden = true;
  if (!state.session?.staff) return showMessage(t(state.session?.mode === 'demo' ? 'chooseStaff' : 'needKey'));
  showMessage(t('loading'));
  try {
    state.me = await getJson('/api/dashboard/me');
  } catch (err) {
    if (err.status === 401) await loadSession();
    return showMessage(explain(err), true);
  }
  // colleagues' names for today's agenda
  state.staff = state.me.directory ?? state.staff;
  showMessage('');
  state.team = state.me.defaultTeam ?? '';
  renderExport();
  $('date').value = state.me.today;
  $('date').max = state.me.today;
  const [from, to] = periodRange($('period').value || 'month');
  $('from').value = from;
  $('to').value = to;
  applyUi();
  $('main').hidden = false;
  await Promise.all([loadBoard(), loadDim()]);
}

async function loadSession() {
  state.session = await getJson('/api/staff/session').catch(() => ({ mode: 'closed', staff: null }));
  if (state.session.mode === 'demo') state.staff = (await getJson('/api/staff').catch(() => ({ staff: [] }))).staff;
  renderSignIn();
}

async function init() {
  state.config = await getJson('/api/config');
  applyUi();
  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('dealerbot.lang', state.lang);
    applyUi();
    renderBoard();
    renderDim();
    if (!$('message').hidden && state.session?.staff && !state.me) signIn();
  });
  if (state.config.staffSide === 'closed') {
    $('signin').hidden = true;
    return showMessage(t('closed'), true);
  }
  $('staff-select').addEventListener('change', async (e) => {
    if (!e.target.value) return;
    const res = await fetch('/api/staff/demo-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ staffId: e.target.value }),
    });
    if (res.ok) state.session = await res.json();
    renderSignIn();
    await signIn();
  });
  $('staff-sign-out').addEventListener('click', async () => {
    await fetch('/api/staff/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': state.session?.csrfToken ?? '' },
      credentials: 'same-origin',
      body: '{}',
    });
    await loadSession();
    await signIn();
  });
  $('team-select').addEventListener('change', (e) => {
    state.team = e.target.value;
    loadBoard();
  });
  $('date').addEventListener('change', () => loadBoard());
  $('period').addEventListener('change', () => {
    if ($('period').value === 'custom') return;
    const [from, to] = periodRange($('period').value);
    $('from').value = from;
    $('to').value = to;
    loadDim();
  });
  for (const id of ['from', 'to']) {
    $(id).addEventListener('change', () => {
      $('period').value = 'custom';
      if ($('from').value && $('to').value) loadDim();
    });
  }
  $('by').addEventListener('change', () => loadDim());
  $('export-button').addEventListener('click', () => exportCustomers());
  await loadSession();
  await signIn();
}

init().catch((err) => showMessage(err.message, true));
