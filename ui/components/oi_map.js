// Områdesindex: the one map component (Leaflet, offline), with live ranking and meeting controls.
//
// Loaded by the small inline loader in ui/map.py (st.components.v2) from the app's own
// static folder, under a content-hashed name. Streamlit calls render() again with the same
// parent element whenever the data changes; everything the map has built lives on that
// element (parent.__oi), so the Leaflet map, its zoom and the fetched geometry survive reruns.
//
// The contract (data from geo/view/mapmodel.py):
//   module, leaflet {js, css}, areas (URL), bounds [w, s, e, n], layout "map" | "overview" | "meeting",
//   height (px, or 0 = fill the window), basemap, labels (bool), selected, overlays [[id, url, on]],
//   colours {...}, text {...}, lang, and either
//   live {scores (URL), weights [], dim_labels [], aggregation, scheme, top_k, watch {dim: key},
//         defaults [], legend {...}}        -> this page computes index, ranks, classes, legend
//   static {styles {id: {f, c, w, op, o, d, t}}, ranks {id: r}, legend {...}} -> drawn as given.
//
// The numbers: weightedIndex, ranksMin and classify repeat geo.engine.index.weighted_index,
// pandas rank(method="min") on the index rounded to 9 decimals, and geo.view.palette.classify
// (mapclassify's Quantiles / FisherJenks / EqualInterval) operation for operation, so the
// browser's ranks and classes are the server's (tests/e2e/test_client_engine.py).

// ------------------------------------------------------------------ numbers (mirror the server)

const RANK_SCALE = 1e9;

/** numpy.rint: round half to even. */
export function rint(x) {
  const r = Math.round(x);
  if (Math.abs(r - x) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/** geo.engine.index.weighted_index: sum over the weighted dimensions one after the other. */
export function weightedIndex(dims, n, m, weights, aggregation) {
  const use = [];
  for (let j = 0; j < m; j++) if (weights[j] > 0) use.push(j);
  let total = 0.0;
  for (const j of use) total += weights[j];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    let complete = true;
    for (const j of use) if (Number.isNaN(dims[row + j])) { complete = false; break; }
    if (!complete) { out[i] = NaN; continue; }
    let acc = 0.0;
    if (aggregation === "geometric") {
      for (const j of use) acc = acc + Math.log(dims[row + j]) * (weights[j] / total);
      out[i] = Math.exp(acc);
    } else {
      for (const j of use) acc = acc + dims[row + j] * weights[j];
      out[i] = acc / total;
    }
  }
  return out;
}

/** Per dimension: true when no area has a score (the data lacks the dimension altogether). */
export function emptyDimensions(dims, n, m) {
  const empty = [];
  for (let j = 0; j < m; j++) {
    let none = n > 0;
    for (let i = 0; i < n && none; i++) if (!Number.isNaN(dims[i * m + j])) none = false;
    empty.push(none);
  }
  return empty;
}

/**
 * Weight 0 means "without it" (geo.dataset.report.dimensions_without_data): a dimension without any
 * score counts as 0 even while its slider is above 0 — the server then refuses that weight and shows
 * this same index meanwhile — so its missing scores never turn every index into NaN.
 */
export function usedWeights(weights, empty) {
  return weights.map((x, j) => (empty[j] ? 0 : x));
}

/** pandas Series.round(9).rank(method="min"): 1 = lowest index, ties share the lowest rank; 0 = no rank. */
export function ranksMin(index) {
  const n = index.length;
  const keys = new Float64Array(n);
  const order = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(index[i])) continue;
    keys[i] = rint(index[i] * RANK_SCALE);
    order.push(i);
  }
  order.sort((a, b) => keys[a] - keys[b]);
  const rank = new Int32Array(n);
  let start = 0;
  for (let p = 0; p < order.length; p++) {
    if (p === 0 || keys[order[p]] !== keys[order[p - 1]]) start = p + 1;
    rank[order[p]] = start;
  }
  return rank;
}

/** numpy.arange for floats: length ceil((stop - start) / step), then start + i * ((start + step) - start). */
export function arange(start, stop, step) {
  const len = Math.ceil((stop - start) / step);
  if (!(len > 0)) return [];
  const out = [start];
  if (len > 1) {
    const next = start + step;
    const delta = next - start;
    out.push(next);
    for (let i = 2; i < len; i++) out.push(start + i * delta);
  }
  return out;
}

/** scipy.stats.scoreatpercentile(sorted, per) with interpolation "fraction". */
function scoreAtPercentile(sorted, per) {
  const idx = (per / 100) * (sorted.length - 1);
  const i = Math.trunc(idx);
  if (i === idx) return sorted[i];
  const w0 = (i + 1) - idx;
  const w1 = idx - i;
  return (sorted[i] * w0 + sorted[i + 1] * w1) / (w0 + w1);
}

function uniqueSorted(values) {
  const s = Array.from(values).sort((a, b) => a - b);
  const out = [];
  for (const v of s) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return out;
}

function quantileBins(sorted, k) {
  const w = 100.0 / k;
  const p = arange(w, 100 + w, w);
  if (p[p.length - 1] > 100.0) p[p.length - 1] = 100.0;
  return uniqueSorted(p.map((per) => scoreAtPercentile(sorted, per)));
}

function equalIntervalBins(present, k) {
  let maxY = -Infinity;
  let minY = Infinity;
  for (const v of present) { if (v > maxY) maxY = v; if (v < minY) minY = v; }
  const width = (maxY - minY) * 1.0 / k;
  let cuts = arange(minY + width, maxY + width, width);
  if (cuts.length > k) cuts = cuts.slice(0, k);
  cuts[cuts.length - 1] = maxY;
  return cuts;
}

/** mapclassify._fisher_jenks_means in float32, as mapclassify computes it. */
export function fisherJenksBins(sorted, classes) {
  const f = Math.fround;
  const n = sorted.length;
  const c1 = classes + 1;
  const mat1 = new Int32Array((n + 1) * c1);
  const mat2 = new Float32Array((n + 1) * c1);
  for (let j = 1; j <= classes; j++) mat1[1 * c1 + j] = 1;
  for (let l = 2; l <= n; l++) for (let j = 1; j <= classes; j++) mat2[l * c1 + j] = Infinity;
  const vals = new Float32Array(sorted);
  let v = 0;
  for (let l = 2; l <= n; l++) {
    let s1 = 0;
    let s2 = 0;
    let w = 0;
    const rowL = l * c1;
    for (let m = 1; m <= l; m++) {
      const i3 = l - m + 1;
      const val = vals[i3 - 1];
      s2 = f(s2 + f(val * val));
      s1 = f(s1 + val);
      w = f(w + 1);
      v = f(s2 - f(f(s1 * s1) / w));
      const i4 = i3 - 1;
      if (i4 !== 0) {
        const row4 = i4 * c1;
        for (let j = 2; j <= classes; j++) {
          const cand = f(v + mat2[row4 + j - 1]);
          if (mat2[rowL + j] >= cand) {
            mat1[rowL + j] = i3;
            mat2[rowL + j] = cand;
          }
        }
      }
    }
    mat1[rowL + 1] = 1;
    mat2[rowL + 1] = v;
  }
  const kclass = new Float64Array(classes + 1);
  kclass[classes] = sorted[n - 1];
  kclass[0] = sorted[0];
  let k = n;
  for (let count = classes; count > 1; count--) {
    const pivot = mat1[k * c1 + count];
    kclass[count - 1] = sorted[pivot - 2];
    k = pivot - 1;
  }
  return Array.from(kclass.slice(1));
}

/** mapclassify.classifiers.bin1d: class = sum over cuts of k * (left < x <= right). */
function bin1d(x, bins) {
  let id = 0;
  for (let k = bins.length - 1; k >= 0; k--) {
    const left = k === 0 ? -Infinity : bins[k - 1];
    if (x > left && x <= bins[k]) id += k;
  }
  return id;
}

/**
 * geo.view.palette.classify: at most kMax classes of the non-missing values.
 * Returns {classOf (Int8Array, -1 = no value), lower, upper, n (classes)}; the caller maps a class
 * to a colour with the palette's spread for n classes.
 */
export function classify(values, scheme, kMax = 5, previous = null) {
  const total = values.length;
  const classOf = new Int8Array(total).fill(-1);
  const present = [];
  const at = [];
  for (let i = 0; i < total; i++) if (!Number.isNaN(values[i])) { present.push(values[i]); at.push(i); }
  if (present.length === 0) return { classOf, lower: [], upper: [], n: 0 };
  const sorted = Float64Array.from(present).sort();
  let distinct = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const k = Math.min(Math.max(1, Math.min(kMax, 5)), distinct);
  if (k === 1) {
    for (const i of at) classOf[i] = 0;
    return { classOf, lower: [sorted[0]], upper: [sorted[0]], n: 1 };
  }
  let bins;
  if (scheme === "equal_interval") bins = equalIntervalBins(present, k);
  else if (scheme === "natural_breaks") bins = previous || fisherJenksBins(sorted, k);
  else bins = quantileBins(sorted, k);
  const yb = new Int32Array(present.length);
  const seen = new Uint8Array(bins.length);
  for (let p = 0; p < present.length; p++) { yb[p] = bin1d(present[p], bins); seen[yb[p]] = 1; }
  const used = [];
  for (let k = 0; k < bins.length; k++) if (seen[k]) used.push(k);  // np.unique(yb): sorted, distinct
  const remap = new Int32Array(bins.length);
  used.forEach((old, i) => { remap[old] = i; });
  for (let p = 0; p < at.length; p++) classOf[at[p]] = remap[yb[p]];
  const upper = used.map((u) => bins[u]);
  const lower = [sorted[0], ...upper.slice(0, -1)];
  return { classOf, lower, upper, n: used.length, bins };
}

