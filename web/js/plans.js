// The Plans page: pick a deployment scenario, see its plan on a map
// (the line, hubs, candidate sites, contingents with their coverage
// circles, covered and uncovered assets) with its figures (coverage by
// category, objective, bound, gap, troops deployed and committed by
// nation against pledges), the bundled scenarios side by side, and —
// for coordinators and admins — what-if runs (leave out nations, change
// the radius, move the line) posted to /api/v1/plans/runs. Others see
// the newest run held for the scenario, read only.

import * as api from './api.js';
import { h, clear, formatNumber, formatTime, humanize } from './dom.js';
import { state } from './state.js';
import { announce, announceError } from './status.js';

const L = window.L;
const UKRAINE = [[44.0, 22.0], [52.5, 40.5]];
// Okabe–Ito, one colour per nation in the plan's order (black last).
const NATION_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7',
  '#F0E442', '#000000'];
const LINE_COLOUR = '#B2182B';
const UNCOVERED = '#D55E00';
const CATEGORIES = ['city', 'port', 'energy', 'airport'];

export function canPlan() {
  return !!state.user && ['coordinator', 'admin'].includes(state.user.role);
}

function percent(share) {
  return share === null || share === undefined ? '—' : `${formatNumber(100 * share, 0)}%`;
}

function nationColours(plan) {
  const colours = new Map();
  const nations = (plan.sustainment && plan.sustainment.by_nation) || [];
  nations.forEach((n, i) => colours.set(n.nation, NATION_COLOURS[i % NATION_COLOURS.length]));
  return colours;
}

function crossIcon() {
  return L.divIcon({ className: 'plan-uncovered', iconSize: [14, 14], iconAnchor: [7, 7],
    html: '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
      + `<path d="M2 2L12 12M12 2L2 12" stroke="${UNCOVERED}" stroke-width="3"/></svg>` });
}

function hubIcon() {
  return L.divIcon({ className: 'plan-hub', iconSize: [12, 12], iconAnchor: [6, 6],
    html: '<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
      + '<rect x="1" y="1" width="10" height="10" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"/></svg>' });
}

function contingentIcon(colour) {
  return L.divIcon({ className: 'plan-contingent', iconSize: [20, 20], iconAnchor: [10, 10],
    html: '<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">'
      + `<path d="M10 1L19 10L10 19L1 10Z" fill="${colour}" stroke="#1a1a1a" stroke-width="1.5"/></svg>` });
}

function legend() {
  const swatch = (cls) => h('span', { class: `plan-swatch ${cls}`, 'aria-hidden': 'true' });
  return h('div', { class: 'legend plan-legend' }, h('h3', null, 'Legend'), h('ul', null,
    h('li', null, swatch('sw-line'), 'Line of contact (approximate; moved in a what-if)'),
    h('li', null, swatch('sw-contingent'), 'Contingent (diamond, colour by nation) and its coverage circle'),
    h('li', null, swatch('sw-site'), 'Candidate site'),
    h('li', null, swatch('sw-covered'), 'Covered asset (dot)'),
    h('li', null, swatch('sw-uncovered'), 'Uncovered asset (cross)'),
    h('li', null, swatch('sw-hub'), 'Logistics hub (square)')));
}

