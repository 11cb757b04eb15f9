// The incident panel: one incident with its reports, the evidence of its
// violations and its history, and (for analysts and admins) verify and
// reject buttons, a merge with another incident and a split of selected
// reports, each asking for a reason.

import * as api from './api.js';
import { h, clear, formatTime, formatNumber, humanize } from './dom.js';
import { familyInfo, symbolElement } from './families.js';
import { canReview, on } from './state.js';
import { announce, announceError } from './status.js';
import { review, askReason } from './review.js';
import { mergeIncidents, splitIncident } from './merge.js';

function plural(n, word) {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

function row(label, value) {
  return [h('dt', null, label), h('dd', null, value ?? '—')];
}

function evidenceList(evidence) {
  if (!evidence || typeof evidence !== 'object') return h('span', null, '—');
  const entries = Object.entries(evidence).filter(([, v]) => v !== null && v !== undefined);
  return h('dl', { class: 'evidence' }, entries.map(([k, v]) => row(humanize(k),
    typeof v === 'number' ? formatNumber(v, Number.isInteger(v) ? 0 : 1)
      : typeof v === 'object' ? JSON.stringify(v) : String(v))));
}

function detailText(detail) {
  if (detail === null || detail === undefined) return '';
  return typeof detail === 'object' ? JSON.stringify(detail) : String(detail);
}

function summarySection(incident) {
  const f = familyInfo(incident.family);
  return h('dl', { class: 'facts' },
    row('Family', [symbolElement(incident.family, { status: incident.status }), ' ', f.label]),
    row('Kind', humanize(incident.kind)),
    row('Status', humanize(incident.status)),
    incident.review ? row('Review', `${humanize(incident.review.status)} by `
      + `${incident.review.analyst} at ${formatTime(incident.review.at)}: ${incident.review.reason}`)
      : null,
    row('Confidence', formatNumber(incident.confidence, 2)),
    row('Position', `${formatNumber(incident.lat, 4)}° N, ${formatNumber(incident.lon, 4)}° E `
      + `(± ${formatNumber(incident.uncertainty_m)} m)`),
    row('Region', incident.admin_region || '—'),
    row('First observed', formatTime(incident.first_observed_at)),
    row('Last observed', formatTime(incident.last_observed_at)),
    row('Reports', `${plural(incident.report_count, 'report')} from `
      + `${plural(incident.source_count, 'source')} `
      + `(${plural(incident.source_kind_count, 'kind')} of source)`));
}

function violationsSection(violations) {
  if (!violations.length) return h('p', null, 'No violation of the active agreement.');
  return h('ul', { class: 'violations' }, violations.map((v) =>
    h('li', null, h('strong', null, `Clause ${v.clause_id}`), ` (${humanize(v.rule)}), `
      + `incident status then: ${humanize(v.incident_status)}`, evidenceList(v.evidence))));
}

// `selectable`: a first column of checkboxes (value "source\u0000id") for
// choosing reports to split off.
function reportsSection(reports, selectable) {
  if (!reports.length) return h('p', null, 'No reports.');
  const head = ['Source', 'Kind of source', 'Observed', 'Kind', 'Count', 'Weapon', 'Target', 'Text'];
  if (selectable) head.unshift('Split off');
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'group', 'aria-label': 'Reports' },
    h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Reports fused into this incident'),
      h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, reports.map((r) => h('tr', null,
        selectable ? h('td', null, h('input', { type: 'checkbox', class: 'split-pick',
          value: `${r.source}\u0000${r.id}`, 'aria-label': `Split off report ${r.id} of ${r.source}` }))
          : null,
        h('td', null, r.source), h('td', null, humanize(r.source_kind)),
        h('td', null, formatTime(r.observed_at)), h('td', null, humanize(r.kind)),
        h('td', null, r.count ?? 1), h('td', null, r.weapon_class ? humanize(r.weapon_class) : '—'),
        h('td', null, r.target_category ? humanize(r.target_category) : '—'),
        h('td', null, r.text || ''))))));
}