/** geo.i18n.fmt_number: Python's f"{v:,.{d}f}" (ties to even on the exact binary value), Swedish marks. */
export function fmtNumber(value, lang, decimals = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const neg = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let text = abs.toFixed(decimals);
  // toFixed rounds exact ties away from zero; Python rounds them to even.
  const exact = abs.toFixed(Math.min(100, decimals + 60));
  const rest = exact.slice(exact.indexOf(".") + 1 + decimals);
  if (/^50*$/.test(rest)) {
    const down = exact.slice(0, exact.indexOf(".") + 1 + decimals).replace(/\.$/, "");
    const last = Number(down.replace(".", "").slice(-1));
    if (last % 2 === 0) text = down;
  }
  const [whole, frac] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === "en" ? "," : "\u00a0");
  let out = frac !== undefined ? grouped + (lang === "en" ? "." : ",") + frac : grouped;
  if (neg) out = (lang === "en" ? "-" : "\u2212") + out;
  return out;
}

/** geo.view.ranking.rank_change_label: "↑2" towards rank 1, "↓1" away, "–" unchanged, "" unknown. */
export function changeLabel(baseline, rank) {
  if (!baseline || !rank) return "";
  const d = baseline - rank;
  if (d > 0) return "\u2191" + d;
  if (d < 0) return "\u2193" + -d;
  return "\u2013";
}

// ------------------------------------------------------------------ labels (mirror geo/view/labels.py)

const BADGE_OVERHANG = 0.35;

function overlapsBox(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** A grid of placed boxes, so a collision test looks at a few neighbours instead of every label. */
class BoxGrid {
  constructor(cell) { this.cell = cell; this.cells = new Map(); }
  _keys(b) {
    const c = this.cell;
    const out = [];
    for (let x = Math.floor(b[0] / c); x <= Math.floor(b[2] / c); x++)
      for (let y = Math.floor(b[1] / c); y <= Math.floor(b[3] / c); y++) out.push(x + "," + y);
    return out;
  }
  hits(b, except) {
    for (const k of this._keys(b)) {
      const list = this.cells.get(k);
      if (!list) continue;
      for (const e of list) if (e.owner !== except && overlapsBox(b, e.box)) return true;
    }
    return false;
  }
  add(b, owner) {
    const e = { box: b, owner };
    for (const k of this._keys(b)) {
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k).push(e);
    }
    return e;
  }
  remove(e) {
    for (const k of this._keys(e.box)) {
      const list = this.cells.get(k);
      if (list) { const i = list.indexOf(e); if (i >= 0) list.splice(i, 1); }
    }
  }
}

/** Where an overlay label may go, nearest first: the anchor, then six rings of eight positions. */
export function overlayOffsets(w, h, padding) {
  const out = [[0, 0]];
  const stepY = h + 2 * padding;
  const stepX = w / 2 + h;
  for (let ring = 1; ring <= 6; ring++) {
    for (const [ux, uy] of [[0, -1], [0, 1], [1, 0], [-1, 0], [1, -1], [-1, -1], [1, 1], [-1, 1]]) {
      out.push([ux * stepX * ring, uy * stepY * ring]);
    }
  }
  return out;
}

/**
 * Greedy placement (geo.view.labels.place): rank badges in rank order, then overlay labels
 * (trying a few offsets), then longer texts for the badges placed, where they fit and overlap
 * nothing. areas: [{key, texts (longest first), x, y, hw, hh}], overlays: [{key, texts, x, y}].
 * Returns Map key -> {text, box}.
 */
export function placeLabels(areas, overlays, measure, bounds, padding = 2) {
  const grid = new BoxGrid(64);
  const placed = new Map();
  const boxOf = (x, y, w, h) => [x - w / 2 - padding, y - h / 2 - padding, x + w / 2 + padding, y + h / 2 + padding];
  const inside = (b) => b[0] >= bounds[0] && b[1] >= bounds[1] && b[2] <= bounds[2] && b[3] <= bounds[3];
  const fits = (c, text, slack) => {
    const [w, h] = measure(text, false);
    return w / 2 <= c.hw * slack && h / 2 <= c.hh * slack ? [w, h] : null;
  };
  for (const c of areas) {
    const text = c.texts[c.texts.length - 1];
    // A top-k badge (must) goes wherever it is free, even in an area too small for it.
    const size = c.must ? measure(text, false) : fits(c, text, 1 + BADGE_OVERHANG);
    if (!size) continue;
    // A top-k badge whose anchor is taken moves out on rings (with a leader line), like an overlay label.
    const offsets = c.must ? overlayOffsets(size[0], size[1], padding) : [[0, 0]];
    for (const [dx, dy] of offsets) {
      const box = boxOf(c.x + dx, c.y + dy, size[0], size[1]);
      if (!inside(box) || grid.hits(box, null)) continue;
      placed.set(c.key, { text, box, entry: grid.add(box, c.key), dx, dy });
      break;
    }
  }
  for (const o of overlays) {
    // At the anchor, else on rings around it (nearest first), full text before the short one.
    let done = false;
    for (const text of o.texts) {
      const [w, h] = measure(text, true);
      for (const [dx, dy] of overlayOffsets(w, h, padding)) {
        const box = boxOf(o.x + dx, o.y + dy, w, h);
        if (!inside(box) || grid.hits(box, null)) continue;
        placed.set(o.key, { text, box, entry: grid.add(box, o.key), dx, dy });
        done = true;
        break;
      }
      if (done) break;
    }
  }
  for (const c of areas) {
    const cur = placed.get(c.key);
    if (!cur) continue;
    for (let i = 0; i < c.texts.length - 1; i++) {
      const size = fits(c, c.texts[i], 1);
      if (!size) continue;
      const box = boxOf(c.x, c.y, size[0], size[1]);
      if (!inside(box) || grid.hits(box, c.key)) continue;
      grid.remove(cur.entry);
      placed.set(c.key, { text: c.texts[i], box, entry: grid.add(box, c.key) });
      break;
    }
  }
  return placed;
}

// ------------------------------------------------------------------ loading

const FETCHES = new Map();
let LEAFLET = null;

