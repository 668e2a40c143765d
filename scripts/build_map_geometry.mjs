// Build memberstates/data/geo/world.json: projected, simplified SVG path data per ISO 3166
// alpha-3 code, read at run time by memberstates/maps.py (which needs no geo library).
//
// Run once after changing the inputs (the output is committed; nothing runs npm at run time):
//     npm ci && npm run build:map
//
// Inputs (npm devDependencies, pinned in package-lock.json):
//   - world-atlas countries-50m.json: Natural Earth 1:50m admin-0 (public domain) as TopoJSON,
//     feature ids are ISO 3166-1 numeric codes.
//   - i18n-iso-countries: numeric -> alpha-3 and English default names.
//   - d3-geo (Natural Earth I projection), topojson-client, topojson-simplify.
//
// Why one world projection instead of a regional one: the renderer crops with the SVG viewBox
// to the states it is asked to show, so the same file serves the 47 AALCO members (Africa,
// Asia, Middle East) and a future all-UN map without a rebuild.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { geoArea, geoCentroid, geoNaturalEarth1, geoStream } from "d3-geo";
import { feature, merge } from "topojson-client";
import { presimplify, simplify, quantile } from "topojson-simplify";

const require = createRequire(import.meta.url);
const countries = require("i18n-iso-countries");
countries.registerLocale(require("i18n-iso-countries/langs/en.json"));

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "memberstates", "data", "geo", "world.json");

// Projected world width in user units. Coordinates are rounded to integers: at 2400 units
// for 360 degrees, one unit is ~0.15 degree, under one screen pixel for a regional map.
const WIDTH = 2400;
// Keep this share of the simplification weights (topology-preserving, so shared borders stay
// shared and no slivers open between neighbours).
const KEEP_QUANTILE = 0.3;
// Paper needs far fewer points (WeasyPrint draws SVG paths in pure Python, and at print size
// one unit is under a tenth of a millimetre): the print outline `p` keeps this share, about a
// quarter of the screen's points, simplified the same topology-preserving way.
const PRINT_KEEP_QUANTILE = 0.06;

// Natural Earth draws these without an ISO code. Following UN membership, the map shows
// Somaliland as part of Somalia and Northern Cyprus as part of Cyprus; the rest stay as
// unlabelled background land.
const MERGE_INTO = { Somaliland: "SOM", "N. Cyprus": "CYP" };
// UN member states that Natural Earth 1:50m has no polygon for: the renderer draws a marker
// at this point (longitude, latitude).
const MARKER_ONLY = { TUV: [179.2, -8.5] };
// Not drawn at all: empty in the region this product serves, and costly in bytes.
const DROP = new Set(["ATA"]);

const topology = JSON.parse(
  readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"),
);
const presimplified = presimplify(topology);
const simplified = simplify(presimplified, quantile(presimplified, KEEP_QUANTILE));
const printSimplified = simplify(presimplified, quantile(presimplified, PRINT_KEEP_QUANTILE));

const projection = geoNaturalEarth1().fitWidth(WIDTH, { type: "Sphere" });
const HEIGHT = Math.ceil(WIDTH / 2.0534); // Natural Earth I aspect ratio (width / height)

/**
 * Project a GeoJSON geometry to a compact SVG path (integer coordinates, relative moves) and
 * two boxes: `bbox` around everything drawn (for culling) and `crop` around the rings of at
 * least 1% of the largest one's area, so far-flung specks (South Africa's Prince Edward
 * Islands, say) do not stretch the frame of a map.
 */
