// The time slider: finds the first and last days with incidents and lets
// the user pick a window of whole days between them (two labelled range
// inputs, keyboard operable); announces the window through state.

import * as api from './api.js';
import { h, clear, debounce, isoDay, addDays, daysBetween } from './dom.js';
import { state, setWindow, on } from './state.js';

// Finds the days with data. The API has no "extent" endpoint: the first
// day comes from the oldest incident (lists are ordered by first
// observation), the last from a binary search on `from` with limit=1.
export async function loadExtent() {
  const first = await api.get('/api/v1/incidents', { limit: 1 });
  if (!first.incidents.length) return null;
  const firstDay = first.incidents[0].first_observed_at.slice(0, 10);
  const hasFrom = async (day) =>
    (await api.get('/api/v1/incidents', { from: day, limit: 1 })).incidents.length > 0;
  let lo = firstDay;                   // known to have data from here on
  let hi = addDays(isoDay(new Date()), 1);
  if (await hasFrom(hi)) hi = addDays(hi, 3650);  // data dated in the future
  while (daysBetween(lo, hi) > 1) {    // invariant: hasFrom(lo), !hasFrom(hi)
    const mid = addDays(lo, Math.floor(daysBetween(lo, hi) / 2));
    if (await hasFrom(mid)) lo = mid; else hi = mid;
  }
  return { firstDay, lastDay: lo };
}

// Builds the slider into `container`; returns nothing. Keeps itself in
// step with state.from/to (another page may change them).
export function renderTimeline(container) {
  clear(container);
  if (!state.firstDay) {
    container.append(h('p', null, 'No incidents are stored yet.'));
    return;
  }
  const span = daysBetween(state.firstDay, state.lastDay);
  const fromInput = h('input', { type: 'range', id: 'window-from', min: 0, max: span, step: 1 });
  const toInput = h('input', { type: 'range', id: 'window-to', min: 0, max: span, step: 1 });
  const fromOut = h('output', { for: 'window-from', id: 'window-from-day' });
  const toOut = h('output', { for: 'window-to', id: 'window-to-day' });
  const dayOf = (input) => addDays(state.firstDay, Number(input.value));

  const show = () => {
    fromOut.textContent = dayOf(fromInput);
    toOut.textContent = dayOf(toInput);
    fromInput.setAttribute('aria-valuetext', dayOf(fromInput));
    toInput.setAttribute('aria-valuetext', dayOf(toInput));
  };
  const sync = () => {
    fromInput.value = daysBetween(state.firstDay, state.from);
    toInput.value = daysBetween(state.firstDay, state.to);
    show();
  };
  const commit = debounce(() => setWindow(dayOf(fromInput), dayOf(toInput)), 350);
  fromInput.addEventListener('input', () => {
    if (Number(fromInput.value) > Number(toInput.value)) toInput.value = fromInput.value;
    show();
    commit();
  });
  toInput.addEventListener('input', () => {
    if (Number(toInput.value) < Number(fromInput.value)) fromInput.value = toInput.value;
    show();
    commit();
  });
  const whole = h('button', { type: 'button', onclick: () => {
    setWindow(state.firstDay, state.lastDay);
  } }, 'Whole period');
  const lastDay = h('button', { type: 'button', onclick: () => {
    setWindow(state.lastDay, state.lastDay);
  } }, 'Last day');

  container.append(
    h('fieldset', { class: 'timeline' },
      h('legend', null, `Time window (UTC days with data: ${state.firstDay} to ${state.lastDay})`),
      h('div', { class: 'timeline-row' },
        h('label', { for: 'window-from' }, 'From'), fromInput, fromOut),
      h('div', { class: 'timeline-row' },
        h('label', { for: 'window-to' }, 'To'), toInput, toOut),
      h('div', { class: 'timeline-row' }, lastDay, whole)));
  sync();
  const off = on('window', () => {
    if (!container.isConnected) { off(); return; }
    sync();
  });
}