function fetchJson(url) {
  if (!FETCHES.has(url)) {
    const p = fetch(new URL(url, window.location.href).href, { credentials: "same-origin" }).then((r) => {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
    p.catch(() => FETCHES.delete(url));
    FETCHES.set(url, p);
  }
  return FETCHES.get(url);
}

function loadLeaflet(assets) {
  if (window.L && window.L.map) return Promise.resolve(window.L);
  if (LEAFLET) return LEAFLET;
  LEAFLET = new Promise((resolve, reject) => {
    if (!document.getElementById("oi-leaflet-css")) {
      const link = document.createElement("link");
      link.id = "oi-leaflet-css";
      link.rel = "stylesheet";
      link.href = new URL(assets.css, window.location.href).href;
      document.head.appendChild(link);
    }
    const script = document.createElement("script");
    script.src = new URL(assets.js, window.location.href).href;
    script.onload = () => resolve(window.L);
    script.onerror = () => { LEAFLET = null; reject(new Error("Leaflet")); };
    document.head.appendChild(script);
  });
  return LEAFLET;
}

// ------------------------------------------------------------------ DOM helpers

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

const STYLE_ID = "oi-map-style";

function ensureStyle(colours) {
  if (document.getElementById(STYLE_ID)) return;
  const c = colours;
  const css = `
.oi-root{--oi-text:${c.text};--oi-muted:${c.muted};--oi-rule:${c.rule};--oi-up:${c.up};--oi-down:${c.down};
 --oi-same:${c.same};--oi-top:${c.top_row};--oi-sel:${c.selected};--oi-overlay:${c.overlay};
 --oi-overlay-ink:${c.overlay_ink};--oi-head:${c.text};--oi-head-ink:${c.text_on_dark};
 font-family:inherit;color:var(--oi-text);box-sizing:border-box;width:100%;}
.oi-root *{box-sizing:border-box;}
.oi-main{display:grid;gap:12px;grid-template-columns:minmax(0,1fr);height:100%;}
.oi-layout-overview .oi-main{grid-template-columns:minmax(0,11fr) minmax(260px,9fr);}
.oi-layout-meeting .oi-main{grid-template-columns:minmax(0,9fr) minmax(330px,9fr) minmax(210px,4fr);}
.oi-layout-meeting.oi-narrow .oi-main{grid-template-columns:minmax(0,6fr) minmax(330px,10fr) minmax(190px,4fr);gap:8px;}
.oi-layout-overview.oi-narrow .oi-main{grid-template-columns:minmax(0,1fr) minmax(240px,1fr);}
.oi-mapcol{display:flex;flex-direction:column;min-width:0;min-height:0;}
.oi-map{position:relative;flex:1 1 auto;min-height:200px;border:1px solid var(--oi-rule);border-radius:4px;
 background:#fff;}
.oi-loading{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;z-index:1000;
 background:repeating-linear-gradient(45deg,#f4f4f4,#f4f4f4 12px,#ececec 12px,#ececec 24px);font-size:1.1rem;
 font-weight:600;color:var(--oi-text);}
.oi-loading[hidden]{display:none;}
.oi-notice{margin-top:4px;font-weight:600;}
.oi-legend{display:flex;flex-wrap:wrap;align-items:center;gap:2px 10px;margin:0 0 6px 0;font-size:15px;
 line-height:1.3;}
.oi-legend .ttl{font-weight:700;}
.oi-legend .sw{display:inline-block;width:18px;height:14px;margin-right:4px;vertical-align:-2px;
 border:1px solid #666;}
.oi-legend .ends{font-style:italic;}
.oi-side{display:flex;flex-direction:column;min-width:0;min-height:0;gap:8px;}
.oi-rankbox{position:relative;min-height:0;overflow-y:auto;border:1px solid var(--oi-rule);border-radius:4px;}
.oi-rank{width:100%;border-collapse:collapse;font-size:clamp(15px,0.95vw,19px);}
.oi-rank caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;}
.oi-rank th{position:sticky;top:0;text-align:left;background:var(--oi-head);color:var(--oi-head-ink);
 padding:3px 6px;font-weight:700;font-size:0.9em;}
.oi-rank td{padding:2px 6px;border-bottom:1px solid var(--oi-rule);vertical-align:top;line-height:1.35;}
.oi-rank td.num,.oi-rank th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;}
.oi-rank td.name{overflow-wrap:anywhere;}
.oi-rank .oi-nm{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;}
.oi-rank tr{cursor:pointer;}
.oi-rank tr.top td{background:var(--oi-top);font-weight:700;}
.oi-rank tr.sel td{box-shadow:inset 0 3px 0 var(--oi-sel),inset 0 -3px 0 var(--oi-sel);}
.oi-rank tr.gap td{text-align:center;color:var(--oi-muted);cursor:default;padding:0;}
.oi-rank tr.cut td{padding:0 6px;border-bottom:3px solid var(--oi-text);font-size:0.8em;font-weight:700;
 text-align:left;cursor:default;line-height:1.4;}
.oi-rank .up{color:var(--oi-up);font-weight:700;}
.oi-rank .down{color:var(--oi-down);font-weight:700;}
.oi-rank .same{color:var(--oi-muted);}
.oi-rank .oi-note{display:block;font-size:0.8em;font-weight:400;color:var(--oi-muted);}
.oi-pill{display:inline-block;margin-left:6px;padding:0 5px;border:1.5px solid currentColor;border-radius:8px;
 font-size:0.75em;font-weight:700;line-height:1.35;white-space:nowrap;}
.oi-more{position:sticky;bottom:0;padding:4px 6px;background:var(--oi-head);color:var(--oi-head-ink);
 font-weight:700;text-align:center;}
.oi-more[hidden]{display:none;}
.oi-weights{border:1px solid var(--oi-rule);border-radius:4px;padding:8px 10px;}
.oi-weights h3{margin:0 0 6px 0;font-size:1.05em;}
.oi-w{margin:0 0 8px 0;}
.oi-w label{display:flex;justify-content:space-between;font-weight:600;gap:8px;}
.oi-w input[type=range]{width:100%;height:28px;accent-color:var(--oi-head);}
.oi-w input[type=range]:focus-visible{outline:3px solid var(--oi-sel);outline-offset:2px;}
.oi-buttons{display:flex;flex-wrap:wrap;gap:6px;margin-top:4px;}
.oi-buttons button{font:inherit;font-weight:700;padding:4px 12px;border:2px solid var(--oi-head);
 border-radius:6px;background:#fff;color:var(--oi-text);cursor:pointer;}
.oi-buttons button[aria-pressed=true]{background:var(--oi-head);color:var(--oi-head-ink);}
.oi-buttons button:disabled{opacity:0.45;cursor:default;}
.oi-buttons button:focus-visible{outline:3px solid var(--oi-sel);outline-offset:2px;}
.oi-pending{margin-top:6px;font-weight:600;}
.oi-hint{margin-top:4px;font-size:0.85em;color:var(--oi-muted);}
.oi-label{position:absolute;left:0;top:0;white-space:nowrap;pointer-events:none;font-size:15px;line-height:18px;
 padding:1px 4px;border-radius:4px;background:rgba(255,255,255,0.9);border:1px solid #222;color:#000;
 font-weight:600;}
.oi-label b{font-weight:800;}
.oi-label.badge{min-width:22px;text-align:center;}
.oi-label.ovl{border:2px solid var(--oi-overlay);color:var(--oi-overlay-ink);font-weight:700;font-size:15px;}
.oi-leader{position:absolute;left:0;top:0;height:2px;margin-top:-1px;background:var(--oi-overlay);
 transform-origin:0 50%;pointer-events:none;}
.oi-layout-meeting .oi-label{font-size:17px;line-height:20px;}
.oi-layout-meeting .oi-rank{font-size:clamp(20px,1.3vw,26px);}
.oi-layout-meeting .oi-rank td{line-height:1.3;}
.oi-layout-meeting .oi-rank tr.cut td{font-size:1em;line-height:1.15;}
.oi-layout-meeting .oi-rank th{font-size:1em;}
.oi-layout-meeting .oi-legend{font-size:clamp(17px,1vw,22px);}
.oi-layout-meeting .oi-weights{font-size:clamp(20px,1.3vw,26px);}
.oi-layout-meeting .oi-rank td{padding:2px 6px;}
.oi-root .leaflet-tooltip{font-size:14px;white-space:normal;width:max-content;max-width:24em;}  /* a long note wraps */
.oi-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;}
`;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = css;
  document.head.appendChild(style);
}

// ------------------------------------------------------------------ the component

/** Called by the loader on every data change (same parent element each time). */
export function render(component) {
  const host = component.parentElement;
  const data = component.data || {};
  let s = host.__oi;
  if (!s || s.layout !== data.layout) {
    if (s) destroy(host);
    s = host.__oi = init(host, data);
  }
  s.component = component;
  update(s, data);
}

/** Called when Streamlit removes the component. */
export function destroy(host) {
  const s = host.__oi;
  if (!s) return;
  s.dead = true;
  if (s.observer) s.observer.disconnect();
  if (s.resizeObserver) s.resizeObserver.disconnect();
  window.removeEventListener("resize", s.onResize);
  if (s.map) s.map.remove();
  if (s.root && s.root.parentNode) s.root.parentNode.removeChild(s.root);
  host.__oi = null;
}

function init(host, data) {
  ensureStyle(data.colours);
  const s = {
    host, layout: data.layout, data: null, map: null, areaLayers: new Map(), features: null,
    scores: null, scoresUrl: null, areasUrl: null, overlays: new Map(), labelEls: new Map(), leaders: new Map(),
    computed: null, selected: data.selected || null, weights: null, frozen: false, pending: null,
    dragging: false, fjBins: null, fjTimer: null, frame: 0, measureCache: new Map(), fitted: false,
    userMoved: false, lastPaint: 0,
  };
  const root = el("div", "oi-root oi-layout-" + data.layout);
  root.setAttribute("data-testid", "oi-map");
  const main = el("div", "oi-main");
  const mapcol = el("div", "oi-mapcol");
  s.legend = el("div", "oi-legend");
  s.legend.setAttribute("data-testid", "oi-legend");
  s.mapEl = el("div", "oi-map");
  s.mapEl.setAttribute("role", "region");
  s.loading = el("div", "oi-loading", data.text.map_loading);
  s.loading.setAttribute("role", "status");
  s.mapEl.appendChild(s.loading);
  s.notice = el("div", "oi-notice");
  s.notice.hidden = true;
  mapcol.append(s.legend, s.mapEl, s.notice);
  main.appendChild(mapcol);
  if (data.layout === "overview" || data.layout === "meeting") {
    const side = el("div", "oi-side");
    s.rankBox = el("div", "oi-rankbox");
    s.rankBox.setAttribute("data-testid", "oi-ranking");
    s.rankBox.tabIndex = 0;
    s.table = el("table", "oi-rank");
    s.table.appendChild(el("caption", "", data.text.map_ranking_caption));
    s.thead = el("thead");
    s.tbody = el("tbody");
    s.table.append(s.thead, s.tbody);
    s.more = el("div", "oi-more");
    s.more.hidden = true;
    s.rankBox.append(s.table, s.more);
    s.rankBox.addEventListener("scroll", () => updateMore(s));
    side.appendChild(s.rankBox);
    main.appendChild(side);
    s.side = side;
    if (data.layout === "meeting") {
      s.weightsBox = el("div", "oi-weights");
      s.weightsBox.setAttribute("data-testid", "oi-weights");
      main.appendChild(s.weightsBox);
    }
  }
  root.appendChild(main);
  host.appendChild(root);
  s.root = root;
  s.main = main;
  s.onResize = () => { sizeRoot(s); if (s.map) { s.map.invalidateSize({ pan: false }); if (!s.userMoved) fit(s); scheduleLabels(s); } };
  window.addEventListener("resize", s.onResize);
  return s;
}

/** Height: the given pixels, or (0) what is left of the window below the component's top. */
function sizeRoot(s) {
  // Narrow screens (a 1024 px projector): the ranking gets the room, names stay on one line.
  s.root.classList.toggle("oi-narrow", s.root.clientWidth > 0 && s.root.clientWidth < 1100);
  const h = s.data ? s.data.height : 0;
  let px = h;
  if (!h) {
    const top = s.root.getBoundingClientRect().top + window.scrollY;
    px = Math.max(320, window.innerHeight - top - 12);
  } else if (s.fitTable) {
    px = Math.max(h, s.fitTable); // a short ranking is shown whole: no scrolling for 20 areas or fewer
  }
  s.root.style.height = px + "px";
  const legendH = s.legend.offsetHeight + 6 + (s.notice.hidden ? 0 : s.notice.offsetHeight + 4);
  s.mapEl.style.height = Math.max(200, px - legendH) + "px";
  if (s.rankBox) s.rankBox.style.maxHeight = (s.layout === "meeting" ? px : px) + "px";
}

function update(s, data) {
  const prev = s.data;
  s.data = data;
  s.root.style.setProperty("--oi-height", data.height + "px");
  s.mapEl.setAttribute("aria-label", (data.live ? data.live.legend.title : data.static.legend.title) || "");
  if (!prev || prev.selected !== data.selected) s.selected = data.selected || null;
  if (s.weightsBox) buildWeights(s, data, prev);
  sizeRoot(s);
  const needMap = !s.map;
  const wantScores = data.live ? data.live.scores : null;
  const jobs = [];
  if (needMap) {
    jobs.push(loadLeaflet(data.leaflet).then((L) => { if (!s.dead && !s.map) createMap(s, L); }));
  }
  if (s.areasUrl !== data.areas) {
    s.areasUrl = data.areas;
    s.loading.hidden = false;
    s.loading.textContent = data.text.map_loading;
    jobs.push(fetchJson(data.areas).then((fc) => { if (s.areasUrl === data.areas) s.features = fc; }));
  }
  if (wantScores && s.scoresUrl !== wantScores) {
    s.scoresUrl = wantScores;
    jobs.push(fetchJson(wantScores).then((sc) => { if (s.scoresUrl === wantScores) { s.scores = prepareScores(sc); s.fjBins = null; } }));
  }
  if (!wantScores) { s.scores = null; s.scoresUrl = null; }
  if (jobs.length) {
    Promise.all(jobs).then(() => { if (!s.dead) drawAll(s); }).catch((err) => {
      s.loading.hidden = false;
      s.loading.textContent = fill(data.text.map_load_failed, { error: String(err && err.message || err) });
    });
  } else {
    drawAll(s);
  }
  if (data.live && data.live.watch) watchSliders(s, data.live.watch);
}

function prepareScores(sc) {
  const n = sc.ids.length;
  const m = sc.dim_ids.length;
  const dims = new Float64Array(n * m);
  for (let i = 0; i < n * m; i++) dims[i] = sc.dims[i] === null ? NaN : sc.dims[i];
  const pos = new Map(sc.ids.map((id, i) => [id, i]));
  return { ...sc, n, m, dimsArr: dims, pos, empty: emptyDimensions(dims, n, m) };
}

function createMap(s, L) {
  // The wheel scrolls the page until the map is clicked (a page with three maps, e.g. Scenarier, must not
  // zoom a map the pointer happens to pass while scrolling); leaving the map gives the wheel back.
  const map = L.map(s.mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: !!s.data.basemap, preferCanvas: false,
                               scrollWheelZoom: false });
  map.on("click focus", () => map.scrollWheelZoom.enable());
  map.on("mouseout blur", () => map.scrollWheelZoom.disable());
  s.map = map;
  s.L = L;
  map.createPane("oiOverlays").style.zIndex = 450;
  map.getPane("oiOverlays").style.pointerEvents = "none";
  const labels = map.createPane("oiLabels");
  labels.style.zIndex = 640;
  labels.style.pointerEvents = "none";
  map.on("zoomend moveend resize", () => scheduleLabels(s));
  map.on("dragstart zoomstart", (e) => { if (s.fitted && !s.fitting) s.userMoved = true; });
  // Leaflet focuses the map on mousedown; without preventScroll the page jumps. Keep keyboard panning.
  const kb = map.keyboard;
  if (kb) {
    L.DomEvent.off(map._container, "mousedown", kb._onMouseDown, kb);
    kb._onMouseDown = function () { if (!this._focused) this._map._container.focus({ preventScroll: true }); };
    L.DomEvent.on(map._container, "mousedown", kb._onMouseDown, kb);
  }
  if (s.resizeObserver === undefined && window.ResizeObserver) {
    s.resizeObserver = new ResizeObserver(() => { if (s.map) { s.map.invalidateSize({ pan: false }); if (!s.userMoved) fit(s); scheduleLabels(s); } });
    s.resizeObserver.observe(s.mapEl);
  }
}

function fit(s) {
  const b = s.data.bounds;
  s.fitting = true;
  s.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [8, 8], animate: false });
  s.fitting = false;
  s.fitted = true;
}

