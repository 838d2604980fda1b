// The graph on screen: cytoscape.js plus the bookkeeping of why each element is there, so that
// collapsing an expansion removes exactly what it brought and nothing another step still needs.

import cytoscape from '/explore/vendor/cytoscape.mjs';
import { phrase } from './i18n.js';
import { keepLabelsApart, placeLabels } from './labels.js';
import { Lines } from './lines.js';
import { isShown, onScreen } from './onscreen.js';
import { LABEL_COLOURS, MIN_SIZE, stylesheet } from './styles.js';

// fcose (loaded as a classic script, before this module) is the force-directed layout: cytoscape's
// own cose needs minutes for 2,000 nodes. It starts from a spectral layout, then refines.
cytoscape.use(window.cytoscapeFcose);

const REPULSION = 6000;
const EDGE_LENGTH = 60;

const LAYOUTS = {
  // Above 1,000 nodes the spectral step alone ('draft'): the refinement would take seconds. Its
  // spread grows with the graph (nodeSeparation, per step of distance), so that thousands of
  // nodes are not drawn on top of each other in a few hundred pixels.
  cose: (n) => ({
    name: 'fcose', animate: false, randomize: true, quality: n > 1000 ? 'draft' : 'default',
    nodeRepulsion: () => REPULSION, idealEdgeLength: () => EDGE_LENGTH, numIter: 2500, packComponents: true,
    nodeSeparation: n > 1000 ? 8 * Math.sqrt(n) : 75,
  }),
  concentric: () => ({ name: 'concentric', animate: false, minNodeSpacing: 12 }),
  breadthfirst: () => ({ name: 'breadthfirst', animate: false, spacingFactor: 1.1, directed: false }),
};

const FADE_LIMIT = 2000;

// Above this many nodes the force-directed layout runs in a worker (layout-worker.js): it takes
// seconds there, during which the page shows the nodes where a quick placement puts them and
// stays free to pan and zoom; they move to their places when the worker answers.
export const WORKER_FROM = 400;
const SPIRAL_STEP = 28; // px between neighbouring places of the quick placement

// One edge per relationship type and pair of nodes, whichever direction it is met in first.
export function edgeId(type, a, b) {
  return a < b ? `${type}:${a}|${b}` : `${type}:${b}|${a}`;
}

// cytoscape.js's WebGL renderer draws large graphs many times faster on a graphics card; drawn in
// software (SwiftShader, llvmpipe: a machine or a browser without GPU) it is ten times slower than
// the canvas renderer, which then draws instead, as it does where there is no WebGL2.
// `?renderer=webgl` or `?renderer=canvas` in the address chooses either.
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software/i;

export function webglAvailable() {
  const asked = new URLSearchParams(location.search).get('renderer');
  if (asked === 'canvas') return false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    if (asked === 'webgl') return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return !SOFTWARE_GL.test(String(renderer));
  } catch {
    return false;
  }
}

// cytoscape.js (3.34, pinned) runs the triggers of every style property it sets: each one drops
// the cached style of the element and of its edges, and their boxes. When an element receives
// its first style nothing has been derived from it yet (its box, its visibility and its edges'
// ends are all computed from its style, which computes the style first), so there is nothing
// to drop: for 5,000 nodes and 10,000 edges those triggers were half the time spent on styles.
// An edge's first style still tells its parallel edges, whose curves spread to make room for it;
// every later change runs all the triggers.
function firstStyleWithoutTriggers(cy) {
  const style = cy.style();
  const checkTriggers = style.checkTriggers;
  if (typeof checkTriggers !== 'function' || typeof style.checkParallelEdgesBoundsTrigger !== 'function') return;
  style.checkTriggers = function (ele, name, fromValue, toValue) {
    if (ele._private.appliedInitStyle) return checkTriggers.call(this, ele, name, fromValue, toValue);
    ele._private.styleCache = null;
    if (ele.isEdge()) this.checkParallelEdgesBoundsTrigger(ele, name, fromValue, toValue);
    return undefined;
  };
}

// A relationship as an element of cytoscape.js; `phrase` reads it in the page's language.
function edgeElement(id, source, target, type, extra = {}) {
  return { group: 'edges', data: { id, source, target, type, phrase: phrase(type), ...extra } };
}

