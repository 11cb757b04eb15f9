// The daily report page: pick a date, build the report (roles that may)
// or open the one already built, then link its HTML/PDF/JSON, show its
// map and trend images, and chart report.json's 30-day trend with
// Chart.js (with the numbers also in a table).

import * as api from './api.js';
import { h, clear, formatNumber, humanize } from './dom.js';
import { FAMILIES } from './families.js';
import { state, canBuildReports } from './state.js';
import { announce, announceError } from './status.js';

const Chart = window.Chart;
const FILES = ['report.html', 'report.pdf', 'report.json', 'map.png', 'trend.png'];

function fileUrls(date, files) {
  const urls = {};
  for (const name of FILES) {
    urls[name] = (files && files[name]) || `/api/v1/daily-reports/${date}/${name}`;
  }
  return urls;
}

function summaryTable(summary) {
  const rows = ['incidents', 'reports', 'violations'].filter((k) => summary[k]);
  return h('table', { class: 'numbers' },
    h('caption', null, 'The day against the day before and the 7-day mean'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Count'),
      h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Previous day'),
      h('th', { scope: 'col' }, 'Mean of 7 days before'))),
    h('tbody', null, rows.map((k) => h('tr', null, h('th', { scope: 'row' }, humanize(k)),
      h('td', null, formatNumber(summary[k].day)),
      h('td', null, formatNumber(summary[k].previous_day)),
      h('td', null, formatNumber(summary[k].mean_7d, 2))))));
}

function statusList(byStatus) {
  if (!byStatus) return null;
  return h('p', null, 'Incidents of the day by status: ', Object.entries(byStatus)
    .map(([k, v]) => `${humanize(k)} ${formatNumber(v)}`).join(', '), '.');
}

let chart = null;

function trendChart(trend) {
  if (chart) { chart.destroy(); chart = null; }
  const canvas = h('canvas', { id: 'trend-chart', role: 'img',
    'aria-label': 'Incidents per day by family and violations per day over 30 days; '
      + 'the same numbers are in the table below.' });
  const wrap = h('div', { class: 'chart-wrap' }, canvas);
  if (Chart) {
    chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: trend.map((d) => d.date.slice(5)),
        datasets: [
          ...FAMILIES.map((f) => ({
            label: f.label, stack: 'incidents', backgroundColor: f.colour,
            borderColor: '#1a1a1a', borderWidth: 0.5,
            data: trend.map((d) => (d.by_family && d.by_family[f.name]) || 0),
          })),
          {
            label: 'Violations', type: 'line', borderColor: '#000000', backgroundColor: '#000000',
            borderDash: [6, 3], pointStyle: 'rectRot', pointRadius: 4,
            data: trend.map((d) => d.violations),
          },
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }
  const table = h('details', null, h('summary', null, 'Trend as a table'),
    h('table', { class: 'numbers' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Date'),
        h('th', { scope: 'col' }, 'Incidents'), h('th', { scope: 'col' }, 'Violations'))),
      h('tbody', null, trend.map((d) => h('tr', null, h('th', { scope: 'row' }, d.date),
        h('td', null, formatNumber(d.incidents)),
        h('td', null, d.violations === null ? '—' : formatNumber(d.violations)))))));
  return [wrap, table];
}

// Creates the report page in `element`. Returns {show()}.
export function createReportPage(element) {
  const dateInput = h('input', { type: 'date', id: 'report-date', required: true });
  const zoneInput = h('input', { type: 'text', id: 'report-zone', value: 'Europe/Kyiv',
    autocomplete: 'off', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', id: 'report-submit' }, 'Build the report');
  const output = h('div', { id: 'report-output' });
  const form = h('form', { class: 'report-form' },
    h('div', { class: 'field' }, h('label', { for: 'report-date' }, 'Date'), dateInput),
    h('div', { class: 'field' }, h('label', { for: 'report-zone' }, 'Time zone of the day'),
      zoneInput),
    submit);
  element.append(h('h1', null, 'Daily report'), form, output);

  async function show(date) {
    const zone = zoneInput.value.trim() || 'Europe/Kyiv';
    clear(output).append(h('p', null, 'Working…'));
    output.setAttribute('aria-busy', 'true');
    try {
      let files = null;
      if (canBuildReports()) {
        const built = await api.post('/api/v1/daily-reports', { date, timezone: zone });
        files = built.files;
      }
      const urls = fileUrls(date, files);
      let report;
      try {
        report = await api.get(urls['report.json']);
      } catch (error) {
        if (error.status === 404) {
          clear(output).append(h('p', null,
            `No report has been built for ${date} yet; an analyst, coordinator or admin can build it.`));
          return;
        }
        throw error;
      }
      const summary = report.summary || {};
      clear(output).append(
        h('h2', null, `Report of ${report.date} (${report.timezone})`),
        h('ul', { class: 'links' },
          h('li', null, h('a', { href: urls['report.html'], target: '_blank', rel: 'noopener' },
            'Open the report (HTML, new tab)')),
          h('li', null, h('a', { href: urls['report.pdf'], download: `truceline-${date}.pdf` },
            'Download the PDF')),
          h('li', null, h('a', { href: urls['report.json'], target: '_blank', rel: 'noopener' },
            'report.json'))),
        summaryTable(summary),
        statusList(summary.incidents_by_status),
        h('figure', null, h('img', { src: urls['map.png'], alt: `Map of the incidents of ${date}`,
          width: 960, height: 720, loading: 'lazy' }),
          h('figcaption', null, 'Incidents and violations of the day')),
        h('figure', null, h('img', { src: urls['trend.png'], alt: `Trend of the 30 days to ${date}`,
          width: 960, height: 400, loading: 'lazy' }),
          h('figcaption', null, 'Trend over 30 days (as rendered by the server)')),
        h('h3', null, 'Trend (interactive)'),
        ...(report.trend ? trendChart(report.trend) : []),
        h('p', { class: 'hash' }, `Content hash: ${report.content_hash}`));
      announce(`Daily report of ${date} ready.`);
    } catch (error) {
      clear(output).append(h('p', { class: 'error' }, `The report could not be made: ${error.message}`));
      announceError('Could not make the report', error);
    } finally {
      output.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!dateInput.value) { dateInput.focus(); return; }
    show(dateInput.value);
  });

  return {
    show() {
      submit.textContent = canBuildReports() ? 'Build the report' : 'Show the report';
      if (state.firstDay) { dateInput.min = state.firstDay; dateInput.max = state.lastDay; }
      if (!dateInput.value && state.to) dateInput.value = state.to;
    },
  };
}