function drawAll(s) {
  if (!s.map || !s.features) return;
  const L = s.L;
  const data = s.data;
  if (s.drawnAreas !== s.features) {
    if (s.areasLayer) s.map.removeLayer(s.areasLayer);
    s.areaLayers.clear();
    s.anchors = new Map();
    // SVG keeps one element per area (what the tests read); past 1,500 areas a canvas repaints faster.
    const big = (s.features.features || []).length > 1500;
    s.areasLayer = L.geoJSON(s.features, {
      renderer: big ? L.canvas({ padding: 0.2 }) : undefined,
      smoothFactor: 0.5,
      style: () => ({ color: data.colours.no_data_outline, weight: 1, fillColor: data.colours.no_data_fill, fillOpacity: 0.6 }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        s.areaLayers.set(p.area_id, layer);
        if (p.lx !== undefined) s.anchors.set(p.area_id, p);
        layer.bindTooltip(() => tooltipFor(s, p.area_id), { sticky: true });
        layer.on("click", () => choose(s, p.area_id, true));
      },
    }).addTo(s.map);
    s.drawnAreas = s.features;
    s.lastStyle = new Map();
    s.userMoved = false;
    fit(s);
  }
  if (data.basemap && !s.tiles) {
    s.tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(s.map);
    s.tiles.bringToBack();
  } else if (!data.basemap && s.tiles) {
    s.map.removeLayer(s.tiles);
    s.tiles = null;
  }
  syncOverlays(s);
  if (data.live && !s.scores) return; // scores still on their way
  s.loading.hidden = true;
  if (data.live) {
    s.weights = currentWeights(s);
    compute(s);
    if (s.weightInputs) refreshWeightPanel(s);  // the scores say which dimensions have no data
  } else {
    s.computed = null;
  }
  paint(s);
}

// ---------------------------------------------------------------- live computation

function currentWeights(s) {
  const live = s.data.live;
  const out = live.weights.slice();
  if (s.weightInputs && !s.frozen) {
    s.weightInputs.forEach((input, j) => { out[j] = Number(input.value); });
  } else if (s.weightInputs && s.frozen) {
    return s.shown ? s.shown.slice() : out;
  }
  const watch = live.watch || {};
  const dims = s.scores ? s.scores.dim_ids : [];
  dims.forEach((d, j) => {
    const key = watch[d];
    if (!key) return;
    const input = document.querySelector(".st-key-" + cssEscape(key) + " input[type=range]");
    if (input && input.value !== "") out[j] = Number(input.value);
  });
  return out;
}

function cssEscape(text) {
  return window.CSS && CSS.escape ? CSS.escape(text) : text.replace(/[^a-zA-Z0-9_-]/g, "\\$&");
}

function compute(s) {
  const sc = s.scores;
  const live = s.data.live;
  const w = s.weights;
  const used = usedWeights(w, sc.empty);
  const noData = sc.dim_ids.filter((d, j) => sc.empty[j] && w[j] > 0);
  const allZero = used.every((x) => !(x > 0));
  const index = allZero ? new Float64Array(sc.n).fill(NaN) : weightedIndex(sc.dimsArr, sc.n, sc.m, used, live.aggregation);
  const rank = ranksMin(index);
  let previous = null;
  if (live.scheme === "natural_breaks" && sc.n > 1500 && s.dragging && s.fjBins) previous = s.fjBins;
  const classes = classify(index, live.scheme, 5, previous);
  if (live.scheme === "natural_breaks" && !previous) s.fjBins = classes.bins || null;
  s.computed = { index, rank, classes, allZero, noData, weights: w.slice() };
}

/** The state of the map right now (tests and the benchmark read it). */
function snapshot(s) {
  const c = s.computed;
  if (!c) return null;
  const sc = s.scores;
  const out = {};
  sc.ids.forEach((id, i) => { out[id] = { rank: c.rank[i] || null, index: Number.isNaN(c.index[i]) ? null : c.index[i], cls: c.classes.classOf[i] }; });
  return { areas: out, weights: c.weights, lower: c.classes.lower, upper: c.classes.upper };
}

