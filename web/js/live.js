// Live updates: one EventSource on /api/v1/stream (the session cookie
// authenticates it); each event is re-emitted as 'live:TYPE' on the
// shared state bus, and the connection state is shown in `indicator`.

import { emit } from './state.js';

let source = null;

export function startLive(indicator) {
  stopLive();
  let received = 0;
  const say = (text) => { if (indicator) indicator.textContent = text; };
  say('Live updates: connecting…');
  source = new EventSource('/api/v1/stream?types=incident,violation,review,merge,split,agreement');
  source.addEventListener('open', () => say('Live updates: connected.'));
  source.addEventListener('error', () => {
    say(source && source.readyState === EventSource.CLOSED
      ? 'Live updates: disconnected (reload the page to retry).'
      : 'Live updates: reconnecting…');
  });
  for (const type of ['incident', 'violation', 'review', 'merge', 'split', 'agreement']) {
    source.addEventListener(type, (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch { return; }
      received += 1;
      say(`Live updates: connected, ${received} received.`);
      emit(`live:${type}`, data);
    });
  }
  source.addEventListener('lagged', () => emit('live:lagged', null));
}

export function stopLive() {
  if (source) source.close();
  source = null;
}
