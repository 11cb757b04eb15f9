// The state the pages share: who is logged in and the time window
// (whole UTC days) the map, the queue and the report look at. Pages
// subscribe to changes instead of reading each other's controls.

const listeners = new Map();

export const state = {
  user: null,          // {user, role, csrf_token, expires_at} or null
  firstDay: null,      // YYYY-MM-DD: the first and last days with incidents
  lastDay: null,
  from: null,          // the selected window, YYYY-MM-DD, inclusive
  to: null,
};

export function on(event, listener) {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event).add(listener);
  return () => listeners.get(event).delete(listener);
}

export function emit(event, detail) {
  for (const listener of listeners.get(event) || []) listener(detail);
}

export function setUser(user) {
  state.user = user;
  emit('user', user);
}

export function setWindow(from, to) {
  if (from === state.from && to === state.to) return;
  state.from = from;
  state.to = to;
  emit('window', { from, to });
}

// Roles that may review incidents and build daily reports.
export function canReview() {
  return !!state.user && (state.user.role === 'analyst' || state.user.role === 'admin');
}

export function canBuildReports() {
  return !!state.user && ['analyst', 'coordinator', 'admin'].includes(state.user.role);
}

// The window as API query parameters.
export function windowParams() {
  return { from: state.from, to: state.to };
}