function figures(run) {
  const plan = run.plan;
  const coverage = plan.coverage_by_category || {};
  const s = plan.sustainment || {};
  const colours = nationColours(plan);
  return h('div', { class: 'plan-figures', id: 'plan-figures' },
    h('h2', null, `${plan.scenario.title} — run ${run.id}`),
    h('p', { class: 'note' }, `By ${run.created_by}, ${formatTime(run.created_at)}; solved in `
      + `${formatNumber(run.seconds, 1)} s (${plan.method}). Figures are the scenario's own; `
      + 'read the assumptions.'),
    h('dl', { class: 'facts' },
      h('dt', null, 'Objective'), h('dd', null, formatNumber(plan.objective, 2)),
      h('dt', null, 'Bound'), h('dd', null, `${formatNumber(plan.bound, 2)} (no placement does better)`),
      h('dt', null, 'Gap'), h('dd', null, `${formatNumber(100 * plan.gap, 2)}%`
        + (plan.proven_optimal ? ', proven optimal' : '')),
      h('dt', null, 'Uncovered assets'), h('dd', null, formatNumber((plan.uncovered_assets || []).length)),
      h('dt', null, 'Troops'), h('dd', null, `${formatNumber(s.deployed)} deployed, `
        + `${formatNumber(s.committed)} committed (${s.rule ? s.rule.lines : '?'} lines)`)),
    h('table', { class: 'numbers', id: 'plan-coverage' },
      h('caption', null, 'Coverage by category (share of the category\'s weight)'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Category'),
        h('th', { scope: 'col' }, 'Assets'), h('th', { scope: 'col' }, 'Covered'),
        h('th', { scope: 'col' }, 'Weight covered'))),
      h('tbody', null, CATEGORIES.filter((c) => coverage[c]).map((c) => h('tr', null,
        h('th', { scope: 'row' }, humanize(c)), h('td', null, formatNumber(coverage[c].assets)),
        h('td', null, formatNumber(coverage[c].covered)),
        h('td', null, percent(coverage[c].covered_weight_share)))))),
    h('table', { class: 'numbers', id: 'plan-nations' },
      h('caption', null, 'Troops by nation against pledges'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Nation'),
        h('th', { scope: 'col' }, 'Contingents'), h('th', { scope: 'col' }, 'Deployed'),
        h('th', { scope: 'col' }, 'Committed'), h('th', { scope: 'col' }, 'Against pledge'))),
      h('tbody', null, (s.by_nation || []).map((n) => h('tr', null,
        h('th', { scope: 'row' }, h('span', { class: 'plan-dot', 'aria-hidden': 'true',
          dataset: { colour: colours.get(n.nation) } }), ` ${n.nation}`),
        h('td', null, formatNumber(n.contingents)), h('td', null, formatNumber(n.deployed)),
        h('td', null, formatNumber(n.committed)),
        h('td', null, humanize(n.against_pledge)
          + (n.pledge_as_reported ? ` (${n.pledge_as_reported})` : '')))))),
    h('details', null, h('summary', null, 'Assumptions'),
      h('ul', null, (plan.assumptions || []).map((a) => h('li', null, a)))));
}

