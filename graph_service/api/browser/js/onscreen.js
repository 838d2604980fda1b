// What the coordinator sees: the elements the filters leave on screen.
//
// The page hides an element in one way only, the `filtered-out` class (`display: none` in the
// stylesheet), on a node or on an overlay's edge; an edge through a hidden node is hidden with
// it. So this answers as cytoscape.js's `:visible` does (a browser test compares them after the
// filters and the time slider), without computing the style of every element it looks at: for a
// new view those styles are computed once, in bulk, by the frame that draws them.

const HIDDEN = 'filtered-out';

export function isShown(ele) {
  if (ele.hasClass(HIDDEN)) return false;
  return ele.isNode() || (!ele.source().hasClass(HIDDEN) && !ele.target().hasClass(HIDDEN));
}

// `group`: 'nodes', 'edges' or (by default) both; a cytoscape.js collection.
export function onScreen(cy, group = null) {
  const shown = [];
  if (group !== 'edges') {
    const nodes = cy.nodes();
    for (let i = 0; i < nodes.length; i += 1) if (!nodes[i].hasClass(HIDDEN)) shown.push(nodes[i]);
  }
  if (group !== 'nodes') {
    const edges = cy.edges();
    for (let i = 0; i < edges.length; i += 1) if (isShown(edges[i])) shown.push(edges[i]);
  }
  return cy.collection(shown);
}
