// Incident families: a colour-blind-safe colour (Okabe–Ito) and a shape
// each, so that no meaning rests on colour alone; the map legend.

import { h } from './dom.js';

// Shapes are SVG paths in a 20×20 box.
export const FAMILIES = [
  { name: 'indirect_fire', label: 'Indirect fire', colour: '#E69F00', shape: 'circle',
    path: 'M10 3a7 7 0 1 0 0.01 0z' },
  { name: 'small_arms', label: 'Small arms', colour: '#56B4E9', shape: 'square',
    path: 'M4 4h12v12H4z' },
  { name: 'air_strike', label: 'Air strike', colour: '#D55E00', shape: 'triangle',
    path: 'M10 2.5L17.5 16.5H2.5z' },
  { name: 'maritime', label: 'Maritime', colour: '#0072B2', shape: 'diamond',
    path: 'M10 2l8 8-8 8-8-8z' },
  { name: 'sighting', label: 'Weapon sighting', colour: '#009E73', shape: 'inverted triangle',
    path: 'M2.5 3.5h15L10 17.5z' },
  { name: 'other', label: 'Other', colour: '#CC79A7', shape: 'cross',
    path: 'M7.5 3h5v4.5H17v5h-4.5V17h-5v-4.5H3v-5h4.5z' },
];

const byName = new Map(FAMILIES.map((f) => [f.name, f]));

export function familyInfo(name) {
  return byName.get(name) || byName.get('other');
}

// The SVG markup of a family's symbol. Only constant strings go in here,
// never data. `violation` adds a black ring; `status` changes the fill:
// verified is solid, rejected is hatched grey, others are lighter.
export function symbolSvg(name, { violation = false, status = '', size = 20 } = {}) {
  const f = familyInfo(name);
  const rejected = status === 'rejected';
  const fill = rejected ? '#BBBBBB' : f.colour;
  const opacity = status === 'verified' || rejected ? 1 : 0.85;
  const ring = violation
    ? '<circle cx="10" cy="10" r="9.2" fill="none" stroke="#000" stroke-width="1.6" stroke-dasharray="2.6 1.4"/>'
    : '';
  const tick = status === 'verified'
    ? '<path d="M6.5 10.5l2.4 2.4 4.6-5" fill="none" stroke="#000" stroke-width="1.6"/>'
    : '';
  const cross = rejected
    ? '<path d="M7 7l6 6M13 7l-6 6" stroke="#000" stroke-width="1.6"/>'
    : '';
  return `<svg viewBox="0 0 20 20" width="${size}" height="${size}" aria-hidden="true" focusable="false">`
    + `${ring}<path d="${f.path}" fill="${fill}" fill-opacity="${opacity}" stroke="#1a1a1a" stroke-width="1"/>`
    + `${tick}${cross}</svg>`;
}

// A span holding the symbol, for lists and panels (label given separately).
export function symbolElement(name, options) {
  const span = h('span', { class: 'symbol' });
  span.innerHTML = symbolSvg(name, options);
  return span;
}

// The legend: every family's symbol with its name, plus the marks for
// violations, verified and rejected incidents and clusters.
export function legendElement() {
  const items = FAMILIES.map((f) =>
    h('li', null, symbolElement(f.name), ` ${f.label} (${f.shape})`));
  items.push(h('li', null, symbolElement('indirect_fire', { violation: true }),
    ' Dashed black ring: violation of the agreement'));
  items.push(h('li', null, symbolElement('indirect_fire', { status: 'verified' }),
    ' Tick: verified'));
  items.push(h('li', null, symbolElement('indirect_fire', { status: 'rejected' }),
    ' Grey with a cross: rejected'));
  items.push(h('li', null, h('span', { class: 'legend-cluster', 'aria-hidden': 'true' }, '12'),
    ' Numbered disc: a cluster of incidents (select to zoom in)'));
  items.push(h('li', null, h('span', { class: 'legend-line', 'aria-hidden': 'true' }),
    ' Red line: line of contact'));
  return h('section', { class: 'legend', 'aria-labelledby': 'legend-title' },
    h('h2', { id: 'legend-title' }, 'Legend'), h('ul', null, items));
}
