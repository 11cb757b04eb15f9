// The verification queue: the window's unverified incidents (single
// source or corroborated), those with violations first, then by
// confidence. Keyboard: j/k move, v verify, r reject (both ask a
// reason), Enter opens the incident.

import * as api from './api.js';
import { h, clear, formatTime, formatNumber, humanize } from './dom.js';
import { familyInfo, symbolElement } from './families.js';
import { state, on, canReview, windowParams } from './state.js';
import { announce, announceError } from './status.js';
import { violationsByIncident } from './violations.js';
import { review, askReason } from './review.js';

const PER_STATUS = 1000;
const OPEN_STATUSES = ['single_source', 'corroborated'];

function compare(a, b) {
  if (a.violations.length !== b.violations.length) {
    return a.violations.length ? -1 : b.violations.length ? 1 : 0;
  }
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  return a.first_observed_at < b.first_observed_at ? -1 : 1;
}

// Creates the queue page in `element`; `onOpen(id)` opens an incident.
// Returns {show(), handleKey(event)}.
export function createQueue(element, { onOpen }) {
  const help = h('p', { class: 'help', id: 'queue-help' },
    'Keys: ', h('kbd', null, 'j'), ' next, ', h('kbd', null, 'k'), ' previous, ',
    h('kbd', null, 'v'), ' verify, ', h('kbd', null, 'r'), ' reject (both ask a reason), ',
    h('kbd', null, 'Enter'), ' open.');
  const info = h('p', { id: 'queue-info' });
  const changes = h('p', { id: 'queue-changes', class: 'note' });
  const body = h('tbody');
  const table = h('table', { class: 'queue', id: 'queue-table', 'aria-describedby': 'queue-help' },
    h('caption', null, 'Unverified incidents, violations first, then by confidence'),
    h('thead', null, h('tr', null, ['Incident', 'Family', 'Kind', 'Status', 'Confidence',
      'Violations', 'First observed', 'Region'].map((t) => h('th', { scope: 'col' }, t)))),
    body);
  const reload = h('button', { type: 'button', onclick: () => load() }, 'Reload');
  element.append(h('h1', null, 'Verification queue'), help,
    h('div', { class: 'buttons' }, reload), info, changes, h('div', { class: 'table-wrap' }, table));

  let items = [];
  let selected = 0;
  let loaded = false;
  let changedSince = 0;

  function select(index, { focus = true } = {}) {
    if (!items.length) return;
    selected = Math.max(0, Math.min(items.length - 1, index));
    for (const [i, tr] of [...body.rows].entries()) {
      const on = i === selected;
      tr.classList.toggle('selected', on);
      tr.setAttribute('aria-selected', on ? 'true' : 'false');
      tr.tabIndex = on ? 0 : -1;
    }
    if (focus) body.rows[selected].focus();
  }

  function render() {
    clear(body);
    for (const [i, item] of items.entries()) {
      const f = familyInfo(item.family);
      const tr = h('tr', { 'data-incident-id': item.id, tabindex: -1,
        'aria-selected': 'false', onclick: () => select(i),
        ondblclick: () => onOpen(item.id) },
        h('td', null, h('a', { href: `#/incident/${item.id}`, tabindex: -1 }, `#${item.id}`)),
        h('td', null, symbolElement(item.family, { violation: item.violations.length > 0 }), ' ',
          f.label),
        h('td', null, humanize(item.kind)),
        h('td', null, humanize(item.status)),
        h('td', null, formatNumber(item.confidence, 2)),
        h('td', null, item.violations.length
          ? `Yes: clause ${item.violations.map((v) => v.clause_id).join(', ')}` : 'No'),
        h('td', null, formatTime(item.first_observed_at)),
        h('td', null, item.admin_region || '—'));
      body.append(tr);
    }
    if (!items.length) {
      body.append(h('tr', null, h('td', { colspan: 8 }, 'Nothing waits for review in this window.')));
    }
  }

  async function load() {
    if (!state.from) return;
    info.textContent = 'Loading…';
    table.setAttribute('aria-busy', 'true');
    try {
      const violations = await violationsByIncident();
      const pages = await Promise.all(OPEN_STATUSES.map((status) =>
        api.get('/api/v1/incidents', { ...windowParams(), status, limit: PER_STATUS })));
      const truncated = pages.some((p) => p.next_cursor);
      items = pages.flatMap((p) => p.incidents)
        .map((incident) => ({ ...incident, violations: violations.get(incident.id) || [] }))
        .sort(compare);
      loaded = true;
      changedSince = 0;
      changes.textContent = '';
      render();
      select(0, { focus: false });
      const violated = items.filter((i) => i.violations.length).length;
      info.textContent = `${items.length} unverified incidents from ${state.from} to ${state.to}, `
        + `${violated} with violations.`
        + (truncated ? ` Only the first ${PER_STATUS} of each status are shown: narrow the window.`
          : '');
      announce(info.textContent);
    } catch (error) {
      info.textContent = 'The queue could not be loaded.';
      announceError('Could not load the queue', error);
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  async function decide(status) {
    const item = items[selected];
    if (!item) return;
    if (!canReview()) {
      announceError('Not allowed', { message: `a ${state.user.role} may not review incidents` });
      return;
    }
    const verb = status === 'verified' ? 'Verify' : 'Reject';
    const reason = await askReason(`${verb} incident ${item.id}: reason`);
    if (reason === null) { select(selected); return; }
    try {
      await review(item.id, status, reason);
      items = items.filter((i) => i.id !== item.id);
      render();
      select(selected);
      announce(`Incident ${item.id} ${status}. ${items.length} left in the queue.`);
    } catch (error) {
      announceError(`Could not review incident ${item.id}`, error);
      select(selected);
    }
  }

  // Keys for the queue page; ignored while typing or in a dialog.
  function handleKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest('input, textarea, select, dialog, [contenteditable]')) return;
    if (document.querySelector('dialog[open]')) return;
    if (target.closest && target.closest('#incident-panel')) return;
    switch (event.key) {
      case 'j': case 'ArrowDown': select(selected + 1); break;
      case 'k': case 'ArrowUp': select(selected - 1); break;
      case 'v': decide('verified'); break;
      case 'r': decide('rejected'); break;
      case 'Enter':
        if (target.closest && target.closest('button, a') && !target.closest('tr')) return;
        if (items[selected]) onOpen(items[selected].id);
        break;
      default: return;
    }
    event.preventDefault();
  }

  on('window', () => { if (element.isConnected && !element.hidden) load(); else loaded = false; });
  const noteChange = () => {
    if (!loaded) return;
    changedSince += 1;
    changes.textContent = `${changedSince} incidents changed since the queue was loaded; `
      + 'press Reload to see them.';
  };
  on('live:incident', noteChange);
  on('reviewed', (incident) => {
    const before = items.length;
    items = items.filter((i) => i.id !== incident.id);
    if (items.length !== before) { render(); select(selected, { focus: false }); }
  });

  return {
    show() {
      if (!loaded) load();
      else if (items.length) select(selected);
    },
    handleKey,
  };
}
