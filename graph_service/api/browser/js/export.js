// Pictures of the view to keep or send: PNG and SVG, each with a title, the date, the graph's
// version and the legend, in the chosen language; and the CSV of what is shown. Explorer methods.

import { queries } from './api.js';
import { date, t } from './i18n.js';
import { legendSections, shapePoints } from './legend.js';
import { Lines } from './lines.js';
import { LINK } from './styles.js';
import { csvOf, download } from './ui.js';

const HEADER = 64;
const LINE = 18;
const LEGEND_WIDTH = 330;
// White space around the graph: cytoscape.js crops its picture to the elements' bounding box, so
// without it the leftmost node (or its label) touches the picture's edge, or is cut by a pixel.
const MARGIN = 24;
const LABEL_FONT = '11px sans-serif';
const LABEL_MAX_WIDTH = 140; // as `text-max-width` in the stylesheet
const GROUP_FONT = 'bold 12px sans-serif';
const GROUP_TEXT_WIDTH = 110;

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function legendLines(sections) {
  const lines = [];
  for (const s of sections) {
    lines.push({ title: s.title });
    for (const e of s.entries) lines.push(e);
  }
  return lines;
}

export const exportActions = {
  // The caption: the date, the version of the graph the service answered from (left out when no
  // answer said it: a made-up or zero version would be worse than none) and the count of nodes.
  async pictureHeader() {
    if (this.graphVersion == null) {
      const any = this.cy.nodes(':visible').filter((n) => n.data('label') !== 'Group')[0];
      if (any) {
        const data = await this.status.busy(t('loading'), () => this.api.query(queries.neighbourhood, { id: any.id(), max: 1, types: null }));
        this.noteVersion(data?.neighbourhood.graphVersion);
      }
    }
    const parts = [date()];
    if (this.graphVersion != null) parts.push(t('export.version', { version: String(this.graphVersion) }));
    parts.push(t('export.nodes', { count: this.cy.nodes(':visible').length }));
    return { title: t('export.title'), caption: parts.join(' · '), lines: legendLines(legendSections(this)) };
  },

  // The graph version an answer of the service was computed on: the latest one is what the
  // picture shows (a version is a positive whole number; anything else is not one).
  noteVersion(version) {
    if (Number.isInteger(version) && version > 0) this.graphVersion = version;
  },

  async exportPng() {
    const { title, caption, lines } = await this.pictureHeader();
    const scale = 2;
    // cytoscape.js draws its elements on a clear picture; the links the page draws go under them.
    const bounds = this.cy.elements().boundingBox();
    const uri = this.cy.png({ output: 'base64uri', full: true, scale, maxWidth: 4000, maxHeight: 4000 });
    const image = new Image();
    await new Promise((resolve, reject) => { image.onload = resolve; image.onerror = reject; image.src = uri; });
    const legendHeight = (16 + lines.length * LINE + 8) * scale;
    const canvas = document.createElement('canvas');
    const measure = canvas.getContext('2d');
    measure.font = `bold ${12 * scale}px sans-serif`;
    const legendWidth = Math.max(LEGEND_WIDTH * scale, ...lines.map((l) => measure.measureText(l.title ?? l.text).width + 48 * scale));
    const margin = MARGIN * scale;
    canvas.width = margin + image.width + margin + legendWidth;
    canvas.height = HEADER * scale + Math.max(margin + image.height + margin, legendHeight);
    const g = canvas.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = '#1d2430';
    g.font = `bold ${20 * scale}px sans-serif`;
    g.fillText(title, margin, 28 * scale);
    g.font = `${13 * scale}px sans-serif`;
    g.fillStyle = '#4a5565';
    g.fillText(caption, margin, 50 * scale);
    this.graph.lines?.drawOn(g, scale, { x: margin - bounds.x1 * scale, y: HEADER * scale + margin - bounds.y1 * scale });
    g.drawImage(image, margin, HEADER * scale + margin);
    let y = (HEADER + 16) * scale;
    const x = margin + image.width + margin;
    for (const line of lines) {
      g.fillStyle = '#1d2430';
      if (line.title) {
        g.font = `bold ${12 * scale}px sans-serif`;
        g.fillText(line.title, x, y);
      } else {
        drawIcon(g, line.icon, x, y - 10 * scale, scale);
        g.font = `${12 * scale}px sans-serif`;
        g.fillText(line.text, x + 28 * scale, y);
      }
      y += LINE * scale;
    }
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    download('network.png', blob);
  },

  async exportSvg() {
    const { title, caption, lines } = await this.pictureHeader();
    const nodes = this.cy.nodes(':visible');
    // The box of what is drawn: the nodes, and the labels as written below (cut to the width
    // cytoscape.js cuts them to, centred under their node).
    const measure = document.createElement('canvas').getContext('2d');
    measure.font = LABEL_FONT;
    const labels = new Map();
    const box = nodes.empty() ? { x1: 0, y1: 0, x2: 0, y2: 0 } : { ...nodes.boundingBox({ includeLabels: false }) };
    nodes.forEach((n) => {
      if (n.data('label') === 'Group') { // its label is inside it, and may be wider
        measure.font = GROUP_FONT;
        const half = Math.max(...wrapped(measure, n.data('name'), GROUP_TEXT_WIDTH).map((l) => measure.measureText(l).width)) / 2 + 2;
        measure.font = LABEL_FONT;
        box.x1 = Math.min(box.x1, n.position('x') - half);
        box.x2 = Math.max(box.x2, n.position('x') + half);
        return;
      }
      if (n.hasClass('label-hidden')) return;
      const text = ellipsized(measure, n.data('name'));
      const { x, y } = n.position();
      const half = measure.measureText(text).width / 2 + 3;
      labels.set(n.id(), text);
      box.x1 = Math.min(box.x1, x - half);
      box.x2 = Math.max(box.x2, x + half);
      // Under its node, or above it where the page moved it (labels.js).
      if (n.hasClass('label-above')) box.y1 = Math.min(box.y1, y - n.data('size') / 2 - 18);
      else box.y2 = Math.max(box.y2, y + n.data('size') / 2 + 17);
    });
    const pad = MARGIN;
    const width = box.x2 - box.x1 + 2 * pad;
    const height = box.y2 - box.y1 + 2 * pad;
    const ox = pad - box.x1;
    const oy = HEADER + pad - box.y1;
    const parts = [];
    const line = (a, b, colour, width, dash = '') => parts.push(`<line x1="${a.x + ox}" y1="${a.y + oy}" x2="${b.x + ox}" y2="${b.y + oy}" stroke="${colour}" stroke-width="${width}"${dash}/>`);
    for (const l of this.graph.lines?.all() ?? []) {
      if (Lines.shown(l)) line(l.source.position(), l.target.position(), LINK.colour, LINK.width);
    }
    this.cy.edges(':visible').forEach((e) => {
      const dash = e.hasClass('opportunity') ? ' stroke-dasharray="6 4"' : '';
      line(e.source().position(), e.target().position(), e.style('line-color'), parseFloat(e.style('width')), dash);
    });
    nodes.forEach((n) => {
      const { x, y } = n.position();
      const r = n.data('size') / 2;
      const points = shapePoints(n.style('shape'), x + ox, y + oy, r);
      const border = parseFloat(n.style('border-width'));
      const stroke = border ? ` stroke="${n.style('border-color')}" stroke-width="${border}"` : '';
      const dash = n.data('label') === 'Group' ? ' stroke-dasharray="6 4"' : '';
      parts.push(points
        ? `<polygon points="${points.map((p) => p.join(',')).join(' ')}" fill="${n.style('background-color')}"${stroke}${dash}/>`
        : `<circle cx="${x + ox}" cy="${y + oy}" r="${r}" fill="${n.style('background-color')}"${stroke}${dash}/>`);
      if (n.data('label') === 'Group') {
        // As on screen: bold, wrapped to the group's width, in the middle of it.
        measure.font = GROUP_FONT;
        const rows = wrapped(measure, n.data('name'), GROUP_TEXT_WIDTH);
        measure.font = LABEL_FONT;
        const top = y + oy - ((rows.length - 1) * 14) / 2 + 4;
        const spans = rows.map((line, i) => `<tspan x="${x + ox}" y="${top + i * 14}">${escape(line)}</tspan>`).join('');
        parts.push(`<text text-anchor="middle" font-size="12" font-weight="bold" fill="#1d2430">${spans}</text>`);
      } else if (labels.has(n.id())) {
        const baseline = n.hasClass('label-above') ? y + oy - r - 6 : y + oy + r + 13;
        parts.push(`<text x="${x + ox}" y="${baseline}" text-anchor="middle" font-size="11" fill="#1d2430" stroke="#fff" stroke-width="3" paint-order="stroke">${escape(labels.get(n.id()))}</text>`);
      }
    });
    let y = HEADER + 20;
    const legend = [];
    for (const line of lines) {
      if (line.title) legend.push(`<text x="${width + 10}" y="${y}" font-size="12" font-weight="bold">${escape(line.title)}</text>`);
      else legend.push(svgIcon(line.icon, width + 10, y - 10), `<text x="${width + 38}" y="${y}" font-size="12">${escape(line.text)}</text>`);
      y += LINE;
    }
    const longest = Math.max(0, ...lines.map((l) => (l.title ?? l.text).length));
    const total = { w: width + Math.max(LEGEND_WIDTH, longest * 7.2 + 50), h: Math.max(height + HEADER, y + 10) };
    const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${total.w}" height="${total.h}" viewBox="0 0 ${total.w} ${total.h}" font-family="sans-serif">
<title>${escape(title)}</title>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${MARGIN}" y="28" font-size="20" font-weight="bold" fill="#1d2430">${escape(title)}</text>
<text x="${MARGIN}" y="50" font-size="13" fill="#4a5565">${escape(caption)}</text>
<g id="graph">${parts.join('\n')}</g>
<g id="legend">${legend.join('\n')}</g>
</svg>
`;
    download('network.svg', new Blob([svg], { type: 'image/svg+xml' }));
  },

  exportCsv() {
    const { nodes, edges } = this.graph.snapshot();
    const rows = [['element', 'id', 'label', 'name', 'source', 'target', 'type']];
    for (const n of nodes) if (n.visible) rows.push(['node', n.id, n.label, n.name, '', '', '']);
    for (const e of edges) if (e.visible) rows.push(['edge', e.id, '', '', e.source, e.target, e.type]);
    download('network.csv', new Blob([csvOf(rows)], { type: 'text/csv' }));
  },
};

// A name in lines no wider than `width`, broken between words.
function wrapped(measure, name, width) {
  const lines = [];
  for (const word of String(name ?? '').split(/\s+/)) {
    const last = lines.length ? `${lines[lines.length - 1]} ${word}` : null;
    if (last && measure.measureText(last).width <= width) lines[lines.length - 1] = last;
    else lines.push(word);
  }
  return lines;
}

// A name cut with an ellipsis to the width the graph shows it in.
function ellipsized(measure, name) {
  const text = String(name ?? '');
  if (measure.measureText(text).width <= LABEL_MAX_WIDTH) return text;
  let cut = text.length;
  while (cut > 1 && measure.measureText(`${text.slice(0, cut)}…`).width > LABEL_MAX_WIDTH) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

function drawIcon(g, icon, x, y, scale) {
  g.save();
  g.translate(x, y);
  g.scale(scale, scale);
  if (icon.kind === 'line') {
    g.strokeStyle = icon.colour;
    g.lineWidth = icon.width ?? 3;
    g.setLineDash(icon.dashed ? [4, 2] : []);
    g.beginPath(); g.moveTo(1, 7); g.lineTo(21, 7); g.stroke();
  } else {
    const points = shapePoints(icon.shape);
    g.beginPath();
    if (points) { points.forEach(([px, py], i) => (i ? g.lineTo(px, py) : g.moveTo(px, py))); g.closePath(); } else g.arc(7, 7, 5.5, 0, 2 * Math.PI);
    g.fillStyle = icon.colour ?? '#fff';
    g.fill();
    if (icon.ring) { g.strokeStyle = icon.ring; g.lineWidth = 2.5; g.setLineDash(icon.dashed ? [2, 1.5] : []); g.stroke(); }
  }
  g.restore();
}

function svgIcon(icon, x, y) {
  if (icon.kind === 'line') {
    return `<line x1="${x + 1}" y1="${y + 7}" x2="${x + 21}" y2="${y + 7}" stroke="${icon.colour}" stroke-width="${icon.width ?? 3}"${icon.dashed ? ' stroke-dasharray="4 2"' : ''}/>`;
  }
  const points = shapePoints(icon.shape, x + 7, y + 7);
  const ring = icon.ring ? ` stroke="${icon.ring}" stroke-width="2.5"` : '';
  return points
    ? `<polygon points="${points.map((p) => p.join(',')).join(' ')}" fill="${icon.colour}"${ring}/>`
    : `<circle cx="${x + 7}" cy="${y + 7}" r="5.5" fill="${icon.colour}"${ring}/>`;
}
