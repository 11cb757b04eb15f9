// Merging two incidents (an analyst's decision, with a reason): the API
// call; the panel asks for the other incident and the reason.

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
