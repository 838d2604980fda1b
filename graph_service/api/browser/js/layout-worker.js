// The force-directed layout of a large view, off the page's thread: the page draws the nodes at
// once where they can go without a layout, stays free to pan and zoom, and moves them to their
// places when this worker answers (Gephi Lite lays out in a worker the same way).
// A classic worker: fcose and its two packages are classic scripts, as on the page.
/* global importScripts, cytoscape, cytoscapeFcose */
importScripts(
  '/explore/vendor/cytoscape.umd.js',
  '/explore/vendor/layout-base.js',
  '/explore/vendor/cose-base.js',
  '/explore/vendor/cytoscape-fcose.js',
);
cytoscape.use(cytoscapeFcose);

// { job, nodes: [[id, width, height, x, y]], edges: [[source, target]], options }
// -> { job, positions: { id: [x, y] } }, or { job, error }.
self.onmessage = ({ data: { job, nodes, edges, options } }) => {
  try {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)' } }],
      elements: [
        ...nodes.map(([id, w, h, x, y]) => ({ data: { id, w, h }, position: { x, y } })),
        ...edges.map(([source, target], i) => ({ data: { id: `e${i}`, source, target } })),
      ],
    });
    cy.layout({
      ...options,
      name: 'fcose',
      animate: false,
      fit: false,
      nodeRepulsion: () => options.repulsion,
      idealEdgeLength: () => options.edgeLength,
    }).run();
    self.postMessage({ job, positions: apart(cy) });
  } catch (error) {
    self.postMessage({ job, error: String(error) });
  }
};

// The spectral layout (fcose's draft, for large views) gives nodes with the same ties the same
// place: such nodes are set around that place on a small sunflower, so that none hides another.
function apart(cy) {
  const at = new Map();
  cy.nodes().forEach((n) => {
    const { x, y } = n.position();
    const key = `${Math.round(x)},${Math.round(y)}`;
    if (!at.has(key)) at.set(key, []);
    at.get(key).push([n, x, y]);
  });
  const turn = Math.PI * (3 - Math.sqrt(5));
  const positions = {};
  for (const group of at.values()) {
    group.forEach(([n, x, y], k) => {
      const step = k === 0 ? 0 : Math.max(n.width(), 8) * Math.sqrt(k);
      positions[n.id()] = [x + step * Math.cos(k * turn), y + step * Math.sin(k * turn)];
    });
  }
  return positions;
}
