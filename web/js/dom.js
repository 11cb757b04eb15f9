// Small DOM helpers: build elements from data without ever parsing data
// as HTML, format times and numbers, debounce.

// h('a', {href: '#', class: 'x', onclick: f}, 'text', child…). Attributes
// whose value is null/undefined/false are left out; `true` sets an empty one.
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

// "2025-04-01 14:05 UTC" from an RFC 3339 instant.
export function formatTime(text) {
  if (!text) return '—';
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number(value).toLocaleString('en-GB', {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  });
}

// "indirect_fire" → "Indirect fire"
export function humanize(name) {
  if (!name) return '—';
  const text = String(name).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// YYYY-MM-DD of a Date in UTC, and back.
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function dayToDate(day) {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day, n) {
  const date = dayToDate(day);
  date.setUTCDate(date.getUTCDate() + n);
  return isoDay(date);
}

export function daysBetween(a, b) {
  return Math.round((dayToDate(b) - dayToDate(a)) / 86400000);
}
