// The application shell: restores or opens the session, routes between
// the pages by the URL hash (#/login, #/map, #/queue, #/report, #/plans,
// #/incident/ID), owns the navigation bar and the shared incident panel.

import * as api from './api.js';
import { state, setUser, setWindow, on } from './state.js';
import { initStatus, announce, announceError } from './status.js';
import { createLoginPage } from './login.js';
import { createMapView } from './map.js';
import { createQueue } from './queue.js';
import { createReportPage } from './report.js';
import { createPlansPage } from './plans.js';
import { createIncidentPanel } from './incident-panel.js';
import { loadExtent, renderTimeline } from './timeline.js';
import { startLive, stopLive } from './live.js';

const $ = (selector) => document.querySelector(selector);
const PAGES = ['login', 'map', 'queue', 'report', 'plans'];
const TITLES = { login: 'Log in', map: 'Live map', queue: 'Verification queue',
  report: 'Daily report', plans: 'Deployment plans' };

let current = null;
let mapView = null;
const pages = {};

function pageElement(name) {
  return $(`#page-${name}`);
}

function ensureMap() {
  if (!mapView) {
    mapView = createMapView(pageElement('map'), { onOpen: (id) => panel.open(id) });
  }
  return mapView;
}

const panel = createIncidentPanel($('#incident-panel'), {
  onLocate: (incident) => {
    if (current !== 'map') location.hash = '#/map';
    setTimeout(() => ensureMap().focusIncident(incident), 0);
  },
});

function showPage(name) {
  current = name;
  for (const page of PAGES) pageElement(page).hidden = page !== name;
  for (const link of document.querySelectorAll('#nav a[data-page]')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  $('#nav').hidden = name === 'login';
  document.title = `${TITLES[name]} — Truceline`;
}

async function route() {
  const hash = location.hash || '#/map';
  const [, name, arg] = hash.match(/^#\/([a-z]+)(?:\/(\d+))?/) || [];
  if (!state.user) {
    showPage('login');
    pages.login.show();
    return;
  }
  if (name === 'login') { location.hash = '#/map'; return; }
  if (name === 'incident' && arg) {
    showPage('map');
    ensureMap().show();
    panel.open(Number(arg));
    return;
  }
  const page = PAGES.includes(name) ? name : 'map';
  showPage(page);
  if (page === 'map') {
    const view = ensureMap();
    renderTimeline(view.timelineSlot);
    view.show();
  } else if (page === 'queue') {
    pages.queue.show();
  } else if (page === 'report') {
    pages.report.show();
  } else if (page === 'plans') {
    pages.plans.show();
  }
  if (page !== 'map') {
    const heading = pageElement(page).querySelector('h1');
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
  }
}

async function startSession(me) {
  setUser(me);
  $('#who').textContent = `${me.user} (${me.role})`;
  try {
    const extent = await loadExtent();
    if (extent) {
      state.firstDay = extent.firstDay;
      state.lastDay = extent.lastDay;
      setWindow(extent.lastDay, extent.lastDay);
    } else {
      announce('No incidents are stored yet.');
    }
  } catch (error) {
    announceError('Could not find the days with data', error);
  }
  if (mapView) renderTimeline(mapView.timelineSlot);
  startLive($('#live-state'));
  await route();
}

function endSession(message) {
  stopLive();
  panel.close();
  setUser(null);
  if (message) announceError(message);
  location.hash = '#/login';
  route();
}

async function main() {
  initStatus($('#status'), $('#alert'));
  pages.login = createLoginPage(pageElement('login'), {
    onLoggedIn: async (me) => {
      announce(`Logged in as ${me.user}.`);
      if (!location.hash || location.hash === '#/login') location.hash = '#/map';
      await startSession(me);
    },
  });
  pages.queue = createQueue(pageElement('queue'), { onOpen: (id) => panel.open(id) });
  pages.report = createReportPage(pageElement('report'));
  pages.plans = createPlansPage(pageElement('plans'));

  api.onUnauthorized(() => { if (state.user) endSession('Your session has ended; log in again.'); });
  $('#logout').addEventListener('click', async () => {
    try { await api.logout(); } catch { /* the session is gone either way */ }
    endSession(null);
    announce('Logged out.');
  });
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (event) => {
    if (current === 'queue' && state.user) pages.queue.handleKey(event);
  });
  on('user', (user) => { if (!user) $('#who').textContent = ''; });

  try {
    const me = await api.whoAmI();
    await startSession(me);
  } catch (error) {
    if (error.status !== 401) announceError('Could not reach the server', error);
    showPage('login');
    pages.login.show();
  }
  document.body.dataset.ready = 'true';
}

main();
