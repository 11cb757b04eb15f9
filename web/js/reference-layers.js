// The map's fixed background, drawn as vectors (no tile server): oblast
// boundaries and the line of contact from the OGC API collections, with
// the active agreement's lines and zones as the fallback when those
// collections are not served.

import * as api from './api.js';

const L = window.L;

// Every feature of an OGC API – Features collection (following "next"
// links, at most `maxPages`), or null when the collection is missing.
async function ogcItems(collection, maxPages = 20) {
  let url = `/ogc/collections/${collection}/items?limit=1000`;
  const features = [];
  for (let page = 0; url && page < maxPages; ++page) {
    let body;
    try {
      body = await api.request('GET', url, { skipAuthRedirect: true });
    } catch (error) {
      if (page === 0 && (error.status === 404 || error.status === 400 || error.status === 0)) {
        return null;
      }
      throw error;
    }
    features.push(...(body.features || []));
    const next = (body.links || []).find((link) => link.rel === 'next');
    url = next ? next.href : null;
  }
  return { type: 'FeatureCollection', features };
}

const oblastStyle = { color: '#555555', weight: 1, fillColor: '#F2F0EA', fillOpacity: 1 };
const lineStyle = { color: '#B2182B', weight: 3, dashArray: null, interactive: false };
const zoneStyle = { color: '#0072B2', weight: 1.5, dashArray: '6 4', fillOpacity: 0.05 };

function oblastName(feature) {
  const p = feature.properties || {};
  return p.name || p.name_en || p.oblast || '';
}

// Adds what it can find to `map` under panes that keep it below the
// incidents; returns {oblasts, line, notes} where notes lists what is
// missing (for the status bar).
export async function addReferenceLayers(map) {
  map.createPane('oblasts').style.zIndex = 200;
  map.createPane('contact').style.zIndex = 350;
  const notes = [];
  let oblasts = null;
  let line = null;

  const [oblastData, lineData] = await Promise.all([
    ogcItems('oblasts').catch(() => null),
    ogcItems('line-of-contact').catch(() => null),
  ]);
  if (oblastData && oblastData.features.length) {
    oblasts = L.geoJSON(oblastData, {
      pane: 'oblasts', style: oblastStyle,
      onEachFeature: (feature, layer) => {
        const name = oblastName(feature);
        if (name) layer.bindTooltip(name, { sticky: true });
      },
    }).addTo(map);
  } else {
    notes.push('oblast boundaries are not available');
  }
  if (lineData && lineData.features.length) {
    line = L.geoJSON(lineData, { pane: 'contact', style: lineStyle }).addTo(map);
  }

  // The agreement's own geometry: its lines (the line of contact when the
  // OGC collection is missing) and its zones.
  try {
    const active = await api.request('GET', '/api/v1/agreements/active', { skipAuthRedirect: true });
    const doc = active.document || {};
    if (!line) {
      const lines = Object.values(doc.lines || {}).filter((g) => g && g.type);
      if (lines.length) line = L.geoJSON(lines, { pane: 'contact', style: lineStyle }).addTo(map);
    }
    const zones = Object.entries(doc.zones || {}).filter(([, g]) => g && g.type);
    for (const [name, geometry] of zones) {
      L.geoJSON(geometry, { pane: 'contact', style: zoneStyle })
        .bindTooltip(`Zone: ${name.replace(/_/g, ' ')}`, { sticky: true })
        .addTo(map);
    }
  } catch {
    // No active agreement: nothing more to draw.
  }
  if (!line) notes.push('the line of contact is not available');
  return { oblasts, line, notes };
}
