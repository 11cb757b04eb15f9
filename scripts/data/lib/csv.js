'use strict';
// Minimal RFC 4180 CSV reading and writing for the fact tables and outputs.
// Output is UTF-8 with LF line ends; a field is quoted only when it holds a
// comma, a quote or a line break, so the bytes are stable from run to run.

const fs = require('fs');

function parseCsv(text, file) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // tolerate a BOM
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else { quoted = false; }
      } else {
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`${file}: stray quote in row ${rows.length + 1}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field); field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(`${file}: unterminated quoted field`);
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

// Reads a CSV file with a header into an array of objects; checks the header
// against `columns` when given, and that every row has the header's width.
function readCsv(file, columns) {
  const rows = parseCsv(fs.readFileSync(file, 'utf8'), file);
  if (!rows.length) throw new Error(`${file}: empty`);
  const header = rows[0];
  if (columns && header.join(',') !== columns.join(',')) {
    throw new Error(`${file}: header is "${header.join(',')}", expected "${columns.join(',')}"`);
  }
  return rows.slice(1).map((r, n) => {
    if (r.length !== header.length) {
      throw new Error(`${file}: row ${n + 2} has ${r.length} fields, header has ${header.length}`);
    }
    const o = {};
    header.forEach((h, k) => { o[h] = r[k]; });
    return o;
  });
}

function csvField(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatCsv(columns, rows) {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return lines.join('\n') + '\n';
}

module.exports = { parseCsv, readCsv, formatCsv };
