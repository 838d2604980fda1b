// How the graph looks: colours by label or community, sizes by a centrality, the marks.

export const LABEL_COLOURS = {
  Association: '#0b5cad',
  ServiceCentre: '#3d8bd9',
  Office: '#6c757d',
  Firm: '#2a9d55',
  Expert: '#e07b00',
  Project: '#c9184a',
  Hub: '#7b2cbf',
  Topic: '#b08900',
  Instrument: '#8d6e63',
};

const COMMUNITY_COLOURS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd',
];

export const MIN_SIZE = 18;
export const MAX_SIZE = 70;

export function communityColour(index) {
  return index == null ? '#c7ccd4' : COMMUNITY_COLOURS[index % COMMUNITY_COLOURS.length];
}

export const stylesheet = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(name)',
      'font-size': 10,
      'min-zoomed-font-size': 7,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-max-width': 120,
      'text-wrap': 'ellipsis',
      color: '#1d2430',
      'border-width': 0,
    },
  },
  { selector: 'node[label = "Hub"]', style: { shape: 'star' } },
  { selector: 'node[label = "Project"]', style: { shape: 'round-rectangle' } },
  { selector: 'node[label = "Association"]', style: { shape: 'hexagon' } },
  { selector: 'node[label = "Topic"]', style: { shape: 'diamond' } },
  {
    selector: 'edge',
    style: {
      width: 1.2,
      'line-color': '#b6bec9',
      'curve-style': 'haystack',
      opacity: 0.8,
    },
  },
  { selector: 'node.broker', style: { 'border-width': 5, 'border-color': '#111', 'border-style': 'double' } },
  { selector: '.faded', style: { opacity: 0.15 } },
  { selector: 'node.neighbour', style: { 'border-width': 3, 'border-color': '#0b5cad' } },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': '#ffb703', 'overlay-opacity': 0 },
  },
  {
    selector: 'edge.highlight',
    style: {
      width: 3, 'line-color': '#0b5cad', opacity: 1, label: 'data(type)', 'font-size': 8,
      'text-rotation': 'autorotate', color: '#0b5cad', 'text-background-color': '#fff',
      'text-background-opacity': 0.8,
    },
  },
  {
    selector: 'edge.path',
    style: { width: 5, 'line-color': '#ffb703', opacity: 1, 'z-index': 10 },
  },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#ffb703' } },
  {
    selector: 'edge.opportunity',
    style: {
      'curve-style': 'bezier',
      'line-style': 'dashed',
      'line-color': '#e07b00',
      width: 2.5,
      opacity: 1,
      label: 'data(note)',
      'font-size': 8,
      'text-rotation': 'autorotate',
      color: '#8a4b00',
    },
  },
  {
    selector: 'edge.bridge',
    style: { width: 4, 'line-color': '#7b2cbf', opacity: 1, 'z-index': 9 },
  },
  { selector: 'node.candidate', style: { 'border-width': 5, 'border-color': '#7b2cbf' } },
  { selector: '.filtered-out', style: { display: 'none' } },
];

// Square-root scaling keeps small scores visible next to the one dominant node.
export function sizeFor(score, max) {
  if (!(max > 0) || score == null) return MIN_SIZE;
  return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(score / max);
}

export function renderLegend(element, entries, title) {
  element.replaceChildren();
  if (!entries.length) return;
  const heading = document.createElement('strong');
  heading.textContent = `${title}: `;
  element.append(heading);
  for (const { colour, text } of entries) {
    const entry = document.createElement('span');
    entry.className = 'entry';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour;
    entry.append(swatch, document.createTextNode(text));
    element.append(entry);
  }
}
