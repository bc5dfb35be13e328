// Staff sign-in (/staff/sign-in?next=/dashboard) and the one-time invite that sets a
// password (/staff/invite#<token>: the token stays in the fragment, so it never reaches a
// server log or a Referer header; the page removes it from the address bar at once).
const T = {
  zh: {
    toggle: 'EN',
    signInTitle: '员工登录',
    inviteTitle: '设置登录密码',
    login: '员工编号或邮箱',
    password: '密码',
    signIn: '登录',
    signInIntro: '请使用店总发给您的邀请链接设置的密码登录。',
    newPassword: '新密码（至少 {min} 个字符）',
    repeatPassword: '再输入一次',
    setPassword: '设置密码并登录',
    inviteIntro: '{name}，您好！请为 dealerbot 设置登录密码。链接有效期至 {until}。',
    mismatch: '两次输入的密码不一致',
    signedIn: '已登录：{name}。正在跳转…',
    toChat: '在线聊天',
    toDashboard: '销售看板',
    failed: '出错了，请稍后再试',
    noToken: '链接不完整：请从消息中打开完整的邀请链接。',
  },
  en: {
    toggle: '中文',
    signInTitle: 'Staff sign-in',
    inviteTitle: 'Set your password',
    login: 'Staff id or e-mail',
    password: 'Password',
    signIn: 'Sign in',
    signInIntro: 'Sign in with the password you set through your store manager’s invite link.',
    newPassword: 'New password (at least {min} characters)',
    repeatPassword: 'Repeat it',
    setPassword: 'Set password and sign in',
    inviteIntro: 'Hello {name}! Choose a password for dealerbot. This link works until {until}.',
    mismatch: 'The two passwords differ',
    signedIn: 'Signed in as {name}. Taking you there…',
    toChat: 'Web chat',
    toDashboard: 'Dashboard',
    failed: 'Something went wrong, please try again',
    noToken: 'The link is incomplete: open the whole invite link from the message.',
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem('dealerbot.lang') || ((navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en'),
  invite: location.pathname === '/staff/invite',
  token: '',
  inviteInfo: null,
  minChars: 10,
};

function t(key, params = {}) {
  return T[state.lang][key].replace(/\{(\w+)\}/g, (_, k) => params[k] ?? '');
}

/** Only a path of this site: an absolute URL in ?next= must not send a signed-in user elsewhere. */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next') || '/dashboard';
  return /^\/(?!\/)[^\\]*$/.test(next) ? next : '/dashboard';
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function render() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n)));
  $('lang-toggle').textContent = t('toggle');
  document.querySelector('[data-i18n=newPassword]').textContent = t('newPassword', { min: state.minChars });
  $('title').textContent = t(state.invite ? 'inviteTitle' : 'signInTitle');
  if (state.invite && state.inviteInfo) {
    $('intro').textContent = t('inviteIntro', {
      name: state.inviteInfo.staff.name[state.lang],
      until: new Date(state.inviteInfo.expiresAt).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en'),
    });
  } else {
    $('intro').textContent = state.invite ? '' : t('signInIntro');
  }
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  const data = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, data };
}

function errorText(data) {
  return (state.lang === 'zh' ? data.errorZh : null) || data.error || t('failed');
}

function signedIn(data) {
  showError('');
  $('sign-in').hidden = true;
  $('set-password').hidden = true;
  $('done').textContent = t('signedIn', { name: data.staff.name[state.lang] });
  $('done').hidden = false;
  setTimeout(() => location.assign(nextPath()), 600);
}

async function initInvite() {
  state.token = location.hash.slice(1);
  // the token leaves the address bar (and the history) at once
  history.replaceState(null, '', location.pathname);
  if (!state.token) return showError(t('noToken'));
  const { ok, data } = await post('/api/staff/invite/check', { token: state.token });
  if (!ok) return showError(errorText(data));
  state.inviteInfo = data;
  state.minChars = data.passwordMinChars || state.minChars;
  $('invite-user').value = data.staff.id;
  $('set-password').hidden = false;
  render();
  $('new-password').focus();
}

function init() {
  render();
  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('dealerbot.lang', state.lang);
    render();
  });
  $('sign-in').addEventListener('submit', async (e) => {
    e.preventDefault();
    showError('');
    const { ok, data } = await post('/api/staff/sign-in', { login: $('login').value.trim(), password: $('password').value });
    if (!ok) {
      $('password').value = '';
      return showError(errorText(data));
    }
    signedIn(data);
  });
  $('set-password').addEventListener('submit', async (e) => {
    e.preventDefault();
    showError('');
    if ($('new-password').value !== $('repeat-password').value) return showError(t('mismatch'));
    const { ok, data } = await post('/api/staff/invite/accept', { token: state.token, password: $('new-password').value });
    if (!ok) return showError(errorText(data));
    signedIn(data);
  });
  if (state.invite) {
    initInvite().catch(() => showError(t('failed')));
  } else {
    $('sign-in').hidden = false;
    $('login').focus();
  }
}

init();
