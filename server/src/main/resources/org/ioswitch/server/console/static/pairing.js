// Pairing (admins): open the window for N minutes, see who waits, approve by typing the code the device shows.
import { api, h, badge } from './api.js';

export function showPairing(view) {
  const state = h('p', { id: 'pairing-state' });
  const minutes = h('input', { id: 'pairing-minutes', type: 'number', min: '1', max: '1440', value: '10' });
  const error = h('p', { class: 'error', id: 'pairing-error', role: 'alert' });
  const pending = h('tbody', { id: 'pending-body' });
  const paired = h('tbody', { id: 'paired-body' });
  view.replaceChildren(h('h1', {}, 'Pairing'),
    h('div', { class: 'card' }, state, h('div', { class: 'row' },
      h('label', {}, 'Minutes', minutes),
      h('button', { type: 'button', id: 'pairing-open', onclick: () => act('open', { minutes: Number(minutes.value) }) }, 'Open pairing'),
      h('button', { type: 'button', id: 'pairing-close', class: 'secondary', onclick: () => act('close') }, 'Close')), error),
    h('h2', {}, 'Waiting for approval'),
    h('p', { class: 'muted' }, 'Compare with the device: type the code it shows. The server never shows it here.'),
    h('table', { id: 'pending' }, h('thead', {}, h('tr', {},
      ['Device', 'Address', 'Board', 'Attempts', 'First seen', 'Code', ''].map(t => h('th', {}, t)))), pending),
    h('h2', {}, 'Paired devices'),
    h('table', { id: 'paired' }, h('thead', {}, h('tr', {},
      ['Device', 'State', 'Board', 'Paired'].map(t => h('th', {}, t)))), paired));

  async function act(action, body) {
    error.textContent = '';
    try {
      await api('POST', 'pairing/' + action, body === undefined ? {} : body);
    } catch (e) {
      error.textContent = e.message;
    }
    refresh();
  }

  function pendingRow(p) {
    const code = h('input', { type: 'text', inputmode: 'numeric', 'data-code': p.requestedId, placeholder: '482-193',
      'aria-label': 'code shown by ' + p.requestedId });
    return h('tr', { 'data-pending': p.requestedId },
      h('td', {}, p.requestedId), h('td', {}, p.address), h('td', {}, p.boardType), h('td', {}, p.attempts),
      h('td', { class: 'muted' }, p.firstSeen),
      h('td', {}, h('form', { class: 'write', onsubmit: (e) => { e.preventDefault(); act('approve', { name: p.requestedId, code: code.value }); } },
        code, h('button', { type: 'submit', 'data-approve': p.requestedId }, 'Approve'))),
      h('td', {}, h('button', { type: 'button', class: 'danger', 'data-reject': p.requestedId,
        onclick: () => act('reject', { name: p.requestedId }) }, 'Reject')));
  }

  // Rows are rebuilt only when the pending set changes, so a code being typed survives the refresh.
  let pendingShape = '';
  async function refresh() {
    try {
      const s = await api('GET', 'pairing');
      state.replaceChildren(badge(s.pairingOpen ? 'open' : 'closed'), ' ', s.message);
      const shape = JSON.stringify(s.pending.map(p => [p.requestedId, p.address, p.attempts]));
      if (shape !== pendingShape) {
        pendingShape = shape;
        pending.replaceChildren(...s.pending.map(pendingRow));
      }
      paired.replaceChildren(...s.devices.map(d => h('tr', { 'data-paired': d.id },
        h('td', {}, d.id), h('td', {}, badge(d.online ? 'online' : 'offline')), h('td', {}, d.boardType),
        h('td', { class: 'muted' }, d.paired))));
    } catch (e) {
      error.textContent = e.message;
    }
  }
  refresh();
  const timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}