function project(geometry) {
  const rings = [];
  let ring = null;
  // d3's stream clips at the antimeridian and resamples before projecting.
  geoStream(
    { type: "Feature", geometry, properties: {} },
    projection.stream({
      point(x, y) {
        ring.push([Math.round(x), Math.round(y)]);
      },
      lineStart() {
        ring = [];
      },
      lineEnd() {
        rings.push(ring);
      },
      polygonStart() {},
      polygonEnd() {},
      sphere() {},
    }),
  );
  const kept = [];
  for (const r of rings) {
    const pts = [];
    for (const p of r) {
      const prev = pts[pts.length - 1];
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) pts.push(p);
    }
    const [fx, fy] = pts[0] ?? [];
    while (pts.length > 1 && pts[pts.length - 1][0] === fx && pts[pts.length - 1][1] === fy) {
      pts.pop();
    }
    if (pts.length < 3) continue; // collapsed below one unit: the marker fallback covers it
    let area = 0;
    for (let i = 0; i < pts.length; i++) {
      const [ax, ay] = pts[i];
      const [bx, by] = pts[(i + 1) % pts.length];
      area += ax * by - bx * ay;
    }
    kept.push({ pts, area: Math.abs(area / 2) });
  }
  if (!kept.length) return { d: "", bbox: null, crop: null };
  const box = (list) => {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const { pts } of list) {
      for (const [x, y] of pts) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
    }
    return b;
  };
  const largest = Math.max(...kept.map((k) => k.area));
  let d = "";
  let last = null;
  for (const { pts } of kept) {
    const [x0, y0] = pts[0];
    d += last ? `m${x0 - last[0]} ${y0 - last[1]}` : `M${x0} ${y0}`;
    let cur = pts[0];
    const steps = [];
    for (const p of pts.slice(1)) {
      steps.push(`${p[0] - cur[0]} ${p[1] - cur[1]}`);
      cur = p;
    }
    // SVG lets a minus sign separate numbers; drop the space before it to save bytes.
    d += "l" + steps.join(" ").replace(/ -/g, "-") + "z";
    last = [x0, y0]; // after z the current point is the ring's start again
  }
  return { d, bbox: box(kept), crop: box(kept.filter((k) => k.area >= largest * 0.01)) };
}

const geoms = simplified.objects.countries.geometries;
const byIso3 = new Map();
const background = [];
for (const g of geoms) {
  const name = g.properties?.name ?? "";
  const iso3 = g.id ? countries.numericToAlpha3(g.id) : MERGE_INTO[name];
  if (iso3 && DROP.has(iso3)) continue;
  if (!iso3) {
    background.push(g);
    continue;
  }
  if (!byIso3.has(iso3)) byIso3.set(iso3, []);
  byIso3.get(iso3).push(g);
}

// Centroids and areas come from the unsimplified shapes so tiny islands keep a true position.
const original = new Map();
for (const g of topology.objects.countries.geometries) {
  const name = g.properties?.name ?? "";
  const iso3 = g.id ? countries.numericToAlpha3(g.id) : MERGE_INTO[name];
  if (!iso3) continue;
  if (!original.has(iso3)) original.set(iso3, []);
  original.get(iso3).push(g);
}

const out = {
  source:
    "Natural Earth 1:50m admin-0 countries (public domain) via npm world-atlas " +
    "(ISC, Mike Bostock); ISO numeric to alpha-3 and names via npm i18n-iso-countries (MIT). " +
    "Built by scripts/build_map_geometry.mjs.",
  projection: "Natural Earth I, centred on the prime meridian",
  width: WIDTH,
  height: HEIGHT,
  countries: {},
  background: [],
};

for (const iso3 of [...byIso3.keys()].sort()) {
  const parts = byIso3.get(iso3);
  const shape = (topo) => (parts.length > 1 ? merge(topo, parts) : feature(topo, parts[0]).geometry);
  const geometry = shape(simplified);
  const full = merge(topology, original.get(iso3));
  const [cx, cy] = projection(geoCentroid(full));
  const { d, bbox, crop } = project(geometry);
  out.countries[iso3] = {
    name: countries.getName(iso3, "en") ?? iso3,
    d,
    p: project(shape(printSimplified)).d,
    bbox,
    crop,
    c: [Math.round(cx * 10) / 10, Math.round(cy * 10) / 10],
    // Steradians scaled to square degrees-ish; the renderer only compares sizes.
    area: Math.round(geoArea(full) * 1e6) / 1e6,
  };
}
for (const [iso3, lonlat] of Object.entries(MARKER_ONLY)) {
  if (out.countries[iso3]) continue;
  const [cx, cy] = projection(lonlat);
  out.countries[iso3] = {
    name: countries.getName(iso3, "en") ?? iso3,
    d: "",
    p: "",
    bbox: null,
    crop: null,
    c: [Math.round(cx * 10) / 10, Math.round(cy * 10) / 10],
    area: 0,
  };
}
for (const g of background) {
  const { d, bbox } = project(feature(simplified, g).geometry);
  if (d) out.background.push({ d, p: project(feature(printSimplified, g).geometry).d, bbox });
}

mkdirSync(dirname(OUT), { recursive: true });
const json = JSON.stringify(out);
writeFileSync(OUT, json + "\n");
console.log(`wrote ${OUT}: ${Object.keys(out.countries).length} countries, ${json.length} bytes`);
