// The violations of the selected window, by incident, fetched once per
// window and shared by the map and the queue. The violations endpoint
// has no bbox filter, so the whole window is read (paged, with a cap).

import * as api from './api.js';
import { windowParams } from './state.js';

const PAGE = 10000;
const MAX_PAGES = 5;       // 50,000 violations: beyond that, narrow the window

let cache = null;   // Promise of Map incident id → [violation]

async function load(signal) {
  const byIncident = new Map();
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; ++page) {
    const body = await api.get('/api/v1/violations',
      { ...windowParams(), limit: PAGE, cursor }, { signal });
    for (const v of body.violations) {
      if (!byIncident.has(v.incident_id)) byIncident.set(v.incident_id, []);
      byIncident.get(v.incident_id).push(v);
    }
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  return byIncident;
}

// Map incident id → its violations in the current window.
export function violationsByIncident(signal) {
  if (!cache) {
    cache = load(signal);
    cache.catch(() => { cache = null; });
  }
  return cache;
}

export function forgetViolations() {
  cache = null;
}

// Adds a violation announced on the live stream.
export function noteViolation(v) {
  if (!cache) return;
  cache.then((byIncident) => {
    const list = (byIncident.get(v.incident_id) || [])
      .filter((old) => old.clause_id !== v.clause_id);
    list.push(v);
    byIncident.set(v.incident_id, list);
  }).catch(() => {});
}
