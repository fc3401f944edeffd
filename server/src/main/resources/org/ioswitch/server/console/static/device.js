// One device: its blocks and signals, values pushed by the server (Server-Sent Events), inputs for writable signals
// whose result shows what became of the write (applied / rejected as the device answered, or pending).
import { api, h, badge } from './api.js';

export function showDevice(view, id) {
  const status = h('p', { class: 'muted', id: 'device-status' }, 'connecting…');
  const header = h('div', { class: 'card', id: 'device-header' });
  const blocks = h('div', { id: 'device-blocks' });
  view.replaceChildren(h('h1', {}, id), header, status, blocks);
  // Rows by "block.signal", kept across events so an input being typed in is never replaced.
  const rows = new Map();
  const results = new Map();
  let shape = '';

  function render(detail) {
    const d = detail.device;
    header.replaceChildren(badge(d.online ? 'online' : 'offline'), ' ',
      d.online ? 'connected ' + d.route + ' since ' + d.connectedSince + ' · ' + d.tls
        : 'not connected: ' + (d.lastSeen ? 'last seen ' + d.lastSeen : 'never seen') + ' (' + d.offlineCause
          + '); its values are stale',
      d.boardType ? ' · board ' + d.boardType : '');
    status.textContent = detail.mapError || '';
    const newShape = JSON.stringify(detail.blocks.map(b => [b.name, b.writable, b.signals.map(s => s.name)]));
    if (newShape !== shape) {
      shape = newShape;
      rows.clear();
      blocks.replaceChildren(...detail.blocks.map(b => block(b)));
    }
    for (const b of detail.blocks) {
      for (const s of b.signals) {
        const row = rows.get(b.name + '.' + s.name);
        row.value.textContent = s.value;
        row.state.replaceChildren(badge(s.state));
      }
    }
  }

  function block(b) {
    const body = h('tbody');
    for (const s of b.signals) {
      const key = b.name + '.' + s.name;
      const value = h('td', { class: 'value', 'data-signal': key });
      const state = h('td', { 'data-state': key });
      const result = h('span', { class: 'muted', 'data-result': key });
      if (results.has(key)) {
        result.replaceChildren(...results.get(key));
      }
      rows.set(key, { value, state, result });
      body.append(h('tr', {}, h('td', {}, s.name), h('td', { class: 'muted' }, s.n > 1 ? s.type + '[' + s.n + ']' : s.type),
        value, state, h('td', {}, s.writable ? writer(key, s, result) : '')));
    }
    const caption = b.name + ' (' + b.direction + ', ' + b.size + ' bytes' + (b.writable ? ', writable' : '') + ')';
    if (b.signals.length === 0) {
      // info (the signal map itself) and blocks the map does not describe: named, not tabled.
      return h('p', { class: 'muted', 'data-block': b.name }, caption + (b.name === 'info'
        ? ': the device\'s signal map' : ': no signals described'));
    }
    return h('div', { class: 'card' }, h('h2', {}, caption),
      h('table', { 'data-block': b.name },
        h('thead', {}, h('tr', {}, ['Signal', 'Type', 'Value', 'State', 'Write'].map(t => h('th', {}, t)))), body));
  }

  function writer(key, s, result) {
    async function send(value) {
      show(key, result, [badge('pending'), ' sending…']);
      try {
        const r = await api('POST', 'devices/' + encodeURIComponent(id) + '/values', { signal: key, value });
        show(key, result, [badge(r.status), ' ' + r.message]);
      } catch (e) {
        show(key, result, [badge('rejected'), ' ' + e.message]);
      }
    }
    if (s.type === 'boolean' && s.n <= 1) {
      return h('span', { class: 'write' },
        h('button', { type: 'button', 'data-set': key, 'data-value': 'true', onclick: () => send('true') }, 'On'),
        h('button', { type: 'button', class: 'secondary', 'data-set': key, 'data-value': 'false', onclick: () => send('false') }, 'Off'),
        result);
    }
    const input = h('input', { type: 'text', 'data-input': key, 'aria-label': 'new value of ' + key });
    return h('form', { class: 'write', onsubmit: (e) => { e.preventDefault(); send(input.value); } },
      input, h('button', { type: 'submit', 'data-set': key }, 'Set'), result);
  }

  function show(key, el, parts) {
    results.set(key, parts);
    el.replaceChildren(...parts);
  }

  const events = new EventSource('/api/v1/devices/' + encodeURIComponent(id) + '/events');
  events.addEventListener('device', (e) => {
    status.textContent = '';
    render(JSON.parse(e.data));
  });
  events.addEventListener('end', (e) => {
    status.textContent = JSON.parse(e.data).reason;
    events.close();
    if (JSON.parse(e.data).reason.includes('login session')) {
      window.dispatchEvent(new CustomEvent('logged-out'));
    }
  });
  events.onerror = () => {
    status.textContent = 'live view interrupted; reconnecting…';
  };
  return () => events.close();
}
