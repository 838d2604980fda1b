// How the graph looks: shapes and colours per kind of node, the colours of the other encodings
// and the marks. The legend (legend.js) and the picture export (export.js) read the same tables.

// Dark enough for white text at AA contrast (4.5:1) in the panel's tags.
export const LABEL_COLOURS = {
  Association: '#0b5cad',
  ServiceCentre: '#2a6fb8',
  Office: '#5f6b75',
  Firm: '#1e7b43',
  Expert: '#a85a00',
  Project: '#c9184a',
  Hub: '#00695c',
  Topic: '#7d6200',
  Instrument: '#6d4c41',
  Group: '#5b6677',
};

export const SHAPES = {
  Association: 'hexagon',
  ServiceCentre: 'round-triangle',
  Office: 'rectangle',
  Firm: 'ellipse',
  Expert: 'round-pentagon',
  Project: 'round-rectangle',
  Hub: 'star',
  Topic: 'diamond',
  Instrument: 'vee',
  Group: 'ellipse',
};

export const MARKS = {
  selected: '#ffb703',
  neighbour: '#0b5cad',
  path: '#ffb703',
  bridge: '#6a1b9a',
  opportunity: '#e07b00',
  broker: '#111111',
};

// A qualitative palette (Tableau 10 and a darker second round) for categories and communities.
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd',
];
export const OTHER_COLOUR = '#c7ccd4';

// A plain link: cytoscape.js's edges and the page's own lines (lines.js) are drawn alike.
export const LINK = { colour: '#b6bec9', width: 1.2, opacity: 0.8, faded: 0.15 };

export const MIN_SIZE = 18;
export const MAX_SIZE = 70;

export function paletteColour(index) {
  return index == null || index < 0 ? OTHER_COLOUR : PALETTE[index % PALETTE.length];
}

export const stylesheet = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(name)',
      'font-size': 11,
      // Small text is not drawn when zoomed out; which labels show at all is decided in labels.js.
      'min-zoomed-font-size': 8,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-max-width': 140,
      'text-wrap': 'ellipsis',
      color: '#1d2430',
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'border-width': 0,
    },
  },
  ...Object.entries(SHAPES).map(([label, shape]) => ({ selector: `node[label = "${label}"]`, style: { shape } })),
  {
    selector: 'node[label = "Group"]',
    style: {
      'background-color': '#eef1f5', 'border-width': 3, 'border-style': 'dashed', 'border-color': '#5b6677',
      'font-size': 12, 'font-weight': 'bold', 'text-valign': 'center', 'text-halign': 'center',
      'text-wrap': 'wrap', 'text-max-width': 110, 'min-zoomed-font-size': 0,
    },
  },
  { selector: 'node.label-hidden', style: { label: '' } },
  { selector: 'node.label-above', style: { 'text-valign': 'top', 'text-margin-y': -3 } },
  {
    selector: 'edge',
    style: { width: LINK.width, 'line-color': LINK.colour, 'curve-style': 'haystack', opacity: LINK.opacity },
  },
  { selector: 'node.broker', style: { 'border-width': 5, 'border-color': MARKS.broker, 'border-style': 'double' } },
  { selector: '.faded', style: { opacity: LINK.faded } },
  { selector: 'node.neighbour', style: { 'border-width': 3, 'border-color': MARKS.neighbour } },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': MARKS.selected, 'overlay-opacity': 0, label: 'data(name)' },
  },
  {
    selector: 'edge.highlight',
    style: {
      width: 3, 'line-color': MARKS.neighbour, opacity: 1, label: 'data(phrase)', 'font-size': 9,
      'text-rotation': 'autorotate', color: '#0b3d75', 'text-background-color': '#fff',
      'text-background-opacity': 0.85,
    },
  },
  { selector: 'edge.path', style: { width: 5, 'line-color': MARKS.path, opacity: 1, 'z-index': 10 } },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': MARKS.path } },
  {
    selector: 'edge.opportunity',
    style: {
      'curve-style': 'bezier', 'line-style': 'dashed', 'line-color': MARKS.opportunity, width: 2.5,
      opacity: 1, label: 'data(note)', 'font-size': 9, 'text-rotation': 'autorotate', color: '#7a4100',
    },
  },
  { selector: 'edge.bridge', style: { width: 4, 'line-color': MARKS.bridge, opacity: 1, 'z-index': 9 } },
  { selector: 'node.candidate', style: { 'border-width': 5, 'border-color': MARKS.bridge } },
  { selector: '.filtered-out', style: { display: 'none' } },
];

// Square-root scaling keeps small scores visible next to the one dominant node.
export function sizeFor(score, max) {
  if (!(max > 0) || score == null) return MIN_SIZE;
  return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(score / max);
}

export function groupSize(count) {
  return Math.min(110, 40 + 14 * Math.log10(count));
}