function colourOf(s, cls, n) {
  const col = s.data.colours;
  return cls < 0 ? col.missing : col.palette[col.spread[String(n)][cls]];
}

// ---------------------------------------------------------------- painting

function styleFor(s, id) {
  const col = s.data.colours;
  const sel = s.selected === id;
  let st;
  if (s.computed) {
    const i = s.scores.pos.get(id);
    const cls = i === undefined ? -1 : s.computed.classes.classOf[i];
    if (cls < 0) st = { color: col.no_data_outline, weight: 1.5, opacity: 1, fillColor: col.no_data_fill, fillOpacity: 0.5, dashArray: "4 4" };
    else st = { color: col.border, weight: 1, opacity: 1, fillColor: colourOf(s, cls, s.computed.classes.n), fillOpacity: 0.85, dashArray: null };
  } else {
    const e = (s.data.static && s.data.static.styles[id]) || null;
    if (!e) st = { color: col.no_data_outline, weight: 1, opacity: 1, fillColor: col.no_data_fill, fillOpacity: 0.6, dashArray: null };
    else if (e.f === null || e.f === undefined) st = { color: e.c || col.no_data_outline, weight: e.w ?? 1.5, opacity: e.op ?? 1, fillColor: col.no_data_fill, fillOpacity: e.o ?? 0.5, dashArray: e.d === undefined ? "4 4" : e.d };
    else st = { color: e.c || col.border, weight: e.w ?? 1, opacity: e.op ?? 1, fillColor: e.f, fillOpacity: e.o ?? 0.85, dashArray: e.d ?? null };
  }
  if (sel) st = { ...st, color: col.selected, weight: 4, opacity: 1, dashArray: null };
  return st;
}

function restyle(s, id, layer) {
  const st = styleFor(s, id);
  const key = st.fillColor + "|" + st.color + "|" + st.weight + "|" + st.dashArray + "|" + st.fillOpacity;
  if (s.lastStyle.get(id) === key) return;
  s.lastStyle.set(id, key);
  layer.setStyle(st);
  if (s.selected === id && layer.bringToFront) layer.bringToFront();
}

function paint(s) {
  const t0 = performance.now();
  const c = s.computed;
  if (c && s.prev && s.prev.scores === s.scores && s.prev.n === c.classes.n && s.prev.selected === s.selected) {
    // While a slider moves only some areas change class: restyle those, not all 6,000.
    const cls = c.classes.classOf;
    const before = s.prev.cls;
    const ids = s.scores.ids;
    for (let i = 0; i < cls.length; i++) {
      if (cls[i] === before[i]) continue;
      const layer = s.areaLayers.get(ids[i]);
      if (layer) restyle(s, ids[i], layer);
    }
  } else {
    for (const [id, layer] of s.areaLayers) restyle(s, id, layer);
  }
  s.prev = c ? { scores: s.scores, n: c.classes.n, selected: s.selected, cls: c.classes.classOf } : null;
  renderLegend(s);
  if (s.tbody) {
    renderRanking(s);
    const rows = s.scores ? s.scores.n : 0;
    if (s.layout === "overview" && s.fitRows !== rows) {
      // A short ranking (≤ 20 areas) is shown whole: measured once, not on every slider step.
      s.fitRows = rows;
      s.fitTable = rows <= 20 ? Math.ceil(s.table.getBoundingClientRect().height) + 8 : 0;
      sizeRoot(s);
      updateMore(s);
    }
  }
  const noData = c && !c.allZero && c.noData.length
    ? fill(s.data.text.map_dims_no_data, { dims: c.noData.map((d) => s.data.live.dim_labels[s.scores.dim_ids.indexOf(d)]).join(", ") })
    : "";
  s.notice.hidden = !(c && (c.allZero || noData));
  s.notice.textContent = c && c.allZero ? s.data.text.map_all_zero : noData;
  placeAllLabels(s);
  s.lastPaint = performance.now() - t0;
  s.paints = (s.paints || 0) + 1;
  s.root.dataset.paints = String(s.paints);
}

function renderLegend(s) {
  const data = s.data;
  const parts = [];
  const add = (node) => parts.push(node);
  let legend;
  if (s.computed) {
    const c = s.computed.classes;
    legend = { ...data.live.legend, swatches: [], missing: "" };
    for (let k = 0; k < c.n; k++) {
      legend.swatches.push({ colors: [colourOf(s, k, c.n)], label: fmtNumber(c.lower[k], data.lang) + " \u2013 " + fmtNumber(c.upper[k], data.lang), kind: "fill" });
    }
    const missing = [];
    s.scores.ids.forEach((id, i) => { if (s.computed.classes.classOf[i] < 0) missing.push(s.scores.names[i]); });
    if (missing.length) {
      legend.swatches.push({ colors: [data.colours.missing], label: data.text.no_value, kind: "missing", outline: data.colours.missing_outline });
      const shown = missing.slice(0, 8);
      const rest = missing.length - shown.length;
      legend.missing = data.text.no_value + ": " + shown.join(", ") + (rest > 0 ? " " + fill(data.text.and_more, { n: rest }) : "");
    }
  } else {
    legend = data.static.legend;
  }
  const key = JSON.stringify(legend) + "|" + data.labels;
  if (s.legendKey === key) return;
  s.legendKey = key;
  add(el("span", "ttl", legend.title));
  const fills = legend.swatches.filter((sw) => sw.kind === "fill");
  if (legend.low && fills.length > 1) add(el("span", "ends", legend.low));
  for (const sw of fills) {
    const span = el("span");
    for (const c of sw.colors) { const b = el("span", "sw"); b.style.background = c; span.appendChild(b); }
    span.appendChild(document.createTextNode(sw.label));
    add(span);
  }
  if (legend.high && fills.length > 1) add(el("span", "ends", legend.high));
  for (const sw of legend.swatches) {
    if (sw.kind === "missing") {
      const span = el("span");
      const b = el("span", "sw");
      b.style.background = sw.colors[0];
      b.style.border = "1px dashed " + (sw.outline || "#555");
      span.append(b, document.createTextNode(legend.missing || sw.label));
      add(span);
    } else if (sw.kind === "outline") {
      const span = el("span");
      const b = el("span", "sw");
      b.style.background = "transparent";
      b.style.border = "3px " + (sw.dashed ? "dashed " : "solid ") + sw.outline;
      span.append(b, document.createTextNode(sw.label));
      add(span);
    }
  }
  if (data.labels) add(el("span", "", data.live ? data.text.map_rank_label : data.text.labels_legend_static));
  else if (data.live) add(el("span", "", data.text.map_rank_meaning));
  s.legend.replaceChildren(...parts);
}

// ---------------------------------------------------------------- the ranking panel

/**
 * Area positions in ranking order (rank 1 first; equal ranks and unranked areas by id, as the server
 * sorts): one typed-array sort of packed keys (rank · n + position of the id), fast for 6,000 areas.
 */
function rankOrder(s) {
  const sc = s.scores;
  const n = sc.n;
  if (!sc.idOrder) {
    const byId = Array.from({ length: n }, (_, i) => i).sort((a, b) => (sc.ids[a] < sc.ids[b] ? -1 : sc.ids[a] > sc.ids[b] ? 1 : 0));
    sc.byId = Int32Array.from(byId);
    sc.idOrder = new Int32Array(n);
    byId.forEach((i, pos) => { sc.idOrder[i] = pos; });
  }
  const rank = s.computed.rank;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (rank[i] || n + 1) * n + sc.idOrder[i];
  keys.sort();
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = sc.byId[keys[p] % n];
  return order;
}

function rowAt(s, i) {
  const sc = s.scores;
  const r = s.computed.rank[i];
  const notes = notesFor(s, i);
  const t = s.data.text;
  const note = (notes.reason ? [fill(t.not_ranked_because, { reason: notes.reason })] : []).concat(notes.flags).join("; ");
  return { id: sc.ids[i], name: sc.names[i], rank: r, index: s.computed.index[i],
           change: changeLabel(sc.baseline_rank[i], r), top: r > 0 && r <= s.data.live.top_k,
           mark: notes.flags.length > 0, note };
}

/**
 * Why area i has no rank with the weights the browser ranks with, and its notes on the data, in the
 * page's language, as geo.view.ranking.area_notes says them: its missing dimensions weighted above 0
 * are the reason, the others (that some area has) are notes, plus the notes from the scores file
 * that do not depend on the weights.
 */
function notesFor(s, i) {
  const sc = s.scores;
  const c = s.computed;
  const data = s.data;
  const t = data.text;
  const labels = data.live.dim_labels;
  const id = sc.ids[i];
  const ranked = !!(c && c.rank[i] > 0);
  const w = c ? c.weights : [];
  const missing = [];
  for (let j = 0; j < sc.m; j++) if (!sc.empty[j] && Number.isNaN(sc.dimsArr[i * sc.m + j])) missing.push(j);
  const reasonDims = ranked ? [] : missing.filter((j) => w[j] > 0);
  const flags = missing.filter((j) => !reasonDims.includes(j)).map((j) => fill(t.flag_no_data, { dim: labels[j] }));
  const byLang = (table) => (table && (table[data.lang] || table.sv)) || {};
  flags.push(...(byLang(sc.notes)[id] || []));
  let reason = "";
  if (!ranked) {
    reason = byLang(sc.fixed_reason)[id] || (reasonDims.length
      ? fill(t.reason_missing_dims, { dims: reasonDims.map((j) => labels[j]).join(", ") }) : t.reason_no_index);
  }
  return { reason, flags };
}