function historySection(history, violationHistory) {
  const items = [
    ...history.map((e) => ({ at: e.at, text: `${humanize(e.event)} ${detailText(e.detail)}` })),
    ...violationHistory.map((e) => ({ at: e.at,
      text: `Violation of clause ${e.clause_id} ${e.event} (agreement v${e.agreement_version})` })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (!items.length) return h('p', null, 'No changes recorded.');
  return h('ol', { class: 'history' }, items.map((e) =>
    h('li', null, h('time', { datetime: e.at }, formatTime(e.at)), ' — ', e.text)));
}

// Creates the panel inside `element` (an <aside>). `onLocate(incident)`
// centres the map on it. Returns {open(id), close()}.
export function createIncidentPanel(element, { onLocate }) {
  let current = null;
  let opener = null;

  function close() {
    element.hidden = true;
    clear(element);
    current = null;
    if (opener && opener.isConnected) opener.focus();
  }

  async function reviewAs(status) {
    const id = current.id;
    const reason = await askReason(status === 'verified'
      ? `Verify incident ${id}: reason` : `Reject incident ${id}: reason`);
    if (reason === null) return;
    try {
      await review(id, status, reason);
      announce(`Incident ${id} ${status}.`);
      await open(id, { keepOpener: true });
    } catch (error) {
      announceError(`Could not review incident ${id}`, error);
    }
  }

  async function mergeWith(input) {
    const id = current.id;
    const other = Number(input.value);
    if (!Number.isInteger(other) || other < 1 || other === id) {
      announceError('Cannot merge', { message: 'give the id of another incident' });
      input.focus();
      return;
    }
    const reason = await askReason(`Merge incident ${id} with incident ${other}: reason`);
    if (reason === null) return;
    try {
      const merged = await mergeIncidents(id, other, reason);
      announce(`Incidents ${id} and ${other} merged into incident ${merged.id}.`);
      await open(merged.id, { keepOpener: true });
    } catch (error) {
      announceError(`Could not merge incident ${id} with ${other}`, error);
    }
  }

  async function splitSelected() {
    const id = current.id;
    const picks = [...element.querySelectorAll('input.split-pick:checked')].map((box) => {
      const [source, reportId] = box.value.split('\u0000');
      return { source, id: reportId };
    });
    if (!picks.length || picks.length === current.reports.length) {
      announceError('Cannot split', { message: 'select some of the reports, not all of them' });
      return;
    }
    const reason = await askReason(`Split ${picks.length} report(s) off incident ${id}: reason`);
    if (reason === null) return;
    try {
      const parts = await splitIncident(id, picks, reason);
      announce(`Incident ${id} split: the selected reports are now incident ${parts.split_off.id}.`);
      await open(id, { keepOpener: true });
    } catch (error) {
      announceError(`Could not split incident ${id}`, error);
    }
  }

  function render(incident) {
    const title = `Incident ${incident.id}`;
    const children = [
      h('div', { class: 'panel-head' },
        h('h2', { id: 'panel-title', tabindex: -1 }, title),
        h('button', { type: 'button', class: 'close', onclick: close,
          'aria-label': 'Close the incident panel' }, 'Close')),
      incident.merged_from ? h('p', { class: 'note' },
        `Incident ${incident.merged_from} has been merged into this one.`) : null,
      summarySection(incident),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', onclick: () => onLocate(incident) }, 'Show on map')),
    ];
    if (canReview()) {
      children.push(h('section', { 'aria-labelledby': 'review-title', class: 'review' },
        h('h3', { id: 'review-title' }, 'Review'),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', id: 'verify-button', onclick: () => reviewAs('verified') },
            'Verify…'),
          h('button', { type: 'button', id: 'reject-button', onclick: () => reviewAs('rejected') },
            'Reject…'))));
      const other = h('input', { type: 'number', id: 'merge-with', min: 1, step: 1,
        inputmode: 'numeric', 'aria-describedby': 'merge-hint' });
      children.push(h('section', { 'aria-labelledby': 'merge-title', class: 'review' },
        h('h3', { id: 'merge-title' }, 'Merge'),
        h('p', { id: 'merge-hint', class: 'hint' },
          'Another incident of the same family that is the same event. The smaller id is kept; '
          + 'later reports keep them merged.'),
        h('label', { for: 'merge-with' }, 'Incident id '), other,
        h('div', { class: 'buttons' },
          h('button', { type: 'button', id: 'merge-button', onclick: () => mergeWith(other) },
            'Merge…'),
          incident.reports.length > 1 ? h('button', { type: 'button', id: 'split-button',
            onclick: splitSelected }, 'Split selected reports off…') : null)));
    }
    children.push(
      h('section', { 'aria-labelledby': 'violations-title' },
        h('h3', { id: 'violations-title' }, `Violations (${incident.violations.length})`),
        violationsSection(incident.violations)),
      h('section', { 'aria-labelledby': 'reports-title' },
        h('h3', { id: 'reports-title' }, `Reports (${incident.reports.length})`),
        reportsSection(incident.reports, canReview() && incident.reports.length > 1)),
      h('section', { 'aria-labelledby': 'history-title' },
        h('h3', { id: 'history-title' }, 'History'),
        historySection(incident.history || [], incident.violation_history || [])));
    clear(element).append(...children.filter(Boolean));
  }

  async function open(id, { keepOpener = false, focus = true } = {}) {
    if (!keepOpener) opener = document.activeElement;
    element.hidden = false;
    element.setAttribute('aria-busy', 'true');
    try {
      const incident = await api.get(`/api/v1/incidents/${encodeURIComponent(id)}`);
      current = incident;
      render(incident);
      if (focus) element.querySelector('#panel-title').focus();
    } catch (error) {
      clear(element).append(h('p', { class: 'error' }, `Incident ${id}: ${error.message}`),
        h('button', { type: 'button', onclick: close }, 'Close'));
      announceError(`Could not open incident ${id}`, error);
    } finally {
      element.removeAttribute('aria-busy');
    }
  }

  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !document.querySelector('dialog[open]')) close();
  });
  on('live:review', (incident) => {
    if (current && incident.id === current.id && !element.hidden) open(current.id, { keepOpener: true, focus: false });
  });
  on('live:split', (parts) => {
    if (current && !element.hidden && parts.incident.id === current.id) {
      open(current.id, { keepOpener: true, focus: false });
    }
  });
  on('live:merge', (incident) => {
    if (!current || element.hidden) return;
    if (incident.id === current.id || incident.absorbed === current.id) {
      open(incident.id, { keepOpener: true, focus: false });
    }
  });

  return { open, close, isOpen: () => !element.hidden };
}
