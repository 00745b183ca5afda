/** The mastery-over-time chart: inline SVG, no library, readable in greyscale (line + point shapes + labels). */
import type { Level } from '../../core/mastery/levels.js'

const NS = 'http://www.w3.org/2000/svg'

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  if (text !== undefined) node.textContent = text
  return node
}

const SHAPE: Record<Level, (x: number, y: number) => SVGElement> = {
  'no-evidence': (x, y) => el('circle', { cx: x, cy: y, r: 3, fill: '#fff', stroke: '#4a5864', 'stroke-width': 1.5 }),
  'not-yet-proficient': (x, y) => el('rect', { x: x - 3, y: y - 3, width: 6, height: 6, fill: '#fff', stroke: '#7a3e00', 'stroke-width': 1.5 }),
  proficient: (x, y) => el('circle', { cx: x, cy: y, r: 4, fill: '#0d5b2a' }),
  advanced: (x, y) => el('path', { d: `M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z`, fill: '#12408f' }),
}

/** P(L) after each piece of evidence, with the mastery threshold (0.95) drawn as a dashed line. */
export function masteryChart(points: readonly { at: string; pKnown: number; level: Level }[], title: string): SVGSVGElement {
  const w = 360
  const h = 140
  const pad = { l: 34, r: 10, t: 10, b: 24 }
  const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', class: 'mastery-chart' })
  svg.append(el('title', {}, title))
  const x = (i: number) => pad.l + (points.length <= 1 ? (w - pad.l - pad.r) / 2 : (i * (w - pad.l - pad.r)) / (points.length - 1))
  const y = (p: number) => pad.t + (1 - p) * (h - pad.t - pad.b)
  svg.append(el('rect', { x: pad.l, y: pad.t, width: w - pad.l - pad.r, height: h - pad.t - pad.b, fill: 'none', stroke: '#c6cfd6' }))
  for (const p of [0, 0.5, 1]) svg.append(el('text', { x: pad.l - 4, y: y(p) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#4a5864' }, p.toFixed(1)))
  svg.append(el('line', { x1: pad.l, x2: w - pad.r, y1: y(0.95), y2: y(0.95), stroke: '#0d5b2a', 'stroke-dasharray': '4 3' }))
  svg.append(el('text', { x: w - pad.r - 2, y: y(0.95) - 3, 'text-anchor': 'end', 'font-size': 10, fill: '#0d5b2a' }, 'proficient (0.95)'))
  if (points.length === 0) {
    svg.append(el('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle', 'font-size': 12, fill: '#4a5864' }, 'No evidence yet'))
    return svg
  }
  svg.append(el('polyline', { points: points.map((p, i) => `${x(i)},${y(p.pKnown)}`).join(' '), fill: 'none', stroke: '#14202b', 'stroke-width': 1.5 }))
  points.forEach((p, i) => svg.append(SHAPE[p.level](x(i), y(p.pKnown))))
  svg.append(el('text', { x: pad.l, y: h - 6, 'font-size': 10, fill: '#4a5864' }, new Date(points[0]!.at).toLocaleDateString()))
  svg.append(el('text', { x: w - pad.r, y: h - 6, 'text-anchor': 'end', 'font-size': 10, fill: '#4a5864' }, `${points.length} attempts`))
  return svg
}
