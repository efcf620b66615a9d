// Plots as inline SVG, drawn with DOM calls (the page's CSP allows no inline script or style).
const NS = 'http://www.w3.org/2000/svg';
const W = 560;
const H = 180;
const PAD = { l: 46, r: 8, t: 8, b: 22 };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(label) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
  root.append(svg('title', {}, label));
  return root;
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v);
}

function axes(root, max, labels, format) {
  const y0 = H - PAD.b;
  for (const f of [0, 0.5, 1]) {
    const y = y0 - f * (y0 - PAD.t);
    root.append(svg('line', { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, stroke: '#e3e6ea' }));
    root.append(svg('text', { x: PAD.l - 4, y: y + 3, 'text-anchor': 'end' }, format(max * f)));
  }
  const step = Math.max(1, Math.ceil(labels.length / 6));
  labels.forEach((label, i) => {
    if (i % step !== 0) return;
    const x = PAD.l + ((i + 0.5) * (W - PAD.l - PAD.r)) / labels.length;
    root.append(svg('text', { x, y: H - 6, 'text-anchor': 'middle' }, label));
  });
}

/** Stacked bars: `series` is [{ name, color, values }], all of the same length as `labels`. */
export function stackedBars(container, { label, labels, series, format = String }) {
  const totals = labels.map((_, i) => series.reduce((s, x) => s + x.values[i], 0));
  const max = niceMax(Math.max(0, ...totals));
  const root = frame(label);
  axes(root, max, labels, format);
  const bw = (W - PAD.l - PAD.r) / labels.length;
  const scale = (H - PAD.b - PAD.t) / max;
  labels.forEach((l, i) => {
    let y = H - PAD.b;
    for (const s of series) {
      const h = s.values[i] * scale;
      if (h <= 0) continue;
      y -= h;
      const rect = svg('rect', { x: PAD.l + i * bw + 1, y, width: Math.max(1, bw - 2), height: h, fill: s.color });
      rect.append(svg('title', {}, `${l}: ${s.name} ${format(s.values[i])}`));
      root.append(rect);
    }
  });
  container.replaceChildren(root, legend(series));
}

/** A line with an optional horizontal cap (the budget). */
export function lineWithCap(container, { label, labels, values, cap, format = String }) {
  const max = niceMax(Math.max(cap ?? 0, ...values) * 1.05);
  const root = frame(label);
  axes(root, max, labels, format);
  const x = (i) => PAD.l + ((i + 0.5) * (W - PAD.l - PAD.r)) / labels.length;
  const y = (v) => H - PAD.b - (v * (H - PAD.b - PAD.t)) / max;
  if (cap !== null && cap !== undefined) {
    root.append(svg('line', { x1: PAD.l, x2: W - PAD.r, y1: y(cap), y2: y(cap), stroke: '#b3261e', 'stroke-dasharray': '5 4' }));
    root.append(svg('text', { x: W - PAD.r - 2, y: y(cap) - 4, 'text-anchor': 'end' }, `cap ${format(cap)}`));
  }
  root.append(svg('polyline', { points: values.map((v, i) => `${x(i)},${y(v)}`).join(' '), fill: 'none', stroke: '#1f5fbf', 'stroke-width': 2 }));
  values.forEach((v, i) => {
    const dot = svg('circle', { cx: x(i), cy: y(v), r: 2.5, fill: '#1f5fbf' });
    dot.append(svg('title', {}, `${labels[i]}: ${format(v)}`));
    root.append(dot);
  });
  container.replaceChildren(root);
}

/** Horizontal bars, one per category. */
export function hbars(container, { label, items, color = '#b3261e' }) {
  if (items.length === 0) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = 'No denied requests in this range.';
    container.replaceChildren(p);
    return;
  }
  const rowH = 20;
  const height = items.length * rowH + 8;
  const root = svg('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': label });
  root.append(svg('title', {}, label));
  const max = Math.max(...items.map((i) => i.count));
  items.forEach((item, i) => {
    const y = 4 + i * rowH;
    root.append(svg('text', { x: 170, y: y + 13, 'text-anchor': 'end' }, item.code));
    const w = ((W - 230) * item.count) / max;
    root.append(svg('rect', { x: 176, y: y + 2, width: Math.max(1, w), height: rowH - 6, fill: color }));
    root.append(svg('text', { x: 180 + w, y: y + 13 }, String(item.count)));
  });
  container.replaceChildren(root);
}

/** Colour keys as tiny SVG squares: the CSP forbids inline style attributes, not SVG fills. */
function legend(series) {
  const p = document.createElement('p');
  p.className = 'hint legend';
  for (const s of series) {
    const swatch = svg('svg', { viewBox: '0 0 10 10', width: 10, height: 10, 'aria-hidden': 'true' });
    swatch.append(svg('rect', { width: 10, height: 10, fill: s.color }));
    const item = document.createElement('span');
    item.append(swatch, ` ${s.name}`);
    p.append(item);
  }
  return p;
}
