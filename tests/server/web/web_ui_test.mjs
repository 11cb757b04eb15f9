// End-to-end test of the web UI: builds a store from a simulated day,
// serves it, and drives the UI in headless Debian chromium — log in,
// see incidents on the map with its legend, verify an incident from the
// queue with the keyboard, see the deployment plans read only, then as a
// coordinator run a plan and a what-if — then checks the review through
// the API and that the server stops cleanly on SIGTERM.
// Usage: node web_ui_test.mjs TRUCELINE_BINARY WEB_ROOT ARTIFACT_DIR

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [binary, webRoot, artifacts] = process.argv.slice(2);
if (!binary || !webRoot || !artifacts) {
  console.error('usage: web_ui_test.mjs TRUCELINE_BINARY WEB_ROOT ARTIFACT_DIR');
  process.exit(2);
}
const STEP_TIMEOUT = 60_000;   // generous: the machine is shared
const PASSWORD = 'web-ui test password 3';

function fail(message) {
  throw new Error(message);
}

// Runs the CLI; returns stdout. `okCodes` lists the accepted exit codes.
function cli(args, { input, okCodes = [0] } = {}) {
  const run = spawnSync(binary, args, { input, encoding: 'utf8', timeout: 300_000 });
  if (run.error) fail(`truceline ${args.join(' ')}: ${run.error.message}`);
  if (!okCodes.includes(run.status)) {
    fail(`truceline ${args.join(' ')} exited ${run.status}\n${run.stderr}`);
  }
  return run.stdout;
}

