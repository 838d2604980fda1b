// Labels without overlap: the most important nodes (groups, the selection, nodes on a path, then
// the largest and best linked) claim their label's box on screen first; a label that would overlap
// one already placed is not drawn until zooming in makes room for it. The boxes are cytoscape.js's
// own (so what is checked is what is drawn), kept in a grid of cells so that thousands of labels
// cost a few milliseconds.

import { onScreen } from './onscreen.js';

const FONT = 11; // px at zoom 1, as in the stylesheet
const MIN_READABLE = 8; // px on screen, as `min-zoomed-font-size`
const CELL = 64;

function importance(node) {
  let score = node.data('size') + 2 * node.degree(false);
  if (node.data('label') === 'Group') score += 1e7; // its label is what it is
  if (node.selected()) score += 1e6;
  if (node.hasClass('path') || node.hasClass('candidate')) score += 1e4;
  return score;
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true };

export function placeLabels(cy) {
  const zoom = cy.zoom();
  const pan = cy.pan();
  const forced = (node) => node.selected() || node.data('label') === 'Group';
  // Zoomed out below readable text, only the forced labels show: nothing to measure or sort, and
  // only the nodes whose label changes are restyled (thousands of class changes cost seconds).
  if (FONT * zoom < MIN_READABLE) {
    // One pass over the nodes: collection operations (filter, not) on thousands of nodes build
    // a new collection each, which cost more than the few class changes.
    const nodes = onScreen(cy, 'nodes');
    let shown = 0;
    cy.batch(() => {
      for (let i = 0; i < nodes.length; i += 1) {
        const node = nodes[i];
        const must = forced(node);
        if (must) shown += 1;
        if (must === node.hasClass('label-hidden')) node.toggleClass('label-hidden', !must);
      }
    });
    return { shown, hidden: nodes.length - shown };
  }
  const scores = new Map();
  const score = (node) => {
    let value = scores.get(node);
    if (value === undefined) scores.set(node, (value = importance(node)));
    return value;
  };
  const nodes = onScreen(cy, 'nodes').toArray().sort((a, b) => score(b) - score(a));
  cy.batch(() => { for (const node of nodes) node.removeClass('label-hidden label-above'); });
  const grid = new Map();
  const hidden = [];
  const place = (node) => {
    const b = node.boundingBox(LABEL_ONLY);
    if (!(b.w > 0)) return null;
    const box = { x1: b.x1 * zoom + pan.x, x2: b.x2 * zoom + pan.x, y1: b.y1 * zoom + pan.y, y2: b.y2 * zoom + pan.y };
    const cells = [];
    for (let cx = Math.floor(box.x1 / CELL); cx <= Math.floor(box.x2 / CELL); cx += 1) {
      for (let cyy = Math.floor(box.y1 / CELL); cyy <= Math.floor(box.y2 / CELL); cyy += 1) cells.push(`${cx},${cyy}`);
    }
    const clash = cells.some((c) => (grid.get(c) ?? []).some((other) => overlaps(box, other)));
    return { box, cells, clash };
  };
  for (const node of nodes) {
    const must = forced(node);
    let spot = place(node);
    if (!spot) continue;
    // A label that must show (the selection) and has no room under its node tries above it.
    if (spot.clash && must && node.data('label') !== 'Group') {
      node.addClass('label-above');
      const above = place(node);
      if (above && !above.clash) spot = above;
      else node.removeClass('label-above');
    }
    const { box, cells, clash } = spot;
    if (clash && !must) { hidden.push(node); continue; }
    for (const c of cells) {
      if (!grid.has(c)) grid.set(c, []);
      grid.get(c).push(box);
    }
  }
  cy.batch(() => { for (const node of hidden) node.addClass('label-hidden'); });
  return { shown: nodes.length - hidden.length, hidden: hidden.length };
}

// Place the labels again when the view settles after a zoom. A pan moves every label by the same
// amount, so which ones overlap does not change: panning costs no placement (and no restyle).
export function keepLabelsApart(cy) {
  let timer = null;
  let placedAt = cy.zoom();
  cy.on('viewport', () => {
    if (cy.zoom() === placedAt) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      placedAt = cy.zoom();
      placeLabels(cy);
    }, 250);
  });
}
