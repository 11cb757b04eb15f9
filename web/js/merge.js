// Merging two incidents and splitting one (analysts' decisions, with a
// reason): the API calls; the panel asks for the incidents or reports and
// the reason.

import * as api from './api.js';
import { emit } from './state.js';

// POSTs the merge and publishes 'merged' with the surviving incident
// (which carries `absorbed`, the id merged into it).
export async function mergeIncidents(id, withId, reason) {
  const incident = await api.post(`/api/v1/incidents/${encodeURIComponent(id)}/merge`,
    { with: withId, reason });
  emit('merged', incident);
  return incident;
}

// POSTs the split of `reports` ([{source, id}]) off incident `id`; resolves
// to {incident, split_off} and publishes 'split' with it.
export async function splitIncident(id, reports, reason) {
  const parts = await api.post(`/api/v1/incidents/${encodeURIComponent(id)}/split`,
    { reports, reason });
  emit('split', parts);
  return parts;
}