export class Graph {
  constructor(container) {
    this.origins = new Map(); // element id -> Set of the steps that brought it
    this.layoutJob = 0; // the latest layout: the worker's answers to earlier ones are dropped
    this.webgl = webglAvailable();
    this.cy = cytoscape({
      container,
      style: stylesheet,
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Keeps panning and zooming smooth with thousands of elements on screen.
      hideEdgesOnViewport: !this.webgl,
      textureOnViewport: !this.webgl,
      pixelRatio: this.webgl ? 'auto' : 1,
      webgl: this.webgl,
    });
    firstStyleWithoutTriggers(this.cy);
    keepLabelsApart(this.cy);
    // The plain links are drawn by the page where cytoscape.js draws on a canvas; its WebGL
    // renderer, on a graphics card, draws them as fast itself.
    this.lines = this.webgl ? null : new Lines(this.cy);
  }

  _hold(id, origin) {
    let set = this.origins.get(id);
    if (!set) this.origins.set(id, (set = new Set()));
    set.add(origin);
  }

  addNode({ id, label, name, ...extra }, origin) {
    let node = this.cy.getElementById(id);
    if (node.empty()) {
      // In a large view a new node's label waits for placeLabels to find it room: thousands of
      // labels would be measured and drawn only to be hidden again.
      node = this.cy.add({
        group: 'nodes',
        data: { id, label, name, colour: LABEL_COLOURS[label] ?? '#999', size: MIN_SIZE, ...extra },
        classes: this.origins.size >= WORKER_FROM ? 'label-hidden' : '',
      });
    }
    this._hold(id, origin);
    return node;
  }

  // `source` → `target` as the relationship is written; `phrase` reads it in the page's language.
  // A plain link (no classes, nothing extra) is drawn by the page (lines.js) and null is returned;
  // otherwise the element of cytoscape.js.
  addEdge(source, target, type, origin, classes = '', extra = {}) {
    const id = classes.includes('opportunity') ? `opportunity:${source}|${target}` : edgeId(type, source, target);
    let edge = this.cy.getElementById(id);
    if (edge.empty()) {
      const [a, b] = [this.cy.getElementById(source), this.cy.getElementById(target)];
      if (this.lines && !classes && !Object.keys(extra).length && a.nonempty() && b.nonempty()) {
        this.lines.add(id, type, a, b);
        this._hold(id, origin);
        return null;
      }
      edge = this.lines?.has(id) ? this.asElements([id]) : this.cy.add(edgeElement(id, source, target, type, extra));
    }
    if (classes) edge.addClass(classes);
    this._hold(id, origin);
    return edge;
  }

  // Links drawn by the page become elements of cytoscape.js: something marks them, the node
  // they touch is pointed at, or a layout of cytoscape.js's own needs them.
  asElements(ids) {
    const taken = this.lines ? this.lines.take(ids) : [];
    if (!taken.length) return this.cy.collection();
    return this.cy.add(taken.map((l) => edgeElement(l.id, l.source.id(), l.target.id(), l.type)));
  }

  // Every link on screen, as [source id, target id], whichever way it is drawn.
  links() {
    const out = onScreen(this.cy, 'edges').map((e) => [e.source().id(), e.target().id()]);
    if (this.lines) for (const l of this.lines.all()) if (Lines.shown(l)) out.push([l.source.id(), l.target.id()]);
    return out;
  }