function renderRanking(s) {
  const data = s.data;
  const t = data.text;
  if (!s.computed) { s.tbody.replaceChildren(); return; }
  if (!s.theadDone || s.theadLang !== data.lang) {
    const tr = el("tr");
    tr.append(el("th", "num", t.rank), el("th", "", t.rank_change_short), el("th", "", t.area), el("th", "num", t.index));
    s.thead.replaceChildren(tr);
    s.theadDone = true;
    s.theadLang = data.lang;
  }
  const order = rankOrder(s);
  const limit = s.layout === "meeting" ? 15 : 60;
  const shown = Math.min(limit, order.length);
  const rows = [];
  for (let p = 0; p < shown; p++) rows.push(rowAt(s, order[p]));
  let extra = null;
  s.hiddenRows = order.length - shown;
  if (s.hiddenRows > 0 && s.selected) {
    const i = s.scores.pos.get(s.selected);
    if (i !== undefined && !rows.some((r) => r.id === s.selected)) extra = rowAt(s, i);
  }
  if (s.cutRow && s.cutRow.parentNode) s.cutRow.remove();
  const want = rows.length + (extra ? 2 : 0);
  while (s.tbody.children.length < want) {
    const tr = el("tr");
    tr.append(el("td", "num"), el("td"), el("td", "name"), el("td", "num"));
    tr.addEventListener("click", () => { if (tr.dataset.id) choose(s, tr.dataset.id, true); });
    tr.addEventListener("keydown", (e) => {  // rows are focusable: Enter or Space selects, as a click does
      if ((e.key === "Enter" || e.key === " ") && tr.dataset.id) { e.preventDefault(); choose(s, tr.dataset.id, true); }
    });
    tr.tabIndex = 0;
    s.tbody.appendChild(tr);
  }
  while (s.tbody.children.length > want) s.tbody.lastChild.remove();
  const trs = s.tbody.children;
  const fillRow = (tr, r) => {
    const key = r.id + "|" + r.rank + "|" + r.change + "|" + r.index + "|" + r.top + "|" + (r.id === s.selected) + "|" + data.lang + "|" + r.note;
    if (tr.__key === key) return;  // unchanged rows cost nothing
    tr.__key = key;
    tr.className = (r.top ? "top" : "") + (r.id === s.selected ? " sel" : "");
    tr.dataset.id = r.id;
    const [c0, c1, c2, c3] = tr.children;
    c0.textContent = r.rank ? String(r.rank) : "–";
    c1.textContent = r.change;
    c1.className = r.change.startsWith("\u2191") ? "up" : r.change.startsWith("\u2193") ? "down" : "same";
    c2.textContent = "";  // the name at most two lines (a 100-character name must not push the top k away)
    c2.appendChild(el("span", "oi-nm", r.mark ? r.name + " *" : r.name));  // "*": a note on the data (no emoji)
    if (r.id === s.selected) c2.appendChild(el("span", "oi-pill", t.map_selected));
    if (r.note) c2.appendChild(el("span", "oi-note", r.note));  // why there is no rank; the notes
    c3.textContent = fmtNumber(r.index, data.lang);
  };
  rows.forEach((r, i) => fillRow(trs[i], r));
  if (extra) {
    const gap = trs[rows.length];
    gap.__key = "";
    gap.className = "gap";
    delete gap.dataset.id;
    gap.children[0].textContent = "";
    gap.children[1].textContent = "";
    gap.children[2].textContent = "\u22ee";
    gap.children[3].textContent = "";
    fillRow(trs[rows.length + 1], extra);
  }
  // The top-k boundary: a labelled rule under the last top-k row (text, not colour alone).
  let lastTop = -1;
  rows.forEach((r, i) => { if (r.top) lastTop = i; });
  if (lastTop >= 0 && lastTop < rows.length - 1) {
    if (!s.cutRow) {
      s.cutRow = el("tr", "cut");
      const td = el("td");
      td.colSpan = 4;
      s.cutRow.appendChild(td);
    }
    s.cutRow.firstChild.textContent = "\u2191 " + t.map_top_mark;
    trs[lastTop].after(s.cutRow);
  }
  // The scroll cue reads the layout: only when the rows' number changed (not on every slider step).
  if (s.cueRows !== want) { s.cueRows = want; updateMore(s); }
}

function updateMore(s) {
  if (!s.more) return;
  const box = s.rankBox;
  const below = box.scrollHeight - box.clientHeight - box.scrollTop > 4;
  const hiddenInList = below ? countBelow(s) : 0;
  const total = hiddenInList + (s.hiddenRows || 0);
  s.more.hidden = !(below || (s.layout !== "meeting" && s.hiddenRows > 0));
  s.more.textContent = fill(total === 1 ? s.data.text.map_more_rows_one : s.data.text.map_more_rows, { n: total });
}

function countBelow(s) {
  // Offsets inside the box (it is the table's offset parent): one layout, no per-row rectangles.
  const visibleBottom = s.rankBox.scrollTop + s.rankBox.clientHeight - (s.more.hidden ? 0 : s.more.offsetHeight);
  let n = 0;
  for (const tr of s.tbody.children) {
    if (tr.dataset.id && s.table.offsetTop + tr.offsetTop + tr.offsetHeight > visibleBottom + 2) n++;
  }
  return n;
}

// ---------------------------------------------------------------- selection and tooltips

function choose(s, id, tell) {
  s.selected = s.selected === id && s.layout === "meeting" ? null : id;
  s.lastStyle.clear();
  paint(s);
  if (tell && s.component && s.component.setTriggerValue) s.component.setTriggerValue("clicked", id);
}

function tooltipFor(s, id) {
  const data = s.data;
  const t = data.text;
  if (!s.computed) {
    const e = data.static && data.static.styles[id];
    if (e && e.t) return e.t; // escaped on the server (geo.view.mapstyles.tooltip_html)
    const layer = s.areaLayers.get(id);
    return escapeHtml(layer ? layer.feature.properties.area_name : id);
  }
  const sc = s.scores;
  const i = sc.pos.get(id);
  if (i === undefined) return escapeHtml(id);
  const c = s.computed;
  const lines = ["<b>" + escapeHtml(sc.names[i]) + "</b>"];
  const r = c.rank[i];
  const notes = notesFor(s, i);
  const flagLine = notes.flags.length ? [escapeHtml(fill(t.flags_line, { flags: notes.flags.join("; ") }))] : [];
  if (!r) {
    lines.push(escapeHtml(t.no_value));
    lines.push(escapeHtml(fill(t.reason_line, { reason: notes.reason })));
    lines.push(...flagLine);
  } else {
    let max = 0;
    for (let k = 0; k < sc.n; k++) if (c.rank[k] > max) max = c.rank[k];
    lines.push(escapeHtml(t.index + ": " + fmtNumber(c.index[i], data.lang)));
    lines.push(escapeHtml(t.rank + ": " + r + " / " + max));
    lines.push(escapeHtml(t.rank_change + ": " + changeLabel(sc.baseline_rank[i], r)));
    data.live.dim_labels.forEach((label, j) => {
      const v = sc.dimsArr[i * sc.m + j];
      lines.push(escapeHtml(label + ": " + (Number.isNaN(v) ? t.dim_no_data : fmtNumber(v, data.lang))));
    });
    lines.push(...flagLine);
  }
  return lines.join("<br>");
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));
}

// ---------------------------------------------------------------- labels on the map

/**
 * The size of a label, without touching the page's layout: the label's fonts, padding and border
 * are read once from a probe element, then text widths come from a canvas (reading offsetWidth per
 * new text forced a layout of the whole page on every slider step). A pixel of slack per side
 * covers the difference between canvas and DOM text metrics.
 */
function measureText(s, text, overlay) {
  const key = (overlay ? "o:" : "a:") + text;
  let m = s.measureCache.get(key);
  if (m) return m;
  const f = labelFonts(s, overlay);
  let w;
  if (overlay) {
    w = f.ctx(f.font).measureText(text).width;
  } else {
    const sp = text.indexOf(" ");
    w = f.ctx(f.bold).measureText(sp < 0 ? text : text.slice(0, sp)).width;
    if (sp >= 0) w += f.ctx(f.font).measureText(text.slice(sp)).width;
  }
  w = Math.ceil(w + f.padX + 2);
  if (!overlay && text.indexOf(" ") < 0) w = Math.max(w, f.minBadge);
  m = [w, f.height];
  s.measureCache.set(key, m);
  return m;
}

