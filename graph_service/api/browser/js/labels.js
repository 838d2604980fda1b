// Labels without overlap: the most important nodes (selected, on a path, groups, then the largest
// and best linked) claim their label's box on screen first; a label that would overlap one already
// placed is not drawn until zooming in makes room for it. Boxes are kept in a grid of cells so
// that thousands of labels cost a few milliseconds.

const FONT = 11; // px at zoom 1, as in the stylesheet
const CHAR = 0.58 * FONT; // average glyph width of the sans-serif font
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

export function placeLabels(cy) {
  const zoom = cy.zoom();
  const nodes = cy.nodes(':visible').toArray().sort((a, b) => importance(b) - importance(a));
  const grid = new Map();
  const hidden = [];
  const shown = [];
  for (const node of nodes) {
    const name = node.data('name') ?? '';
    const { x, y } = node.renderedPosition();
    const half = (node.data('size') * zoom) / 2;
    const width = Math.min(name.length * CHAR, 140) * zoom;
    const group = node.data('label') === 'Group';
    const height = FONT * zoom * (group ? 3 : 1.3);
    const top = group ? y - height / 2 : y + half + 3 * zoom;
    const box = { x1: x - width / 2, x2: x + width / 2, y1: top, y2: top + height };
    if (FONT * zoom < 8 && !group && !node.selected()) { hidden.push(node); continue; }
    const cells = [];
    for (let cx = Math.floor(box.x1 / CELL); cx <= Math.floor(box.x2 / CELL); cx += 1) {
      for (let cyy = Math.floor(box.y1 / CELL); cyy <= Math.floor(box.y2 / CELL); cyy += 1) cells.push(`${cx},${cyy}`);
    }
    const clash = cells.some((c) => (grid.get(c) ?? []).some((other) => overlaps(box, other)));
    if (clash && !node.selected() && !group) { hidden.push(node); continue; }
    for (const c of cells) {
      if (!grid.has(c)) grid.set(c, []);
      grid.get(c).push(box);
    }
    shown.push(node);
  }
  cy.batch(() => {
    for (const node of hidden) node.addClass('label-hidden');
    for (const node of shown) node.removeClass('label-hidden');
  });
  return { shown: shown.length, hidden: hidden.length };
}

// Place the labels again when the view settles after a pan or zoom.
export function keepLabelsApart(cy) {
  let timer = null;
  cy.on('viewport', () => {
    clearTimeout(timer);
    timer = setTimeout(() => placeLabels(cy), 120);
  });
}
