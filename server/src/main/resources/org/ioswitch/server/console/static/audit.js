// Audit (admins): the latest lines of the server's audit log, newest first.
import { api, h } from './api.js';

export function showAudit(view) {
  const body = h('tbody', { id: 'audit-body' });
  const note = h('p', { class: 'muted' });
  view.replaceChildren(h('h1', {}, 'Audit log'), note,
    h('table', { id: 'audit' }, h('thead', {}, h('tr', {}, h('th', {}, 'Entry'))), body));
  async function refresh() {
    try {
      const { entries } = await api('GET', 'audit?limit=200');
      body.replaceChildren(...entries.map(e => h('tr', {}, h('td', { class: 'value' }, e))));
      note.textContent = entries.length === 0 ? 'Nothing audited yet.' : 'The latest ' + entries.length + ' entries.';
    } catch (e) {
      note.textContent = e.message;
    }
  }
  refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