function labelFonts(s, overlay) {
  const kind = overlay ? "ovl" : "area";
  s.fonts = s.fonts || {};
  if (s.fonts[kind]) return s.fonts[kind];
  const probe = el("div", "oi-label" + (overlay ? " ovl" : " badge"));
  const b = el("b", "", "8");
  probe.appendChild(b);
  probe.style.visibility = "hidden";
  s.map.getPane("oiLabels").appendChild(probe);
  const cs = getComputedStyle(probe);
  const bs = getComputedStyle(b);
  const fontOf = (st) => st.fontStyle + " " + st.fontWeight + " " + st.fontSize + " " + st.fontFamily;
  const canvas = document.createElement("canvas").getContext("2d");
  const px = (v) => parseFloat(v) || 0;
  const out = {
    font: fontOf(cs), bold: fontOf(bs), height: probe.offsetHeight, minBadge: probe.offsetWidth,
    padX: px(cs.paddingLeft) + px(cs.paddingRight) + px(cs.borderLeftWidth) + px(cs.borderRightWidth),
    ctx: (font) => { if (canvas.font !== font) canvas.font = font; return canvas; },
  };
  probe.remove();
  s.fonts[kind] = out;
  return out;
}

function rankOf(s, id) {
  if (s.computed) {
    const i = s.scores.pos.get(id);
    return i === undefined ? 0 : s.computed.rank[i];
  }
  return (s.data.static && s.data.static.ranks[id]) || 0;
}

function scheduleLabels(s) {
  if (s.labelFrame) return;
  s.labelFrame = requestAnimationFrame(() => { s.labelFrame = 0; if (!s.dead && s.map) placeAllLabels(s); });
}

/**
 * The anchors in view whose area has room for at least a rank badge, in screen pixels; computed
 * once per map view (zoom, centre, size) and reused while a slider moves, so a 6,000-area map
 * does not project 6,000 points per input event.
 */
function roomyAnchors(s, size) {
  const zoom = s.map.getZoom();
  const centre = s.map.getCenter();
  const key = zoom + "|" + centre.lat + "|" + centre.lng + "|" + size.x + "|" + size.y + "|" + s.anchors.size;
  if (s.roomy && s.roomyKey === key) return s.roomy;
  const mpp = 40075016.686 * Math.cos((centre.lat * Math.PI) / 180) / (256 * Math.pow(2, zoom));
  const [bw, bh] = measureText(s, "8", false);
  const slack = 1 + BADGE_OVERHANG;
  const out = [];
  for (const [id, p] of s.anchors) {
    const hw = p.hw / mpp;
    const hh = p.hh / mpp;
    if (hw * slack < bw / 2 || hh * slack < bh / 2) continue;
    const pt = s.map.latLngToContainerPoint([p.ly, p.lx]);
    if (pt.x < -50 || pt.y < -50 || pt.x > size.x + 50 || pt.y > size.y + 50) continue;
    out.push({ key: id, p, x: pt.x, y: pt.y, hw, hh });
  }
  s.roomy = out;
  s.roomyKey = key;
  return out;
}

function placeAllLabels(s) {
  const pane = s.map.getPane("oiLabels");
  if (!s.data.labels) {
    for (const e of s.labelEls.values()) e.style.display = "none";
    for (const e of s.leaders.values()) e.style.display = "none";
    s.placed = new Map();
    return;
  }
  // An overlay or a resize can arrive before the areas are drawn: nothing to place yet.
  if (!s.anchors) return;
  const size = s.map.getSize();
  const areas = [];
  const topK = (s.data.live && s.data.live.top_k) || s.data.top_k || 0;
  const roomy = roomyAnchors(s, size);
  const candidates = roomy.slice();
  if (topK > 0) {  // the top k carry their rank even where their area is too small for a badge
    const have = new Set(roomy.map((c) => c.key));
    const mpp = 40075016.686 * Math.cos((s.map.getCenter().lat * Math.PI) / 180) / (256 * Math.pow(2, s.map.getZoom()));
    for (const [id, p] of s.anchors) {
      if (have.has(id)) continue;
      const r = rankOf(s, id);
      if (!r || r > topK) continue;
      const pt = s.map.latLngToContainerPoint([p.ly, p.lx]);
      candidates.push({ key: id, p, x: pt.x, y: pt.y, hw: p.hw / mpp, hh: p.hh / mpp });
    }
  }
  for (const c of candidates) {
    const r = rankOf(s, c.key);
    if (!r) continue;
    const texts = [r + " " + c.p.s];
    if (c.p.a) texts.push(r + " " + c.p.a);
    texts.push(String(r));
    areas.push({ key: c.key, rank: r, texts, x: c.x, y: c.y, hw: c.hw, hh: c.hh, lat: c.p.ly, lon: c.p.lx,
                 must: topK > 0 && r <= topK });
  }
  areas.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
  const overlays = [];
  for (const [oid, o] of s.overlays) {
    if (!o.on || !o.features) continue;
    o.features.forEach((f, i) => {
      const p = f.properties || {};
      if (!p.label || p.lx === undefined) return;
      const pt = s.map.latLngToContainerPoint([p.ly, p.lx]);
      const texts = p.s && p.s !== p.label ? [p.label, p.s] : [p.label];
      overlays.push({ key: "o:" + oid + ":" + i, texts, x: pt.x, y: pt.y, lat: p.ly, lon: p.lx });
    });
  }
  const placed = placeLabels(areas, overlays, (text, ovl) => measureText(s, text, ovl), [0, 0, size.x, size.y]);
  const seen = new Set();
  const byKey = new Map(areas.map((a) => [a.key, a]));
  for (const o of overlays) byKey.set(o.key, o);
  for (const [key, pl] of placed) {
    seen.add(key);
    let e = s.labelEls.get(key);
    const ovl = key.startsWith("o:");
    if (!e) {
      e = el("div", "oi-label" + (ovl ? " ovl" : ""));
      e.dataset.key = key;
      pane.appendChild(e);
      s.labelEls.set(key, e);
    }
    if (e.dataset.text !== pl.text) {
      e.dataset.text = pl.text;
      if (ovl) {
        e.textContent = pl.text;
      } else {
        const sp = pl.text.indexOf(" ");
        const b = el("b", "", sp < 0 ? pl.text : pl.text.slice(0, sp));
        e.replaceChildren(b);
        if (sp >= 0) e.appendChild(document.createTextNode(pl.text.slice(sp)));
        e.classList.toggle("badge", sp < 0);
      }
    }
    const c = byKey.get(key);
    const lp = s.map.latLngToLayerPoint([c.lat, c.lon]);
    const [w, h] = measureText(s, pl.text, ovl);
    const x = Math.round(lp.x + (pl.dx || 0) - w / 2);
    const y = Math.round(lp.y + (pl.dy || 0) - h / 2);
    e.style.transform = "translate(" + x + "px," + y + "px)";
    e.style.display = "";
    if (ovl || pl.dx || pl.dy) leader(s, pane, key, lp, pl, w, h);
  }
  for (const [key, e] of s.labelEls) if (!seen.has(key)) e.style.display = "none";
  for (const [key, e] of s.leaders) if (!seen.has(key) || !(placed.get(key).dx || placed.get(key).dy)) e.style.display = "none";
  s.placed = placed;
}

/** A line from an overlay's anchor to its label when the label had to move away from it. */
function leader(s, pane, key, anchor, pl, w, h) {
  if (!pl.dx && !pl.dy) return;
  let line = s.leaders.get(key);
  if (!line) {
    line = el("div", "oi-leader");
    pane.insertBefore(line, pane.firstChild);
    s.leaders.set(key, line);
  }
  // End at the label's edge, not its centre.
  const cx = anchor.x + pl.dx;
  const cy = anchor.y + pl.dy;
  const t = Math.min(pl.dx ? (w / 2) / Math.abs(pl.dx) : Infinity, pl.dy ? (h / 2) / Math.abs(pl.dy) : Infinity, 1);
  const ex = cx - pl.dx * t;
  const ey = cy - pl.dy * t;
  const len = Math.hypot(ex - anchor.x, ey - anchor.y);
  const angle = Math.atan2(ey - anchor.y, ex - anchor.x);
  line.style.width = len + "px";
  line.style.transform = "translate(" + anchor.x + "px," + anchor.y + "px) rotate(" + angle + "rad)";
  line.style.display = len > 2 ? "" : "none";
}

// ---------------------------------------------------------------- overlays

function syncOverlays(s) {
  const L = s.L;
  const want = new Map((s.data.overlays || []).map(([id, url, on]) => [id, { url, on }]));
  for (const [id, o] of s.overlays) {
    if (!want.has(id)) { if (o.layer) s.map.removeLayer(o.layer); s.overlays.delete(id); }
  }
  for (const [id, w] of want) {
    let o = s.overlays.get(id);
    if (!o || o.url !== w.url) {
      if (o && o.layer) s.map.removeLayer(o.layer);
      o = { url: w.url, on: false, layer: null, features: null };
      s.overlays.set(id, o);
    }
    o.on = w.on;
    if (o.on && !o.layer && !o.loading) {
      o.loading = true;
      fetchJson(w.url).then((fc) => {
        o.loading = false;
        if (s.dead) return;
        o.features = fc.features || [];
        o.layer = L.geoJSON(fc, { pane: "oiOverlays", interactive: false, style: () => ({ color: s.data.colours.overlay, weight: 3, opacity: 1, fill: false }) });
        if (o.on) o.layer.addTo(s.map);
        scheduleLabels(s);
      }).catch(() => { o.loading = false; });
    }
    if (o.layer) {
      if (o.on && !s.map.hasLayer(o.layer)) o.layer.addTo(s.map);
      if (!o.on && s.map.hasLayer(o.layer)) s.map.removeLayer(o.layer);
    }
  }
}

