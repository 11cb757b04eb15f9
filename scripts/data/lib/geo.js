'use strict';
// Small geometry helpers for the data build. Positions are [lon, lat] in
// degrees (RFC 7946 order). Distances use a spherical Earth of mean radius
// 6371.0088 km, which is accurate to ~0.5 % and enough for building and
// checking reference data (the engine itself uses GeographicLib).

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
const KM_PER_DEG = EARTH_RADIUS_KM * RAD;

// Rounds to 5 decimals (about 1 m) and never yields -0.
function round5(x) {
  const r = Math.round(x * 1e5) / 1e5;
  return r === 0 ? 0 : r;
}

function roundPos(p) { return [round5(p[0]), round5(p[1])]; }

function samePos(a, b) { return a[0] === b[0] && a[1] === b[1]; }

// Planar signed area in degree units: > 0 for counter-clockwise rings.
function signedArea(ring) {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return s / 2;
}

// Rounds a ring, drops repeated consecutive positions, closes it. Returns
// null if fewer than 4 positions (3 distinct) remain.
function cleanRing(ring) {
  const out = [];
  for (const p of ring) {
    const q = roundPos(p);
    if (!out.length || !samePos(out[out.length - 1], q)) out.push(q);
  }
  if (out.length > 1 && samePos(out[0], out[out.length - 1])) out.pop();
  if (out.length < 3) return null;
  out.push(out[0].slice());
  return Math.abs(signedArea(out)) > 0 ? out : null;
}

// Cleans a polygon (array of rings) and orients it per RFC 7946: exterior
// ring counter-clockwise, holes clockwise. Returns null if the exterior
// degenerates.
function cleanPolygon(rings) {
  const ext = cleanRing(rings[0]);
  if (!ext) return null;
  const out = [signedArea(ext) > 0 ? ext : ext.reverse()];
  for (const h of rings.slice(1)) {
    const c = cleanRing(h);
    if (c) out.push(signedArea(c) < 0 ? c : c.reverse());
  }
  return out;
}

// Clips a closed ring to the half-plane x <= c (keepBelow) or x >= c
// (Sutherland-Hodgman); exact for rings that cross x = c twice.
function clipRingX(ring, c, keepBelow) {
  const inside = (p) => (keepBelow ? p[0] <= c : p[0] >= c);
  const cut = (s, e) => [c, s[1] + ((c - s[0]) * (e[1] - s[1])) / (e[0] - s[0])];
  const out = [];
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    const s = ring[(i + n - 1) % n];
    const e = ring[i];
    if (inside(e)) {
      if (!inside(s)) out.push(cut(s, e));
      out.push(e);
    } else if (inside(s)) {
      out.push(cut(s, e));
    }
  }
  if (out.length) out.push(out[0].slice());
  return out;
}

// RFC 7946 section 3.1.9: a polygon whose exterior ring jumps across the
// antimeridian (an edge spanning more than 180 degrees of longitude) is cut
// into an eastern and a western part. Holes go to the part holding them.
function splitAntimeridian(rings) {
  const ext = rings[0];
  const jumps = ext.filter((p, i) => i > 0 && Math.abs(p[0] - ext[i - 1][0]) > 180).length;
  if (!jumps) return [rings];
  if (jumps !== 2) throw new Error(`ring crosses the antimeridian ${jumps} times; only 2 is handled`);
  for (const h of rings.slice(1)) {
    if (h.some((p, i) => i > 0 && Math.abs(p[0] - h[i - 1][0]) > 180)) throw new Error('hole crosses the antimeridian');
  }
  let off = 0;
  const un = ext.map((p, i) => {
    if (i > 0) {
      const d = p[0] - ext[i - 1][0];
      if (d > 180) off -= 360; else if (d < -180) off += 360;
    }
    return [p[0] + off, p[1]];
  });
  const c = Math.max(...un.map((p) => p[0])) > 180 ? 180 : -180;
  const near = clipRingX(un, c, c > 0);
  const far = clipRingX(un, c, c < 0).map((p) => [p[0] - Math.sign(c) * 360, p[1]]);
  const parts = [near, far].filter((r) => r.length >= 4).map((r) => [r]);
  for (const h of rings.slice(1)) {
    const home = parts.find((pr) => pointInRing(h[0], pr[0])) || parts[0];
    home.push(h);
  }
  return parts;
}

