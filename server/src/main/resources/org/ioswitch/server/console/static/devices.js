// Devices: every device of the network the login may see, online or not, refreshed every few seconds.
import { api, h, badge } from './api.js';

export function showDevices(view) {
  const body = h('tbody', { id: 'devices-body' });
  const note = h('p', { class: 'muted' });
  view.replaceChildren(h('h1', {}, 'Devices'), h('table', { id: 'devices' },
    h('thead', {}, h('tr', {}, ['Device', 'State', 'Connected', 'TLS', 'Board', 'Paired', 'Blocks'].map(t => h('th', {}, t)))),
    body), note);
  async function refresh() {
    try {
      const { devices } = await api('GET', 'devices');
      body.replaceChildren(...devices.map(d => h('tr', { 'data-device': d.id },
        h('td', {}, h('a', { href: '#/device/' + encodeURIComponent(d.id) }, d.id)),
        h('td', {}, badge(d.online ? 'online' : 'offline')),
        h('td', {}, d.online ? d.route + ' since ' + d.connectedSince
          : (d.lastSeen ? 'last seen ' + d.lastSeen : 'never seen') + ' (' + d.offlineCause + ')'),
        h('td', { class: 'muted' }, d.tls),
        h('td', {}, d.boardType),
        h('td', { class: 'muted' }, d.paired),
        h('td', {}, d.blocks.map(b => b.name).join(', ')))));
      note.textContent = devices.length === 0 ? 'No device yet: pair one (Pairing) or add a device account.' : '';
    } catch (e) {
      note.textContent = e.message;
    }
  }
  refresh();
  const timer = setInterval(refresh, 3000);
  return () => clearInterval(timer);
}