// ---------------------------------------------------------------- following the sidebar's sliders

function watchSliders(s, watch) {
  const keys = Object.values(watch);
  if (!keys.length) return;
  const target = document.querySelector('[data-testid="stSidebar"]') || document.body;
  if (s.observer && s.observed === target) return;
  if (s.observer) s.observer.disconnect();
  const selector = keys.map((k) => ".st-key-" + cssEscape(k) + " input[type=range]").join(",");
  s.observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.matches && r.target.matches(selector)) { onWeightInput(s); return; }
    }
  });
  s.observer.observe(target, { subtree: true, attributes: true, attributeFilter: ["aria-valuetext", "value"] });
  s.observed = target;
}

/** A weight moved (a sidebar thumb or a meeting slider): recompute and repaint in the next frame. */
function onWeightInput(s) {
  if (!s.scores || !s.map) return;
  s.inputAt = s.inputAt || performance.now();
  if (s.frame) return;
  s.frame = requestAnimationFrame(() => {
    s.frame = 0;
    if (s.dead) return;
    const w = currentWeights(s);
    if (s.computed && w.every((x, j) => x === s.computed.weights[j])) { s.inputAt = 0; return; }
    s.weights = w;
    s.dragging = true;
    compute(s);
    paint(s);
    // For the benchmark (bench/run.py): when the input was seen, when the map was repainted, and the
    // start of the next frame (the repainted map has been on screen by then).
    const entry = { input: s.inputAt, painted: performance.now(), presented: 0, paint: s.lastPaint };
    requestAnimationFrame(() => { entry.presented = performance.now(); });
    const log = (window.__oiPaintLog = window.__oiPaintLog || []);
    log.push(entry);
    if (log.length > 500) log.shift();
    s.inputAt = 0;
    clearTimeout(s.fjTimer);
    if (s.data.live.scheme === "natural_breaks" && s.scores.n > 1500) {
      s.fjTimer = setTimeout(() => { s.dragging = false; s.fjBins = null; compute(s); paint(s); }, 400);
    } else {
      s.dragging = false;
    }
  });
}

// ---------------------------------------------------------------- the meeting's weight panel

function buildWeights(s, data, prev) {
  const live = data.live;
  if (!live) { s.weightsBox.hidden = true; return; }
  const t = data.text;
  const fresh = !s.weightInputs || !prev || prev.lang !== data.lang || prev.live.dim_labels.join() !== live.dim_labels.join();
  if (fresh) {
    const box = s.weightsBox;
    box.replaceChildren(el("h3", "", t.weights));
    s.weightInputs = [];
    s.weightValues = [];
    s.focusDim = null;
    live.dim_labels.forEach((label, j) => {
      const row = el("div", "oi-w");
      const id = "oi-w-" + Math.random().toString(36).slice(2) + "-" + j;
      const lab = el("label");
      lab.htmlFor = id;
      const name = el("span", "", label);
      const value = el("span", "num");
      lab.append(name, value);
      const input = el("input");
      input.type = "range";
      input.id = id;
      input.min = String(live.weight_min);
      input.max = String(live.weight_max);
      input.step = String(live.weight_step);
      input.value = String(live.weights[j]);
      input.setAttribute("data-dim", String(j));
      input.addEventListener("input", () => weightMoved(s));
      input.addEventListener("change", () => weightReleased(s));
      input.addEventListener("keydown", (e) => {
        if (e.key !== "PageUp" && e.key !== "PageDown") return;
        e.preventDefault();
        const step = Number(input.step);
        const v = Math.min(Number(input.max), Math.max(Number(input.min), Number(input.value) + (e.key === "PageUp" ? step : -step)));
        input.value = String(v);
        weightMoved(s);
        weightReleased(s);
      });
      // The focused slider's tipping point replaces the key hint (the panel keeps its height at 1280×720).
      input.addEventListener("focus", () => { s.focusDim = j; refreshWeightPanel(s); });
      input.addEventListener("blur", () => { if (s.focusDim === j) s.focusDim = null; refreshWeightPanel(s); });
      row.append(lab, input);
      box.appendChild(row);
      s.weightInputs.push(input);
      s.weightValues.push(value);
    });
    const buttons = el("div", "oi-buttons");
    s.btnLive = el("button", "", t.meeting_live);
    s.btnFreeze = el("button", "", t.meeting_freeze);
    s.btnShow = el("button", "", t.meeting_show);
    s.btnReset = el("button", "", t.meeting_reset);
    for (const b of [s.btnLive, s.btnFreeze, s.btnShow, s.btnReset]) b.type = "button";
    s.btnLive.addEventListener("click", () => setFrozen(s, false));
    s.btnFreeze.addEventListener("click", () => setFrozen(s, true));
    s.btnShow.addEventListener("click", () => showPrepared(s));
    s.btnReset.addEventListener("click", () => resetWeights(s));
    buttons.append(s.btnLive, s.btnFreeze, s.btnShow, s.btnReset);
    s.pendingEl = el("div", "oi-pending", t.meeting_pending);
    s.pendingEl.setAttribute("role", "status");
    s.hintEl = el("div", "oi-hint", t.map_keys_hint);
    s.hintEl.setAttribute("data-testid", "oi-hint");
    box.append(buttons, s.pendingEl, s.hintEl);
    s.shown = live.weights.slice();
  } else if (!s.dragging && !s.frozen) {
    const changed = prev && prev.live && live.weights.some((w, j) => w !== prev.live.weights[j]);
    if (changed && !s.sendTimer) s.weightInputs.forEach((input, j) => { input.value = String(live.weights[j]); });
  }
  if (!s.frozen) s.shown = live.weights.slice();
  refreshWeightPanel(s);
}

function refreshWeightPanel(s) {
  const lang = s.data.lang;
  s.weightInputs.forEach((input, j) => {
    // A dimension no area has data for says so (it never counts, whatever its weight): never a bare 0.
    const empty = s.scores && s.scores.empty && s.scores.empty[j];
    s.weightValues[j].textContent = empty ? s.data.text.dim_no_data
      : fmtNumber(Number(input.value), lang, Number(input.value) % 1 ? 1 : 0);
  });
  // A tipping point holds for the weights the server scored: while a slider is elsewhere, the key hint.
  const live = s.data.live || {};
  const tips = live.tips || [];
  const scored = s.weightInputs.every((input, i) => Number(input.value) === Number((live.weights || [])[i]));
  const j = s.focusDim;
  s.hintEl.textContent = j !== null && scored && tips[j] ? live.dim_labels[j] + ": " + tips[j] : s.data.text.map_keys_hint;
  s.btnLive.setAttribute("aria-pressed", String(!s.frozen));
  s.btnFreeze.setAttribute("aria-pressed", String(s.frozen));
  const pending = s.frozen && s.weightInputs.some((input, j) => Number(input.value) !== s.shown[j]);
  s.btnShow.disabled = !pending;
  s.pendingEl.hidden = !pending;
}

function inputWeights(s) {
  return s.weightInputs.map((input) => Number(input.value));
}

function weightMoved(s) {
  refreshWeightPanel(s);
  if (!s.frozen) onWeightInput(s);
}

function weightReleased(s) {
  if (s.frozen) return;
  sendWeights(s, inputWeights(s));
}

function sendWeights(s, weights) {
  s.shown = weights.slice();
  clearTimeout(s.sendTimer);
  // Keyboard steps come quickly: tell the server once they pause.
  s.sendTimer = setTimeout(() => {
    s.sendTimer = 0;
    const out = {};
    s.scores.dim_ids.forEach((d, j) => { out[d] = weights[j]; });
    if (s.component && s.component.setStateValue) s.component.setStateValue("weights", out);
  }, 150);
}

function setFrozen(s, frozen) {
  s.frozen = frozen;
  if (!frozen) {
    // Back to live: show what the sliders say now.
    onWeightInput(s);
    sendWeights(s, inputWeights(s));
  }
  refreshWeightPanel(s);
}

function showPrepared(s) {
  const w = inputWeights(s);
  s.shown = w.slice();
  s.weights = w;
  compute(s);
  paint(s);
  sendWeights(s, w);
  refreshWeightPanel(s);
}

function resetWeights(s) {
  const d = s.data.live.defaults;
  s.weightInputs.forEach((input, j) => { input.value = String(d[j]); });
  showPrepared(s);
}

// ---------------------------------------------------------------- test and benchmark hooks

window.__oiMaps = window.__oiMaps || {
  /** Every mounted map's state: per area rank, index and class; the weights used. */
  all() {
    return Array.from(document.querySelectorAll('[data-testid="oi-map"]')).map((root) => {
      const s = root.parentNode && root.parentNode.__oi;
      return s ? { layout: s.layout, snapshot: snapshot(s), labels: s.placed ? Array.from(s.placed.values()).map((p) => ({ text: p.text, box: p.box })) : [], fills: fills(s) } : null;
    });
  },
};

function fills(s) {
  const out = {};
  for (const [id, layer] of s.areaLayers) out[id] = layer._path ? layer._path.getAttribute("fill") : layer.options.fillColor;
  return out;
}
