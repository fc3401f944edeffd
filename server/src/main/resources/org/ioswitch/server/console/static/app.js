// The console's shell: login, navigation by URL hash, one view at a time.
import { api, setCsrf } from './api.js';
import { showDevices } from './devices.js';
import { showDevice } from './device.js';
import { showPairing } from './pairing.js';
import { showAccounts } from './accounts.js';
import { showAudit } from './audit.js';

const view = document.getElementById('view');
let me = null;
// Each view returns a function that stops what it keeps running (timers, live streams).
let stopView = () => {};

function showLogin(message) {
  me = null;
  stopView();
  stopView = () => {};
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  view.replaceChildren(document.getElementById('login-template').content.cloneNode(true));
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = document.getElementById('login-user').value;
    const password = document.getElementById('login-password').value;
    try {
      loggedIn(await api('POST', 'login', { user, password }));
    } catch (e) {
      document.getElementById('login-error').textContent = e.message;
    }
  });
  document.getElementById('login-user').focus();
}

function loggedIn(who) {
  me = who;
  setCsrf(who.csrf);
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = who.user + ' (' + who.kind + ') @ ' + who.network;
  for (const a of document.querySelectorAll('#nav a.admin')) {
    a.hidden = who.kind !== 'admin';
  }
  route();
}

function route() {
  if (!me) {
    return;
  }
  stopView();
  stopView = () => {};
  const hash = location.hash || '#/devices';
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', hash.startsWith(a.getAttribute('href')));
  }
  const admin = me.kind === 'admin';
  if (hash.startsWith('#/device/')) {
    stopView = showDevice(view, decodeURIComponent(hash.substring('#/device/'.length)));
  } else if (hash === '#/pairing' && admin) {
    stopView = showPairing(view);
  } else if (hash === '#/accounts' && admin) {
    stopView = showAccounts(view, me);
  } else if (hash === '#/audit' && admin) {
    stopView = showAudit(view);
  } else {
    stopView = showDevices(view);
  }
}

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api('POST', 'logout');
  } finally {
    showLogin('You are logged out.');
  }
});
window.addEventListener('hashchange', route);
window.addEventListener('logged-out', () => {
  if (me) {
    showLogin('Your session has ended: log in again.');
  }
});

api('GET', 'session').then(loggedIn, () => showLogin(''));
