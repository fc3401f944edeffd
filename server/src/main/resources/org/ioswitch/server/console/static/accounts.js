// Accounts (admins): add, remove, change a password, change rights (kind and DEVICE.BLOCK read/write patterns).
import { api, h } from './api.js';

export function showAccounts(view, me) {
  const body = h('tbody', { id: 'accounts-body' });
  const error = h('p', { class: 'error', id: 'accounts-error', role: 'alert' });
  const name = h('input', { id: 'account-name', placeholder: 'carol' });
  const kind = h('select', { id: 'account-kind' }, ['user', 'admin', 'device'].map(k => h('option', { value: k }, k)));
  const password = h('input', { id: 'account-password', type: 'password', autocomplete: 'new-password' });
  view.replaceChildren(h('h1', {}, 'Accounts'),
    h('form', { class: 'card row', id: 'account-add', onsubmit: (e) => { e.preventDefault(); add(); } },
      h('label', {}, 'Name', name), h('label', {}, 'Kind', kind), h('label', {}, 'Password', password),
      h('button', { type: 'submit' }, 'Add account')),
    error,
    h('table', { id: 'accounts' }, h('thead', {}, h('tr', {},
      ['Name', 'Kind', 'Read', 'Write', 'Rights', 'Password', ''].map(t => h('th', {}, t)))), body));

  async function run(action) {
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      error.textContent = e.message;
    }
    refresh();
  }

  function add() {
    run(async () => {
      await api('POST', 'accounts', { name: name.value, kind: kind.value, password: password.value });
      name.value = '';
      password.value = '';
    });
  }

  function row(a) {
    const path = 'accounts/' + encodeURIComponent(a.name);
    const k = h('select', {}, ['user', 'admin', 'device'].map(x => h('option', { value: x, selected: x === a.kind }, x)));
    const read = h('input', { value: a.read.join(' '), 'aria-label': 'read rules of ' + a.name });
    const write = h('input', { value: a.write.join(' '), 'aria-label': 'write rules of ' + a.name });
    const pw = h('input', { type: 'password', autocomplete: 'new-password', 'aria-label': 'new password of ' + a.name });
    const words = (input) => input.value.split(/[\s,]+/).filter(x => x);
    return h('tr', { 'data-account': a.name },
      h('td', {}, a.name), h('td', {}, k), h('td', {}, read), h('td', {}, write),
      h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => run(() =>
        api('PUT', path + '/rights', { kind: k.value, read: words(read), write: words(write) })) }, 'Save')),
      h('td', {}, h('form', { class: 'write', onsubmit: (e) => { e.preventDefault(); run(() =>
        api('POST', path + '/password', { password: pw.value })); } }, pw, h('button', { type: 'submit' }, 'Set'))),
      h('td', {}, a.name === me.user ? '' : h('button', { type: 'button', class: 'danger', onclick: () => {
        if (confirm('Remove account ' + a.name + '?')) {
          run(() => api('DELETE', path));
        }
      } }, 'Remove')));
  }

  async function refresh() {
    try {
      const { accounts } = await api('GET', 'accounts');
      body.replaceChildren(...accounts.map(row));
    } catch (e) {
      error.textContent = e.message;
    }
  }
  refresh();
  return () => {};
}