// Cleans a Polygon or MultiPolygon; returns a Polygon when one part is left.
function cleanAreal(geom) {
  const given = geom.type === 'Polygon' ? [geom.coordinates]
    : geom.type === 'MultiPolygon' ? geom.coordinates : null;
  if (!given) throw new Error(`expected Polygon or MultiPolygon, got ${geom.type}`);
  const parts = given.flatMap(splitAntimeridian);
  const polys = parts.map(cleanPolygon).filter(Boolean);
  if (!polys.length) throw new Error('geometry degenerated after rounding');
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] }
    : { type: 'MultiPolygon', coordinates: polys };
}

function polygonsOf(geom) {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
}

function pointInRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function pointInGeometry(pt, geom) {
  return polygonsOf(geom).some((rings) => pointInRing(pt, rings[0])
    && !rings.slice(1).some((h) => pointInRing(pt, h)));
}

// Does segment a-b meet the rectangle [w, s, e, n]? (Liang-Barsky clip.)
function segmentHitsBox(a, b, box) {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const tests = [[-dx, a[0] - box[0]], [dx, box[2] - a[0]], [-dy, a[1] - box[1]], [dy, box[3] - a[1]]];
  for (const [p, q] of tests) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    }
  }
  return true;
}

function geometryHitsBox(geom, box) {
  const corners = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]];
  for (const rings of polygonsOf(geom)) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) if (segmentHitsBox(ring[i], ring[i + 1], box)) return true;
    }
    if (corners.some((c) => pointInGeometry(c, { type: 'Polygon', coordinates: rings }))) return true;
  }
  return false;
}

function haversineKm(a, b) {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function toVec(p) {
  const lon = p[0] * RAD;
  const lat = p[1] * RAD;
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}
function cross(a, b) { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
function dot(a, b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
function norm(a) { const l = Math.hypot(a[0], a[1], a[2]); return [a[0] / l, a[1] / l, a[2] / l]; }

// Great-circle distance from p to the arc a-b, in km.
function pointSegmentKm(p, a, b) {
  const da = haversineKm(p, a);
  const db = haversineKm(p, b);
  if (samePos(a, b)) return da;
  const A = toVec(a);
  const B = toVec(b);
  const P = toVec(p);
  const n = norm(cross(A, B));
  const s = dot(P, n);
  const Q = norm([P[0] - s * n[0], P[1] - s * n[1], P[2] - s * n[2]]);
  if (dot(cross(A, Q), n) >= 0 && dot(cross(Q, B), n) >= 0) {
    return Math.min(EARTH_RADIUS_KM * Math.abs(Math.asin(Math.max(-1, Math.min(1, s)))), da, db);
  }
  return Math.min(da, db);
}

// Distance from p to a polyline, with the index of the nearest segment.
function pointLineKm(p, coords) {
  let best = { km: Infinity, index: -1 };
  for (let i = 0; i + 1 < coords.length; i++) {
    const d = pointSegmentKm(p, coords[i], coords[i + 1]);
    if (d < best.km) best = { km: d, index: i };
  }
  return best;
}

// East/north offsets in km of q relative to p (local equirectangular).
function localKm(p, q) {
  const lat0 = ((p[1] + q[1]) / 2) * RAD;
  return [(q[0] - p[0]) * KM_PER_DEG * Math.cos(lat0), (q[1] - p[1]) * KM_PER_DEG];
}

// The point reached from p after `km` on the initial bearing (degrees).
function destination(p, bearingDeg, km) {
  const d = km / EARTH_RADIUS_KM;
  const th = bearingDeg * RAD;
  const lat1 = p[1] * RAD;
  const lon1 = p[0] * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(th));
  const lon2 = lon1 + Math.atan2(Math.sin(th) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [lon2 / RAD, lat2 / RAD];
}

// Nearest point to p on polyline `coords` (local planar projection per
// segment): { point, index (segment), km }.
function nearestOnLine(p, coords) {
  let best = null;
  for (let i = 0; i + 1 < coords.length; i++) {
    const a = coords[i];
    const b = coords[i + 1];
    const ab = localKm(a, b);
    const ap = localKm(a, p);
    const len2 = ab[0] * ab[0] + ab[1] * ab[1];
    const t = len2 ? Math.max(0, Math.min(1, (ap[0] * ab[0] + ap[1] * ab[1]) / len2)) : 0;
    const q = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    const km = haversineKm(p, q);
    if (!best || km < best.km) best = { point: q, index: i, t, km };
  }
  return best;
}

module.exports = {
  EARTH_RADIUS_KM, round5, roundPos, samePos, signedArea, cleanRing, cleanPolygon, cleanAreal,
  polygonsOf, pointInRing, pointInGeometry, geometryHitsBox, haversineKm, pointSegmentKm,
  pointLineKm, localKm, destination, nearestOnLine,
};