// Starts `truceline serve` and resolves {server, url} once it prints the
// {"listening":…} line.
function startServer(db) {
  const server = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet',
    '--web-root', webRoot], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.once('line', (line) => {
      try {
        resolve({ server, url: JSON.parse(line).listening, stderr: () => stderr });
      } catch {
        reject(new Error(`unexpected first line from serve: ${line}`));
      }
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code} early:\n${stderr}`)));
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null) { resolve(server.exitCode); return; }
    const timer = setTimeout(() => { server.kill('SIGKILL'); }, STEP_TIMEOUT);
    server.once('exit', (code, signal) => { clearTimeout(timer); resolve(signal ? signal : code); });
    server.kill('SIGTERM');
  });
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'truceline-web-ui-'));
  const db = join(dir, 'store.db');
  const reports = join(dir, 'exercise.ndjson');
  let served = null;
  let browser = null;
  try {
    cli(['simulate', '--days', '1', '--seed', '3', '--out', reports]);
    const ingestOut = cli(['ingest', '--db', db, reports], { okCodes: [0, 1] });
    const ingested = JSON.parse(ingestOut.split('\n')[0]);
    if (!(ingested.accepted > 0)) fail(`nothing ingested: ${JSON.stringify(ingested)}`);
    cli(['agreement', 'activate', '--db', db, '--agreement', 'bundled', '--role', 'coordinator']);
    cli(['user', 'add', '--db', db, '--name', 'ana', '--role', 'analyst', '--password-stdin'],
      { input: `${PASSWORD}\n` });
    cli(['user', 'add', '--db', db, '--name', 'carol', '--role', 'coordinator', '--password-stdin'],
      { input: `${PASSWORD}\n` });

    served = await startServer(db);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy|SyntaxError|TypeError|ReferenceError/i
        .test(message.text())) {
        problems.push(`console: ${message.text()}`);
      }
    });

    // Log in through the form.
    await page.goto(served.url + '/');
    await page.getByLabel('User name').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#nav').waitFor({ state: 'visible' });
    const who = await page.locator('#who').textContent();
    if (!who.includes('ana')) fail(`logged in as '${who}', expected ana`);

    // The map shows incidents (grid clusters when zoomed out) and a legend.
    const symbols = page.locator('#map .tl-marker, #map .tl-cluster');
    await symbols.first().waitFor({ state: 'visible' });
    if (!(await symbols.count() > 0)) fail('no incident symbols on the map');
    if (!(await page.locator('.legend li').count() >= 6)) fail('the legend is missing');
    await page.locator('#map-summary', { hasText: 'incidents in view' }).waitFor();

    // Zooming in on a cluster reaches single incidents.
    for (let i = 0; i < 6 && (await page.locator('#map .tl-marker').count()) === 0; ++i) {
      // A DOM click: symbols may overlap, which would stall a pointer click.
      await page.locator('#map .tl-cluster').first().dispatchEvent('click');
      await page.waitForTimeout(1500);
      await page.locator('#map-summary', { hasText: 'incidents in view' }).waitFor();
    }
    await page.locator('#map .tl-marker').first().waitFor({ state: 'attached' });
    await page.screenshot({ path: join(artifacts, 'web-ui-map.png') });

    // Live updates: a report submitted now reaches the page over SSE.
    await page.locator('#live-state', { hasText: 'connected' }).waitFor();
    const submitted = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const first = await (await fetch('/api/v1/incidents?limit=1')).json();
      const at = first.incidents[0].first_observed_at;
      const response = await fetch('/api/v1/reports', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: JSON.stringify({ id: 'web-ui-1', source: 'web-ui-test', source_kind: 'monitor',
          observed_at: at, lat: 47.9, lon: 37.6, kind: 'artillery' }),
      });
      return response.status;
    });
    if (submitted !== 201) fail(`POST /api/v1/reports answered ${submitted}`);
    await page.locator('#live-state', { hasText: 'received' }).waitFor();

    // The queue: j moves down, v asks a reason and verifies.
    await page.getByRole('link', { name: 'Verification queue' }).click();
    const rows = page.locator('#queue-table tbody tr[data-incident-id]');
    await rows.first().waitFor();
    const count = await rows.count();
    await page.keyboard.press('j');
    const selected = page.locator('#queue-table tbody tr.selected');
    const id = Number(await selected.getAttribute('data-incident-id'));
    const expected = Number(await rows.nth(count > 1 ? 1 : 0).getAttribute('data-incident-id'));
    if (id !== expected) fail(`j selected incident ${id}, expected ${expected}`);
    await page.keyboard.press('v');
    await page.locator('#reason-dialog').waitFor({ state: 'visible' });
    await page.getByLabel('Reason', { exact: true }).fill('footage geolocated (web UI test)');
    await page.locator('#reason-ok').click();
    await page.locator('#status', { hasText: `Incident ${id} verified` }).waitFor();
    if (await page.locator(`#queue-table tr[data-incident-id="${id}"]`).count() !== 0) {
      fail(`incident ${id} is still in the queue after verification`);
    }

    // The API agrees (same session, from the page).
    const incident = await page.evaluate(async (incidentId) => {
      const response = await fetch(`/api/v1/incidents/${incidentId}`, { credentials: 'same-origin' });
      return response.json();
    }, id);
    if (incident.status !== 'verified') fail(`incident ${id} is ${incident.status}, not verified`);
    if (!incident.review || incident.review.reason !== 'footage geolocated (web UI test)') {
      fail(`incident ${id} has review ${JSON.stringify(incident.review)}`);
    }

    // Enter opens the selected incident in the panel.
    await page.locator('#queue-table tbody tr.selected').focus();
    await page.keyboard.press('Enter');
    await page.locator('#panel-title').waitFor();
    await page.screenshot({ path: join(artifacts, 'web-ui.png') });

    // Plans, read only for an analyst: the bundled scenarios side by side.
    await page.getByRole('link', { name: 'Plans' }).click();
    await page.locator('#plan-readonly').waitFor({ state: 'visible' });
    if (!(await page.locator('#plan-run').isDisabled())) fail('an analyst could run a plan');
    await page.locator('#plan-compare tbody tr').nth(2).waitFor();
    const compared = await page.locator('#plan-compare tbody tr').count();
    if (compared !== 3) fail(`the comparison has ${compared} rows, expected 3`);

    // A coordinator runs the plan, sees it on the map, and leaves a nation out.
    await page.locator('#logout').click();
    await page.getByLabel('User name').fill('carol');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#nav').waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Plans' }).click();
    await page.locator('#plan-map .plan-contingent').first().waitFor();
    await page.locator('#plan-coverage tbody tr').first().waitFor();
    const firstRun = await page.locator('#plan-map').getAttribute('data-run');
    await page.getByRole('checkbox', { name: 'TR' }).check();
    await page.getByRole('button', { name: 'Run the plan' }).click();
    await page.locator(`#plan-map:not([data-run="${firstRun}"])`).waitFor();
    const nations = await page.locator('#plan-nations tbody').textContent();
    if (nations.includes('TR')) fail(`the what-if without TR still lists it: ${nations}`);
    await page.screenshot({ path: join(artifacts, 'web-ui-plans.png') });

    if (problems.length) fail(problems.join('\n'));
    await browser.close();
    browser = null;

    const code = await stopServer(served.server);
    served = null;
    if (code !== 0) fail(`the server exited with ${code} on SIGTERM`);
    console.log(`web_ui: ok (verified incident ${id}; screenshots in ${artifacts})`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (served) {
      await stopServer(served.server);
      if (served.stderr()) console.error(served.stderr());
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`web_ui: FAILED: ${error.message}`);
  process.exit(1);
});
