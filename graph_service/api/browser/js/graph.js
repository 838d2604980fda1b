// The graph on screen: cytoscape.js plus the bookkeeping of why each element is there, so that
// collapsing an expansion removes exactly what it brought and nothing another step still needs.

import cytoscape from '/explore/vendor/cytoscape.mjs';
import { LABEL_COLOURS, MIN_SIZE, stylesheet } from './styles.js';

// fcose (loaded as a classic script, before this module) is the force-directed layout: cytoscape's
// own cose needs minutes for 2,000 nodes. It starts from a spectral layout, then refines.
cytoscape.use(window.cytoscapeFcose);

const LAYOUTS = {
  cose: (n) => ({
    name: 'fcose', animate: false, randomize: true, quality: n > 1000 ? 'draft' : 'default',
    nodeRepulsion: () => 6000, idealEdgeLength: () => 60, numIter: 2500, packComponents: true,
  }),
  concentric: () => ({ name: 'concentric', animate: false, minNodeSpacing: 12 }),
  breadthfirst: () => ({ name: 'breadthfirst', animate: false, spacingFactor: 1.1, directed: false }),
};

// One edge per relationship type and pair of nodes, whichever direction it is met in first.
export function edgeId(type, a, b) {
  return a < b ? `${type}:${a}|${b}` : `${type}:${b}|${a}`;
}

export class Graph {
  constructor(container) {
    this.origins = new Map(); // element id -> Set of the steps that brought it
    this.cy = cytoscape({
      container,
      style: stylesheet,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Keeps panning and zooming smooth with thousands of elements on screen.
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      pixelRatio: 1,
    });
  }

  _hold(id, origin) {
    let set = this.origins.get(id);
    if (!set) this.origins.set(id, (set = new Set()));
    set.add(origin);
  }

  addNode({ id, label, name }, origin) {
    let node = this.cy.getElementById(id);
    if (node.empty()) {
      node = this.cy.add({
        group: 'nodes',
        data: { id, label, name, colour: LABEL_COLOURS[label] ?? '#999', size: MIN_SIZE },
      });
    }
    this._hold(id, origin);
    return node;
  }

  addEdge(source, target, type, origin, classes = '', extra = {}) {
    const id = classes.includes('opportunity') ? `opportunity:${source}|${target}` : edgeId(type, source, target);
    let edge = this.cy.getElementById(id);
    if (edge.empty()) {
      edge = this.cy.add({ group: 'edges', data: { id, source, target, type, ...extra } });
    }
    if (classes) edge.addClass(classes);
    this._hold(id, origin);
    return edge;
  }

  // A walk from a path analysis: nodes[i] and nodes[i + 1] joined by relationships[i].
  addPath(path, origin, classes) {
    path.nodes.forEach((node) => this.addNode(node, origin).addClass(classes));
    path.relationships.forEach((type, i) => {
      this.addEdge(path.nodes[i].id, path.nodes[i + 1].id, type, origin, classes);
    });
  }

  // Take back what a step brought; elements still held by another step stay.
  release(origin, keep = []) {
    const gone = [];
    for (const [id, set] of this.origins) {
      if (set.delete(origin) && set.size === 0 && !keep.includes(id)) gone.push(id);
    }
    this.cy.batch(() => {
      for (const id of gone) {
        this.origins.delete(id);
        this.cy.getElementById(id).remove();
      }
    });
    // Edges whose ends were removed went with them.
    for (const id of [...this.origins.keys()]) {
      if (this.cy.getElementById(id).empty()) this.origins.delete(id);
    }
  }

  clearClass(classes) {
    this.cy.elements(`.${classes}`).removeClass(classes);
  }

  clear() {
    this.cy.elements().remove();
    this.origins.clear();
  }

  layout(name, selected) {
    const visible = this.cy.elements(':visible');
    if (visible.empty()) return;
    const options = LAYOUTS[name]?.(visible.nodes().length) ?? LAYOUTS.cose(visible.nodes().length);
    if (selected && !selected.empty()) {
      if (name === 'concentric') {
        const distance = hopDistances(visible, selected);
        options.concentric = (node) => 100 - (distance.get(node.id()) ?? 99);
        options.levelWidth = () => 1;
      }
      if (name === 'breadthfirst') options.roots = selected;
    }
    visible.layout(options).run();
    this.cy.fit(visible, 30);
    if (this.cy.zoom() > 1.2) { // a handful of nodes should not fill the screen
      this.cy.zoom(1.2);
      this.cy.center(visible);
    }
  }

  // Hovering fades everything else; a selection only marks its neighbours, so that the rest of
  // the view (a path, the bridge) stays readable.
  highlightNeighbours(node, fade = false) {
    this.cy.batch(() => {
      this.cy.elements().removeClass('faded neighbour highlight');
      if (!node) return;
      const hood = node.closedNeighborhood();
      if (fade) this.cy.elements().not(hood).addClass('faded');
      hood.nodes().not(node).addClass('neighbour');
      hood.edges().addClass('highlight');
    });
  }

  // What is drawn, as a coordinator sees it (also what the CSV export writes).
  snapshot() {
    const visible = (el) => el.visible();
    return {
      nodes: this.cy.nodes().map((n) => ({
        id: n.id(), label: n.data('label'), name: n.data('name'), size: n.data('size'),
        colour: n.data('colour'), classes: n.classes(), visible: visible(n),
      })),
      edges: this.cy.edges().map((e) => ({
        id: e.id(), source: e.data('source'), target: e.data('target'), type: e.data('type'),
        classes: e.classes(), visible: visible(e), note: e.data('note') ?? null,
      })),
    };
  }
}

function hopDistances(elements, root) {
  const distance = new Map();
  elements.breadthFirstSearch({
    roots: root,
    visit: (v, e, u, i, depth) => { distance.set(v.id(), depth); },
  });
  return distance;
}