function comparisonTable(table) {
  return h('table', { class: 'numbers', id: 'plan-compare' },
    h('caption', null, `The bundled scenarios side by side (each solved for at most `
      + `${table.time_limit_s} s)`),
    h('thead', null, h('tr', null, ['Scenario', 'Contingents', 'Deployed', 'Committed',
      'Objective', 'Bound', 'Gap', 'City', 'Port', 'Energy', 'Airport', 'Uncovered']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, table.scenarios.map((r) => h('tr', null,
      h('th', { scope: 'row' }, r.title),
      h('td', null, formatNumber(r.contingents)), h('td', null, formatNumber(r.deployed)),
      h('td', null, formatNumber(r.committed)), h('td', null, formatNumber(r.objective, 2)),
      h('td', null, formatNumber(r.bound, 2)),
      h('td', null, `${formatNumber(100 * r.gap, 2)}%${r.proven_optimal ? ' ✓' : ''}`),
      ...CATEGORIES.map((c) => h('td', null, percent(r.coverage_share[c]))),
      h('td', null, formatNumber(r.uncovered_assets))))));
}

// Creates the Plans page in `element`. Returns {show()}.
export function createPlansPage(element) {
  const scenarioSelect = h('select', { id: 'plan-scenario' });
  const description = h('p', { class: 'note', id: 'plan-description' });
  const nations = h('div', { class: 'plan-nations-choice', id: 'plan-remove' });
  const radius = h('input', { type: 'number', id: 'plan-radius', min: 1, max: 500, step: 1,
    inputmode: 'numeric', 'aria-describedby': 'plan-radius-hint' });
  const shift = h('input', { type: 'number', id: 'plan-shift', min: -200, max: 200, step: 1,
    value: 0, inputmode: 'numeric', 'aria-describedby': 'plan-shift-hint' });
  const runButton = h('button', { type: 'submit', id: 'plan-run' }, 'Run the plan');
  const readOnly = h('p', { class: 'note', id: 'plan-readonly', hidden: true },
    'Read only: coordinators and admins run plans and what-ifs; you see the newest run held.');
  const whatIf = h('fieldset', { class: 'plan-whatif', id: 'plan-whatif' },
    h('legend', null, 'What if'),
    h('fieldset', { class: 'plan-inner' }, h('legend', null, 'Leave out nations'), nations),
    h('div', { class: 'field' }, h('label', { for: 'plan-radius' }, 'Coverage radius (km)'), radius,
      h('span', { class: 'hint', id: 'plan-radius-hint' }, 'Empty: the scenario\'s radii. 1 to 500.')),
    h('div', { class: 'field' }, h('label', { for: 'plan-shift' }, 'Move the line (km)'), shift,
      h('span', { class: 'hint', id: 'plan-shift-hint' },
        'Positive: west, into government-held ground; negative: east. −200 to 200.')));
  const form = h('form', { class: 'plan-form', id: 'plan-form' },
    h('div', { class: 'field' }, h('label', { for: 'plan-scenario' }, 'Scenario'), scenarioSelect),
    description, whatIf, h('div', { class: 'buttons' }, runButton), readOnly);
  const canvas = h('div', { class: 'plan-map', id: 'plan-map', role: 'region',
    'aria-label': 'Map of the plan. Arrow keys pan, plus and minus zoom.' });
  const output = h('div', { id: 'plan-output', 'aria-live': 'polite' });
  const compare = h('div', { id: 'plan-compare-slot', class: 'table-wrap' }, h('p', null, 'Comparing…'));
  element.append(h('h1', { id: 'plans-title' }, 'Deployment plans'),
    h('div', { class: 'plan-layout' }, h('div', { class: 'plan-side' }, form, legend()),
      h('div', { class: 'plan-main' }, canvas, output)),
    h('h2', null, 'Comparison'), compare);

  let map = null;
  let layer = null;
  let scenarios = [];
  let busy = false;

  function ensureMap() {
    if (map) return map;
    map = L.map(canvas, { minZoom: 4, maxZoom: 12, attributionControl: false });
    map.fitBounds(UKRAINE);
    L.control.scale({ imperial: false }).addTo(map);
    map.createPane('plan-oblasts').style.zIndex = 200;
    // The oblasts as a background (public OGC collection); the map works without.
    api.request('GET', '/ogc/collections/oblasts/items?limit=1000', { skipAuthRedirect: true })
      .then((oblasts) => L.geoJSON(oblasts, { pane: 'plan-oblasts', interactive: false,
        style: { color: '#555555', weight: 1, fillColor: '#F2F0EA', fillOpacity: 1 } }).addTo(map))
      .catch(() => {});
    return map;
  }

  function drawPlan(geojson, plan) {
    ensureMap();
    if (layer) layer.remove();
    const colours = nationColours(plan);
    const groups = { coverage: [], line: [], site: [], asset: [], hub: [], assignment: [] };
    for (const f of geojson.features) {
      const p = f.properties || {};
      if (p.layer === 'line_of_contact') {
        groups.line.push(L.geoJSON(f, { style: { color: LINE_COLOUR, weight: 3 } }));
      } else if (p.layer === 'coverage') {
        const colour = colours.get(p.nation) || '#000000';
        groups.coverage.push(L.geoJSON(f, { style: { color: colour, weight: 1.5, fillColor: colour,
          fillOpacity: 0.12 }, interactive: false }));
      } else {
        const [lon, lat] = f.geometry.coordinates;
        if (p.layer === 'site') {
          groups.site.push(L.circleMarker([lat, lon], { radius: 3, color: '#555555', weight: 1,
            fillColor: '#ffffff', fillOpacity: 1 }).bindTooltip(
            `${p.name} (${p.kind}): ${formatNumber(p.troops_placed)} of ${formatNumber(p.capacity_troops)} troops`));
        } else if (p.layer === 'asset') {
          const label = `${p.name} (${p.category}), ${p.covered ? `covered ×${p.covered_by}` : 'uncovered'}`;
          groups.asset.push(p.covered
            ? L.circleMarker([lat, lon], { radius: 3, color: '#1a1a1a', weight: 1, fillColor: '#1a1a1a',
              fillOpacity: 1 }).bindTooltip(label)
            : L.marker([lat, lon], { icon: crossIcon(), title: label, alt: label, keyboard: false }));
        } else if (p.layer === 'hub') {
          groups.hub.push(L.marker([lat, lon], { icon: hubIcon(), title: `Hub: ${p.name}`,
            keyboard: false }));
        } else if (p.layer === 'assignment') {
          const label = `Contingent ${p.contingent} (${p.nation}, ${formatNumber(p.troops)} troops) `
            + `at ${p.site}, ${p.radius_km} km`;
          groups.assignment.push(L.marker([lat, lon], { icon: contingentIcon(colours.get(p.nation)
            || '#000000'), title: label, alt: label }));
        }
      }
    }
    layer = L.featureGroup([...groups.coverage, ...groups.line, ...groups.site, ...groups.asset,
      ...groups.hub, ...groups.assignment]).addTo(map);
    const shown = L.featureGroup([...groups.coverage, ...groups.asset]).getBounds();
    if (shown.isValid()) map.fitBounds(shown.pad(0.05));
    for (const marker of groups.assignment) {
      const icon = marker.getElement();
      if (icon) { icon.setAttribute('role', 'img'); icon.setAttribute('aria-label', marker.options.title); }
    }
    map.invalidateSize();
  }

  async function showRun(run) {
    const geojson = await api.get(run.links.geojson);
    drawPlan(geojson, run.plan);
    clear(output).append(figures(run),
      h('p', null, h('a', { href: run.links.map, target: '_blank', rel: 'noopener' },
        'The map as a PNG (new tab)'), ' · ',
      h('a', { href: run.links.geojson, target: '_blank', rel: 'noopener' }, 'GeoJSON')));
    for (const dot of output.querySelectorAll('.plan-dot')) dot.style.background = dot.dataset.colour;
    canvas.dataset.run = String(run.id);
  }

  function selected() {
    return scenarios.find((s) => s.name === scenarioSelect.value);
  }

  function renderChoices() {
    const s = selected();
    clear(description).append(s ? `${s.description}${s.label ? ` — ${s.label}` : ''}` : '');
    clear(nations).append(...(s ? s.nations : []).map((code) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'remove', value: code }), ` ${code}`)));
  }

  function setBusy(value) {
    busy = value;
    runButton.disabled = value || !canPlan();
    output.setAttribute('aria-busy', value ? 'true' : 'false');
  }

  async function run() {
    if (busy) return;
    const body = { scenario: scenarioSelect.value, time_limit_s: 10 };
    const removed = [...nations.querySelectorAll('input:checked')].map((i) => i.value);
    if (removed.length) body.remove_nations = removed;
    if (radius.value !== '') body.radius_km = Number(radius.value);
    if (Number(shift.value)) body.line_shift_km = Number(shift.value);
    setBusy(true);
    clear(output).append(h('p', null, 'Planning…'));
    try {
      const made = await api.post('/api/v1/plans/runs', body);
      await showRun(made);
      announce(`Plan ${made.id} of ${made.scenario} ready.`);
    } catch (error) {
      clear(output).append(h('p', { class: 'error' }, `The plan could not be made: ${error.message}`));
      announceError('Could not make the plan', error);
    } finally {
      setBusy(false);
    }
  }

  async function showHeld() {
    try {
      const held = await api.get('/api/v1/plans/runs');
      const newest = (held.runs || []).find((r) => r.scenario === scenarioSelect.value);
      if (!newest) {
        clear(output).append(h('p', null, 'No plan of this scenario has been run yet; a '
          + 'coordinator or admin can run it.'));
        if (layer) { layer.remove(); layer = null; }
        return;
      }
      await showRun(await api.get(newest.links.self));
    } catch (error) {
      announceError('Could not load the plans', error);
    }
  }

  async function loadComparison() {
    try {
      const table = await api.get('/api/v1/plans/compare');
      clear(compare).append(comparisonTable(table));
    } catch (error) {
      clear(compare).append(h('p', { class: 'error' }, `No comparison: ${error.message}`));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!radius.checkValidity() || !shift.checkValidity()) { form.reportValidity(); return; }
    run();
  });
  scenarioSelect.addEventListener('change', () => {
    renderChoices();
    if (canPlan()) run(); else showHeld();
  });

  let loaded = false;
  let compared = false;
  return {
    async show() {
      const planner = canPlan();
      whatIf.disabled = !planner;
      runButton.disabled = busy || !planner;
      readOnly.hidden = planner;
      ensureMap();
      setTimeout(() => map.invalidateSize(), 0);
      if (!loaded) {
        loaded = true;
        try {
          const list = await api.get('/api/v1/plans/scenarios');
          scenarios = list.scenarios || [];
          clear(scenarioSelect).append(...scenarios.map((s) => h('option', { value: s.name },
            `${s.title}${s.label ? ` (${s.label})` : ''}`)));
          renderChoices();
        } catch (error) {
          loaded = false;
          announceError('Could not list the scenarios', error);
          return;
        }
      }
      // A planner gets the scenario planned; others the newest run held.
      // The comparison waits for it: the server solves one plan at a time.
      if (!canvas.dataset.run) {
        if (planner) await run(); else await showHeld();
      }
      if (!compared) { compared = true; loadComparison(); }
    },
  };
}
