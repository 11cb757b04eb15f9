// The live map: reference layers, incidents in the selected window and
// view. Zoomed in with at most MAX_MARKERS incidents in view it draws one
// symbol per incident (grouped by leaflet.markercluster); otherwise it
// draws the server's grid clusters. Violations get a ring. Refetches
// (debounced, cancelling the previous request) when the view or the
// window changes, and applies live events.

import * as api from './api.js';
import { h, debounce, humanize, formatNumber } from './dom.js';
import { familyInfo, symbolSvg, legendElement } from './families.js';
import { addReferenceLayers } from './reference-layers.js';
import { state, on, windowParams } from './state.js';
import { announce, announceError } from './status.js';
import { violationsByIncident, forgetViolations, noteViolation } from './violations.js';

const L = window.L;

const DETAIL_ZOOM = 8;        // below this, always server clusters
const MAX_MARKERS = 5000;     // above this many in view, server clusters
const UKRAINE = [[44.0, 22.0], [52.5, 40.5]];

// "W,S,E,N" of the map's view, a little wider, within the valid ranges.
function bboxOf(map) {
  const b = map.getBounds().pad(0.1);
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const w = clamp(b.getWest(), -180, 180);
  const e = clamp(b.getEast(), -180, 180);
  const s = clamp(b.getSouth(), -90, 90);
  const n = clamp(b.getNorth(), -90, 90);
  return [w, s, e, n].map((v) => v.toFixed(4)).join(',');
}

// A round grid step giving about 24 cells across the view.
function cellFor(map) {
  const b = map.getBounds();
  const raw = Math.max(1e-3, (b.getEast() - b.getWest()) / 24);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= raw) || raw;
  return Math.min(10, Math.max(0.001, Number(step.toPrecision(3))));
}

function describe(incident, violated) {
  const f = familyInfo(incident.family);
  return `Incident ${incident.id}: ${f.label} (${humanize(incident.kind)}), `
    + `${humanize(incident.status)}${violated ? ', violation' : ''}`;
}

function incidentIcon(incident, violated) {
  return L.divIcon({
    className: `tl-marker${violated ? ' tl-violation' : ''}`,
    html: symbolSvg(incident.family, { violation: violated, status: incident.status, size: 22 }),
    iconSize: [22, 22],
    iconAnchor: [11, 11],
  });
}

function labelElement(marker, label, data) {
  const element = marker.getElement();
  if (!element) return;
  element.setAttribute('role', 'button');
  element.setAttribute('aria-label', label);
  Object.assign(element.dataset, data);
}

