// The plain links of a view, drawn by the page on a canvas under cytoscape.js's own.
//
// A link that is only a grey line (no path, bridge or suggestion on it, not next to the node
// pointed at) needs nothing of what cytoscape.js does for an element: a style, rendered
// positions, a box, a place in the drawing order. With the canvas renderer those cost as much
// as the line is worth: in a view of 5,000 nodes and 10,000 links they were about three fifths
// of the time before the first frame. Here a link is a record, and all of them are one path,
// stroked in one go. Graph (graph.js) hands a link to cytoscape.js as an element when it needs
// to be one (`take`): when something marks it, when a node it touches is pointed at or
// selected, and before a layout that cytoscape.js computes itself (every layout of a small
// view: only the force-directed layout of a large one runs in the worker, on these records).

import { isShown } from './onscreen.js';
import { LINK } from './styles.js';

const GESTURE_QUIET_MS = 160;

export class Lines {
  constructor(cy) {
    this.cy = cy;
    this.byId = new Map(); // id -> { id, type, source, target } (source, target: cytoscape nodes)
    this.byNode = new Map(); // node id -> Set of link ids
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', pointerEvents: 'none', zIndex: '0' });
    const container = cy.container();
    container?.insertBefore(this.canvas, container.firstChild);
    this.gestureAt = 0;
    this.faded = false;
    this.timer = null;
    // While a wheel, a drag or a pinch moves the view, cytoscape.js moves a picture of the
    // frame and draws no links (`hideEdgesOnViewport`); these are hidden alike while the view
    // moves (so also during an animation of the view), and drawn again when it stands still. A
    // node dragged moves its links, drawn as it goes.
    this.dragging = false;
    cy.on('grab', () => { this.dragging = true; });
    cy.on('free', () => { this.dragging = false; });
    const moving = (e) => {
      if (this.dragging || (e.type === 'mousemove' && !e.buttons)) return;
      this.gestureAt = performance.now();
      this.hide();
    };
    for (const type of ['wheel', 'mousemove', 'touchmove']) container?.addEventListener(type, moving, { passive: true, capture: true });
    // Drawn again after a frame of cytoscape.js's when something they depend on has changed.
    this.dirty = true;
    // (Links taken out or added as elements come with an `add` or `remove` of cytoscape.js's.)
    cy.on('position viewport class add remove resize', () => { this.dirty = true; });
    cy.on('render', () => {
      if (cy.animated()) this.hide();
      else if (this.dirty && performance.now() - this.gestureAt > GESTURE_QUIET_MS) this.draw();
    });
  }

  hide() {
    this.canvas.style.visibility = 'hidden';
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.cy.animated()) this.hide();
      else this.draw();
    }, GESTURE_QUIET_MS);
  }

  get size() {
    return this.byId.size;
  }

  has(id) {
    return this.byId.has(id);
  }

  add(id, type, source, target) {
    if (this.byId.has(id)) return;
    this.byId.set(id, { id, type, source, target });
    for (const node of [source.id(), target.id()]) {
      let set = this.byNode.get(node);
      if (!set) this.byNode.set(node, (set = new Set()));
      set.add(id);
    }
  }

  // Take links out (to be elements of cytoscape.js, or gone): their records.
  take(ids) {
    const taken = [];
    for (const id of ids) {
      const line = this.byId.get(id);
      if (!line) continue;
      this.byId.delete(id);
      for (const node of [line.source.id(), line.target.id()]) {
        const set = this.byNode.get(node);
        set?.delete(id);
        if (set && !set.size) this.byNode.delete(node);
      }
      taken.push(line);
    }
    if (taken.length) this.dirty = true;
    return taken;
  }

  of(nodeId) {
    return [...(this.byNode.get(nodeId) ?? [])];
  }

  all() {
    return this.byId.values();
  }

  clear() {
    this.byId.clear();
    this.byNode.clear();
    this.dirty = true;
  }

  // While a pointed-at node fades the rest of a small view, its links fade too.
  fade(on) {
    if (this.faded === on) return;
    this.faded = on;
    this.dirty = true;
  }

  static shown(line) {
    return !line.source.removed() && !line.target.removed() && isShown(line.source) && isShown(line.target);
  }

  shownCount() {
    let count = 0;
    for (const line of this.byId.values()) if (Lines.shown(line)) count += 1;
    return count;
  }

  // Every link as one path, in the view's coordinates.
  drawOn(g, zoom, pan) {
    g.save();
    g.setTransform(zoom, 0, 0, zoom, pan.x, pan.y);
    g.beginPath();
    for (const line of this.byId.values()) {
      if (!Lines.shown(line)) continue;
      const a = line.source.position();
      const b = line.target.position();
      g.moveTo(a.x, a.y);
      g.lineTo(b.x, b.y);
    }
    g.lineWidth = LINK.width;
    g.strokeStyle = LINK.colour;
    g.globalAlpha = this.faded ? LINK.faded : LINK.opacity;
    g.stroke();
    g.restore();
  }

  draw() {
    const { canvas, cy } = this;
    this.dirty = false;
    const width = cy.width();
    const height = cy.height();
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    canvas.style.visibility = '';
    if (this.byId.size) this.drawOn(g, cy.zoom(), cy.pan());
  }
}
