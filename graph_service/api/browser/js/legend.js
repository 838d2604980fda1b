// The legend: every encoding on screen (shapes, colours, sizes, rings, borders, dashes), in the
// chosen language. `legendSections` is shared by the legend on screen and the exported pictures.

import { PROPERTY_SIZES } from './analyses.js';
import { noun, t, valueWord } from './i18n.js';
import { isShown, onScreen } from './onscreen.js';
import { LABEL_COLOURS, MARKS, OTHER_COLOUR, SHAPES, paletteColour } from './styles.js';

const SVG = 'http://www.w3.org/2000/svg';

// Points of a shape in a 14×14 box (the legend's and the SVG export's simplified shapes).
export function shapePoints(shape, cx = 7, cy = 7, r = 6) {
  const polygon = (n, rot = -Math.PI / 2, inner = null) => {
    const pts = [];
    const count = inner ? n * 2 : n;
    for (let i = 0; i < count; i += 1) {
      const radius = inner && i % 2 ? r * inner : r;
      const a = rot + (2 * Math.PI * i) / count;
      pts.push([cx + radius * Math.cos(a), cy + radius * Math.sin(a)]);
    }
    return pts;
  };
  switch (shape) {
    case 'hexagon': return polygon(6, 0);
    case 'round-triangle': return polygon(3);
    case 'rectangle': case 'round-rectangle': return [[cx - r, cy - r * 0.75], [cx + r, cy - r * 0.75], [cx + r, cy + r * 0.75], [cx - r, cy + r * 0.75]];
    case 'round-pentagon': return polygon(5);
    case 'star': return polygon(5, -Math.PI / 2, 0.45);
    case 'diamond': return polygon(4);
    case 'vee': return [[cx - r, cy - r], [cx, cy - r * 0.2], [cx + r, cy - r], [cx, cy + r]];
    default: return null; // ellipse
  }
}

function shapeIcon({ shape, colour, ring = null, dashed = false }) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  const points = shapePoints(shape);
  const node = document.createElementNS(SVG, points ? 'polygon' : 'circle');
  if (points) node.setAttribute('points', points.map((p) => p.join(',')).join(' '));
  else { node.setAttribute('cx', '7'); node.setAttribute('cy', '7'); node.setAttribute('r', '5.5'); }
  node.setAttribute('fill', colour ?? 'none');
  if (ring) { node.setAttribute('stroke', ring); node.setAttribute('stroke-width', '2.5'); }
  if (dashed) node.setAttribute('stroke-dasharray', '2 1.5');
  svg.append(node);
  return svg;
}

function lineIcon({ colour, dashed = false, width = 3 }) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'line');
  Object.entries({ x1: 1, y1: 5, x2: 21, y2: 5, stroke: colour, 'stroke-width': width }).forEach(([k, v]) => line.setAttribute(k, String(v)));
  if (dashed) line.setAttribute('stroke-dasharray', '4 2');
  svg.append(line);
  return svg;
}

// What the legend says, as data: sections of entries, each an icon description and a text.
export function legendSections(explorer) {
  const { cy, state, analytics } = explorer;
  const visible = onScreen(cy, 'nodes');
  if (visible.empty()) return [];
  const labels = [...new Set(visible.map((n) => n.data('label')))].sort();
  const byLabel = state.colour === 'label';
  const sections = [{
    id: 'legend-shapes',
    title: t('legend.shapes'),
    entries: labels.map((l) => ({
      icon: { kind: 'shape', shape: SHAPES[l], colour: byLabel ? LABEL_COLOURS[l] : '#8a94a3', dashed: l === 'Group', ring: l === 'Group' ? '#5b6677' : null },
      text: l === 'Group' ? t('legend.group') : noun(l),
    })),
  }];
  if (state.colour === 'community' && analytics.communities) {
    const communities = new Map();
    visible.forEach((n) => { const c = analytics.communities.byId.get(n.id()); if (c) communities.set(c.index, c); });
    sections.push({
      id: 'legend-colours',
      title: t('legend.colours', { what: t('colour.community') }),
      entries: [...communities.values()].sort((a, b) => a.index - b.index).map((c) => ({
        icon: { kind: 'shape', shape: 'ellipse', colour: paletteColour(c.index) },
        text: c.dominantAssociation
          ? t('legend.communityMostly', { index: c.index + 1, size: c.size, name: c.dominantAssociation.name })
          : t('legend.community', { index: c.index + 1, size: c.size }),
      })),
    });
  } else if (!byLabel) {
    const categories = explorer.categories();
    const names = state.colour === 'association' || state.colour === 'topic' ? explorer.filterNames : null;
    sections.push({
      id: 'legend-colours',
      title: t('legend.colours', { what: t(`colour.${state.colour}`) }),
      entries: [
        ...categories.map((v, i) => ({ icon: { kind: 'shape', shape: 'ellipse', colour: paletteColour(i) }, text: names?.get(v) ?? valueWord(v) })),
        { icon: { kind: 'shape', shape: 'ellipse', colour: OTHER_COLOUR }, text: t('colour.other') },
      ],
    });
  }
  if (state.size) {
    const byProperty = PROPERTY_SIZES.includes(state.size);
    const sampled = !byProperty && analytics.scores.get(state.size)?.result.sampled;
    const what = t(`size.${state.size}`);
    const title = byProperty
      ? t('legend.sizeProperty', { what, explain: t(`sizeExplain.${state.size}`) })
      : t('legend.size', { what, how: sampled ? t('legend.sizeSampled') : t('legend.sizeExact') });
    sections.push({ id: 'size-legend', title, entries: [] });
  }
  const marks = [];
  const has = (selector) => cy.elements(selector).some(isShown);
  if (has('node:selected')) marks.push({ icon: { kind: 'shape', shape: 'ellipse', colour: '#ffffff', ring: MARKS.selected }, text: t('legend.selected') });
  if (has('node.neighbour')) marks.push({ icon: { kind: 'shape', shape: 'ellipse', colour: '#ffffff', ring: MARKS.neighbour }, text: t('legend.neighbour') });
  if (state.brokers && has('node.broker')) marks.push({ id: 'broker-legend', icon: { kind: 'shape', shape: 'ellipse', colour: '#ffffff', ring: MARKS.broker }, text: t('legend.broker') });
  if (has('edge.path')) marks.push({ icon: { kind: 'line', colour: MARKS.path, width: 4 }, text: t('legend.path') });
  if (has('edge.bridge')) marks.push({ icon: { kind: 'line', colour: MARKS.bridge, width: 4 }, text: t('legend.bridge') });
  if (has('node.candidate')) marks.push({ icon: { kind: 'shape', shape: 'ellipse', colour: '#ffffff', ring: MARKS.bridge }, text: t('legend.candidate') });
  if (has('edge.opportunity')) marks.push({ icon: { kind: 'line', colour: MARKS.opportunity, dashed: true }, text: t('legend.opportunity') });
  if (marks.length) sections.push({ id: 'legend-marks', title: t('legend.marks'), entries: marks });
  return sections;
}

export function renderLegend(element, explorer) {
  const sections = legendSections(explorer);
  element.replaceChildren(...sections.map((section) => {
    const block = document.createElement('div');
    block.id = section.id;
    const heading = document.createElement('strong');
    heading.textContent = section.title;
    block.append(heading);
    for (const entry of section.entries) {
      const item = document.createElement('span');
      item.className = 'entry';
      if (entry.id) item.id = entry.id;
      item.append(entry.icon.kind === 'line' ? lineIcon(entry.icon) : shapeIcon(entry.icon), document.createTextNode(entry.text));
      block.append(item);
    }
    return block;
  }));
}