// Creates the map view in `element`. `onOpen(id)` opens an incident.
// Returns {show(), focusIncident(id, lat, lon)}.
export function createMapView(element, { onOpen }) {
  const canvas = h('div', { class: 'map-canvas', id: 'map', role: 'region',
    'aria-label': 'Map of incidents. Arrow keys pan, plus and minus zoom; Tab reaches the symbols.' });
  const summary = h('p', { class: 'map-summary', id: 'map-summary' }, 'Loading…');
  const side = h('div', { class: 'map-side' },
    h('div', { id: 'timeline-slot' }), summary, legendElement());
  element.append(h('div', { class: 'map-layout' }, canvas, side));

  const map = L.map(canvas, { minZoom: 4, maxZoom: 16, zoomSnap: 1, preferCanvas: false,
    attributionControl: false });
  map.fitBounds(UKRAINE);
  L.control.scale({ imperial: false }).addTo(map);
  // The incident panel beside the map changes its width: keep Leaflet's
  // idea of the size current.
  if (window.ResizeObserver) {
    new ResizeObserver(debounce(() => {
      if (canvas.offsetWidth > 0) map.invalidateSize();
    }, 100)).observe(canvas);
  }

  const detailLayer = L.markerClusterGroup({
    chunkedLoading: true,
    maxClusterRadius: 45,
    disableClusteringAtZoom: 13,
    showCoverageOnHover: false,
    iconCreateFunction: (cluster) => {
      const count = cluster.getChildCount();
      const violated = cluster.getAllChildMarkers().some((m) => m.options.violated);
      const size = Math.round(26 + 6 * Math.log10(count));
      return L.divIcon({
        className: `tl-cluster${violated ? ' tl-violation' : ''}`,
        html: `<span>${count}</span>`,
        iconSize: [size, size],
      });
    },
  });
  detailLayer.on('animationend spiderfied', () => labelClusters());
  const gridLayer = L.layerGroup();
  let mode = null;                 // 'markers' | 'grid'
  const markers = new Map();       // incident id → marker (in 'markers' mode)
  let controller = null;
  let lastWindow = '';

  function labelClusters() {
    for (const el of canvas.querySelectorAll('.tl-cluster:not([aria-label])')) {
      const count = el.textContent.trim();
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', `Cluster of ${count} incidents; select to zoom in`);
    }
  }
  map.on('zoomend moveend layeradd', () => setTimeout(labelClusters, 0));

  function makeMarker(incident, violated) {
    const marker = L.marker([incident.lat, incident.lon], {
      icon: incidentIcon(incident, violated), title: describe(incident, violated),
      keyboard: true, riseOnHover: true, violated,
    });
    marker.incident = incident;
    marker.on('click', () => onOpen(incident.id));
    marker.on('add', () => labelElement(marker, describe(marker.incident, marker.options.violated),
      { incidentId: incident.id, family: incident.family, status: incident.status }));
    return marker;
  }

  function showMarkers(incidents, violations) {
    gridLayer.clearLayers();
    map.removeLayer(gridLayer);
    detailLayer.clearLayers();
    markers.clear();
    const list = incidents.map((incident) => {
      const marker = makeMarker(incident, violations.has(incident.id));
      markers.set(incident.id, marker);
      return marker;
    });
    detailLayer.addLayers(list);
    if (!map.hasLayer(detailLayer)) detailLayer.addTo(map);
    mode = 'markers';
  }

  function showGrid(clusters) {
    detailLayer.clearLayers();
    map.removeLayer(detailLayer);
    markers.clear();
    gridLayer.clearLayers();
    for (const c of clusters.clusters) {
      const size = Math.round(26 + 8 * Math.log10(c.count));
      const families = Object.entries(c.families || {})
        .map(([name, n]) => `${familyInfo(name).label} ${n}`).join(', ');
      const label = `${c.count} incidents here (${families}); select to zoom in`;
      const marker = L.marker([c.lat, c.lon], {
        icon: L.divIcon({ className: 'tl-cluster tl-grid-cluster', html: `<span>${c.count}</span>`,
          iconSize: [size, size] }),
        title: label, keyboard: true,
      });
      marker.on('click', () => map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 16)));
      marker.on('add', () => labelElement(marker, label, { count: c.count }));
      gridLayer.addLayer(marker);
    }
    if (!map.hasLayer(gridLayer)) gridLayer.addTo(map);
    mode = 'grid';
  }

  async function refresh() {
    if (!state.from || !state.user) return;
    if (canvas.offsetWidth === 0) return;   // hidden: show() refreshes
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    const windowKey = `${state.from}/${state.to}`;
    if (windowKey !== lastWindow) {
      forgetViolations();
      lastWindow = windowKey;
    }
    const where = { bbox: bboxOf(map), ...windowParams() };
    summary.textContent = 'Loading incidents…';
    canvas.setAttribute('aria-busy', 'true');
    try {
      const clusters = await api.get('/api/v1/incidents/clusters',
        { ...where, cell: cellFor(map) }, { signal });
      if (map.getZoom() >= DETAIL_ZOOM && clusters.total <= MAX_MARKERS) {
        // Violations are needed only for single incidents (grid cells do
        // not say which of theirs violate), so the window's list is read
        // only once the map is zoomed in.
        const [violations, list] = await Promise.all([
          violationsByIncident(signal),
          api.get('/api/v1/incidents', { ...where, limit: MAX_MARKERS }, { signal }),
        ]);
        showMarkers(list.incidents, violations);
        const violated = list.incidents.filter((i) => violations.has(i.id)).length;
        summary.textContent = `${formatNumber(list.count)} incidents in view, `
          + `${formatNumber(violated)} with violations (${state.from} to ${state.to}).`;
      } else {
        showGrid(clusters);
        summary.textContent = `${formatNumber(clusters.total)} incidents in view in `
          + `${formatNumber(clusters.clusters.length)} grid cells (${state.from} to ${state.to}). `
          + (map.getZoom() < DETAIL_ZOOM ? 'Zoom in to see single incidents and their violations.'
            : `More than ${formatNumber(MAX_MARKERS)} in view: zoom in further.`);
      }
      announce(summary.textContent);
    } catch (error) {
      if (api.isAbort(error)) return;
      summary.textContent = 'Incidents could not be loaded.';
      announceError('Could not load incidents', error);
    } finally {
      if (!signal.aborted) canvas.removeAttribute('aria-busy');
    }
  }

  const refreshSoon = debounce(refresh, 300);
  const refreshLater = debounce(refresh, 5000);
  map.on('moveend', refreshSoon);
  on('window', refreshSoon);

  // Live events: in marker mode the changed incident is redrawn in place;
  // in grid mode the counts are refetched after a pause.
  function inWindow(incident) {
    const day = (incident.first_observed_at || '').slice(0, 10);
    return day >= state.from && day <= state.to
      && map.getBounds().pad(0.1).contains([incident.lat, incident.lon]);
  }
  function upsert(incident) {
    if (mode !== 'markers') { refreshLater(); return; }
    if (!inWindow(incident)) return;
    const old = markers.get(incident.id);
    if (old) detailLayer.removeLayer(old);
    violationsByIncident().then((violations) => {
      const marker = makeMarker(incident, violations.has(incident.id));
      markers.set(incident.id, marker);
      detailLayer.addLayer(marker);
    }).catch(() => {});
  }
  on('live:incident', upsert);
  on('live:review', upsert);
  on('live:merge', (incident) => {
    const absorbed = markers.get(incident.absorbed);
    if (absorbed) {
      detailLayer.removeLayer(absorbed);
      markers.delete(incident.absorbed);
    }
    upsert(incident);
  });
  on('live:split', (parts) => { upsert(parts.incident); upsert(parts.split_off); });
  on('live:violation', (v) => {
    noteViolation(v);
    const marker = markers.get(v.incident_id);
    if (marker) upsert(marker.incident);
  });
  on('live:lagged', () => { forgetViolations(); refreshSoon(); });

  // Enter or Space on a focused symbol acts like a click.
  canvas.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target.closest && event.target.closest('.tl-marker, .tl-cluster');
    if (!target) return;
    event.preventDefault();
    target.click();
  });

  let extentNotes = null;
  addReferenceLayers(map).then(({ notes }) => {
    extentNotes = notes;
    if (notes.length) announce(`Map background: ${notes.join('; ')}.`);
  }).catch((error) => announceError('Could not draw the map background', error));

  return {
    timelineSlot: side.querySelector('#timeline-slot'),
    show() {
      map.invalidateSize();
      refreshSoon();
    },
    refresh,
    focusIncident(incident) {
      map.setView([incident.lat, incident.lon], Math.max(map.getZoom(), 11));
    },
    notes: () => extentNotes,
  };
}