  linkCount() {
    return onScreen(this.cy, 'edges').length + (this.lines?.shownCount() ?? 0);
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
        if (this.lines?.has(id)) this.lines.take([id]);
        else this.cy.getElementById(id).remove();
      }
    });
    // Edges whose ends were removed went with them.
    this.lines?.take(gone.flatMap((id) => this.lines.of(id)));
    for (const id of [...this.origins.keys()]) {
      if (this.cy.getElementById(id).empty() && !this.lines?.has(id)) this.origins.delete(id);
    }
  }

  edgeBetween(type, a, b) {
    const id = edgeId(type, a, b);
    if (this.lines?.has(id)) this.asElements([id]);
    return this.cy.getElementById(id);
  }

  heldOnlyBy(id, origin) {
    const set = this.origins.get(id);
    return Boolean(set && set.size === 1 && set.has(origin));
  }

  clearClass(classes) {
    this.cy.elements(`.${classes}`).removeClass(classes);
  }

  clear() {
    this.cy.elements().remove();
    this.lines?.clear();
    this.origins.clear();
  }

  // `fresh`: 'all' lays out everything; a list of new node ids places only those: they start on
  // a ring around the node they came from and the force-directed layout places them around the
  // others, which stay exactly where the coordinator saw them; nothing new, nothing moves.
  // A whole force-directed layout of more than WORKER_FROM nodes runs in the worker.
  layout(name, selected, fresh = null) {
    let visible = onScreen(this.cy);
    if (visible.empty()) return;
    const nodes = visible.nodes();
    const everything = fresh === 'all' || (Array.isArray(fresh) && fresh.length >= nodes.length);
    if ((name ?? 'cose') === 'cose' && everything && nodes.length > WORKER_FROM && typeof Worker !== 'undefined') {
      this.layoutJob += 1; // an answer for an earlier view is dropped
      this.cy.batch(() => { // placeLabels decides
        for (let i = 0; i < nodes.length; i += 1) if (!nodes[i].hasClass('label-hidden')) nodes[i].addClass('label-hidden');
      });
      this.placeQuickly(nodes);
      this.layoutInWorker(visible, this.layoutJob);
      return;
    }
    const placed = Array.isArray(fresh) ? fresh.filter((id) => { const n = this.cy.getElementById(id); return n.nonempty() && isShown(n); }) : [];
    if (fresh !== 'all' && !placed.length) { this.fit(); return; }
    // cytoscape.js's own layouts see only its elements: the new nodes' links, or all of them.
    if (this.lines?.size) {
      const partial = fresh !== 'all' && placed.length < nodes.length;
      this.asElements(partial ? placed.flatMap((id) => this.lines.of(id)) : [...this.lines.all()].map((l) => l.id));
      visible = onScreen(this.cy);
    }
    this.layoutJob += 1; // an answer for an earlier view is dropped
    if (fresh !== 'all' && placed.length < nodes.length) {
      const kept = nodes.filter((n) => !placed.includes(n.id()));
      const before = new Map(kept.map((n) => [n.id(), { ...n.position() }]));
      const options = {
        ...LAYOUTS.cose(nodes.length), randomize: false, quality: 'default', numIter: 1000, fit: false,
        fixedNodeConstraint: kept.map((n) => ({ nodeId: n.id(), position: before.get(n.id()) })),
      };
      visible.layout(options).run();
      // The constraints keep the old nodes' relative places; put them back exactly, moving the
      // fresh ones by the same shift.
      const first = kept[0];
      const dx = before.get(first.id()).x - first.position('x');
      const dy = before.get(first.id()).y - first.position('y');
      this.cy.batch(() => {
        nodes.forEach((n) => {
          const was = before.get(n.id());
          n.position(was ?? { x: n.position('x') + dx, y: n.position('y') + dy });
        });
      });
      this.fit();
      return;
    }
    const options = LAYOUTS[name]?.(nodes.length) ?? LAYOUTS.cose(nodes.length);
    if (selected && !selected.empty()) {
      if (name === 'concentric') {
        const distance = hopDistances(visible, selected);
        options.concentric = (node) => 100 - (distance.get(node.id()) ?? 99);
        options.levelWidth = () => 1;
      }
      if (name === 'breadthfirst') options.roots = selected;
    }
    // Room for the labels: hierarchical rows and concentric rings spread with the longest name.
    if (name !== 'cose') options.spacingFactor = nodes.length > 30 ? 1.6 : 1.3;
    visible.layout(options).run();
    this.fit();
  }

  // Where the nodes go until the layout answers: in breadth-first order from the best linked
  // node, on a sunflower spiral (each place as far from the last as from its other neighbours),
  // so that what is linked starts near and nothing starts on top of anything else.
  placeQuickly(nodes) {
    const ids = nodes.map((n) => n.id());
    const at = new Map(ids.map((id, i) => [id, i]));
    const next = ids.map(() => []);
    for (const [source, target] of this.links()) {
      const a = at.get(source);
      const b = at.get(target);
      if (a !== undefined && b !== undefined) { next[a].push(b); next[b].push(a); }
    }
    const order = [];
    const seen = new Uint8Array(ids.length);
    const starts = ids.map((_, i) => i).sort((a, b) => next[b].length - next[a].length);
    for (const start of starts) {
      if (seen[start]) continue;
      seen[start] = 1;
      order.push(start);
      for (let head = order.length - 1; head < order.length; head += 1) {
        for (const other of next[order[head]]) {
          if (!seen[other]) { seen[other] = 1; order.push(other); }
        }
      }
    }
    const turn = Math.PI * (3 - Math.sqrt(5)); // the golden angle
    this.cy.batch(() => {
      order.forEach((i, k) => {
        const r = SPIRAL_STEP * Math.sqrt(k);
        nodes[i].position({ x: r * Math.cos(k * turn), y: r * Math.sin(k * turn) });
      });
    });
    // The view of the whole spiral, without measuring every element's box.
    const reach = SPIRAL_STEP * Math.sqrt(order.length) + MIN_SIZE;
    const { width, height } = this.cy.container()?.getBoundingClientRect() ?? { width: 800, height: 600 };
    const zoom = Math.min(1.2, (Math.min(width, height) - 60) / (2 * reach));
    this.cy.viewport({ zoom, pan: { x: width / 2, y: height / 2 } });
    placeLabels(this.cy);
  }

  // The force-directed layout of the view in the worker, once the first frame is painted (the
  // nodes' sizes come from their styles, which painting computes anyway; a task queued from the
  // frame's callbacks runs after its paint, so the frame does not wait for the message to be
  // built). `document.body.dataset.layout` says 'running', then 'settled' when the nodes have
  // their places.
  layoutInWorker(visible, job) {
    document.body.dataset.layout = 'running';
    requestAnimationFrame(() => setTimeout(() => {
      if (job !== this.layoutJob) return;
      const nodes = visible.nodes().filter((n) => n.inside());
      const inside = new Set(nodes.map((n) => n.id()));
      const links = this.links().filter(([a, b]) => inside.has(a) && inside.has(b));
      const options = LAYOUTS.cose(nodes.length);
      this.worker ??= new Worker('/explore/static/js/layout-worker.js');
      this.worker.onmessage = ({ data }) => this.settle(data);
      this.worker.postMessage({
        job,
        nodes: nodes.map((n) => [n.id(), n.outerWidth(), n.outerHeight(), n.position('x'), n.position('y')]),
        edges: links,
        options: {
          quality: options.quality, randomize: true, numIter: options.numIter,
          packComponents: options.packComponents, nodeSeparation: options.nodeSeparation,
          repulsion: REPULSION, edgeLength: EDGE_LENGTH, // functions do not pass to a worker
        },
      });
    }, 0));
  }

  settle({ job, positions, error }) {
    if (job !== this.layoutJob) return; // the view changed meanwhile: a newer layout follows
    document.body.dataset.layout = 'settled';
    if (error) return; // the quick placement stays: readable, if not laid out
    this.cy.batch(() => {
      for (const [id, [x, y]] of Object.entries(positions)) {
        const node = this.cy.getElementById(id);
        if (node.inside()) node.position({ x, y });
      }
    });
    this.fit();
  }

  fit() {
    const visible = onScreen(this.cy);
    this.cy.fit(visible, 30);
    if (this.cy.zoom() > 1.2) { // a handful of nodes should not fill the screen
      this.cy.zoom(1.2);
      this.cy.center(visible);
    }
    placeLabels(this.cy);
  }

  positions() {
    return Object.fromEntries(this.cy.nodes().map((n) => [n.id(), [Math.round(n.position('x')), Math.round(n.position('y'))]]));
  }

  // Hovering fades everything else; a selection only marks its neighbours, so that the rest of
  // the view (a path, the bridge) stays readable.
  // Fading restyles every element on screen: above FADE_LIMIT elements a hover only marks the
  // neighbours (fading thousands of elements costs more than a frame, on every hover).
  highlightNeighbours(node, fade = false) {
    if (node && this.lines) this.asElements(this.lines.of(node.id())); // its links, marked below
    const fading = Boolean(node && fade && this.cy.elements().length + (this.lines?.size ?? 0) <= FADE_LIMIT);
    this.lines?.fade(fading);
    this.cy.batch(() => {
      this.cy.elements('.faded, .neighbour, .highlight').removeClass('faded neighbour highlight');
      if (!node) return;
      const hood = node.closedNeighborhood();
      if (fading) this.cy.elements().not(hood).addClass('faded');
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
      })).concat([...(this.lines?.all() ?? [])].map((l) => ({
        id: l.id, source: l.source.id(), target: l.target.id(), type: l.type,
        classes: [], visible: Lines.shown(l), note: null,
      }))),
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
