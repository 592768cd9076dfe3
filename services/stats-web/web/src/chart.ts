import { formatHashrate } from './format.js';

export interface ChartSeries {
  /** The worker's name; '' for the pool. */
  worker: string;
  /** [ms since epoch, hashes per second], oldest first. */
  points: ReadonlyArray<readonly [number, number]>;
}

export interface ChartGeometry {
  width: number;
  height: number;
  lines: Array<{ worker: string; color: string; d: string; area: string }>;
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
  /** The top of the y axis, hashes per second. */
  top: number;
}

const PAD = { left: 72, right: 12, top: 12, bottom: 26 };
export const PALETTE = [
  '#f26822',
  '#4fa3ff',
  '#47c28b',
  '#d9a441',
  '#b57cf2',
  '#ef5f7a',
  '#3cc7c7',
  '#9aa5b1',
];

/** The smallest 1, 2 or 5 × 10^k at or above `v` (an axis top that reads well). */
export function niceTop(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Lines (and an area under each) for an SVG of width × height: pure, so it is unit tested. */
export function chartGeometry(series: readonly ChartSeries[], width: number, height: number): ChartGeometry {
  const all = series.flatMap((s) => s.points);
  const t0 = Math.min(...all.map((p) => p[0]));
  const t1 = Math.max(...all.map((p) => p[0]));
  const top = niceTop(Math.max(0, ...all.map((p) => p[1])));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * plotW : plotW / 2);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const r = (n: number) => Math.round(n * 10) / 10;
  const lines = series.map((s, i) => {
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${r(x(p[0]))},${r(y(p[1]))}`).join(' ');
    const first = s.points[0];
    const last = s.points.at(-1);
    const base = r(y(0));
    const area = first && last ? `${d} L${r(x(last[0]))},${base} L${r(x(first[0]))},${base} Z` : '';
    return { worker: s.worker, color: PALETTE[i % PALETTE.length] ?? '#888', d, area };
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: r(y(top * f)), label: formatHashrate(top * f) }));
  const xTicks: ChartGeometry['xTicks'] = [];
  if (all.length > 0) {
    const hour = 3_600_000;
    const step = t1 - t0 > 12 * hour ? 4 * hour : t1 - t0 > 4 * hour ? 2 * hour : hour;
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
      xTicks.push({ x: r(x(t)), label: new Date(t).toISOString().slice(11, 16) });
    }
  }
  return { width, height, lines, yTicks, xTicks, top };
}

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Draws the chart into `host` (replacing what was there), with a legend when there are several series. */
export function renderChart(host: HTMLElement, series: readonly ChartSeries[], label: string): void {
  host.replaceChildren();
  if (series.length === 0 || series.every((s) => s.points.length === 0)) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'No shares in this period yet.';
    host.append(p);
    return;
  }
  const g = chartGeometry(series, 760, 240);
  const svg = svgEl('svg', { viewBox: `0 0 ${g.width} ${g.height}`, role: 'img', 'aria-label': label });
  for (const t of g.yTicks) {
    svg.append(svgEl('line', { x1: PAD.left, x2: g.width - PAD.right, y1: t.y, y2: t.y, class: 'grid' }));
    const text = svgEl('text', { x: PAD.left - 6, y: t.y + 4, class: 'tick', 'text-anchor': 'end' });
    text.textContent = t.label;
    svg.append(text);
  }
  for (const t of g.xTicks) {
    const text = svgEl('text', { x: t.x, y: g.height - 8, class: 'tick', 'text-anchor': 'middle' });
    text.textContent = t.label;
    svg.append(text);
  }
  for (const line of g.lines) {
    if (g.lines.length === 1) svg.append(svgEl('path', { d: line.area, fill: line.color, class: 'area' }));
    svg.append(svgEl('path', { d: line.d, stroke: line.color, class: 'line', 'data-series': line.worker }));
  }
  host.append(svg);
  if (g.lines.length > 1 || (g.lines[0] && g.lines[0].worker !== '')) {
    const legend = document.createElement('ul');
    legend.className = 'legend';
    for (const line of g.lines) {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = line.color;
      li.append(swatch, document.createTextNode(line.worker));
      legend.append(li);
    }
    host.append(legend);
  }
}
