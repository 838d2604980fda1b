// Run in the explorer page by browser_render.py: draw n generated nodes, lay them out as the page
// does (force-directed; above the page's threshold, in its worker), time the first frame and the
// frame where every node has its place, then zoom in and back out with an animation for two
// seconds and count the frames. `variant` changes one of the page's drawing choices first, to measure what it
// is worth (`page`: the page as it is).
(async ({ n, variant }) => {
  const ex = window.explorer;
  const r = ex.cy.renderer();
  const VARIANTS = {
    page: () => {},
    // Without the snapshot of the graph that is moved instead of redrawn while a gesture lasts.
    'no-texture': () => { r.textureOnViewport = false; },
    // Edges drawn during the gesture too.
    'show-edges': () => { r.hideEdgesOnViewport = false; },
    'no-texture-show-edges': () => { r.textureOnViewport = false; r.hideEdgesOnViewport = false; },
    // Every style property's triggers run for an element's first style too (cytoscape.js's own way).
    'first-style-triggers': () => { delete ex.cy.style().checkTriggers; },
    // Motion blur between frames.
    'motion-blur': () => { r.motionBlurEnabled = true; r.motionBlur = true; },
    // The screen's own pixel ratio (2 on the high-density screen this variant is opened with).
    'pixel-ratio-auto': () => { r.forcedPixelRatio = null; },
    // Every label at every zoom, not only those readable and clear of others.
    'all-labels': () => {
      ex.cy.style().selector('node').style('min-zoomed-font-size', 0)
        .selector('node.label-hidden').style('label', 'data(name)').update();
    },
  };
  if (!VARIANTS[variant]) throw new Error(`no variant ${variant}`);
  ex.graph.clear();
  VARIANTS[variant]();
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const labels = ['Firm', 'Firm', 'Firm', 'Project', 'Expert', 'Association', 'Topic'];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  // The frame after the next animation frame's callbacks is painted when a task queued from them
  // runs (what cytoscape.js draws in that frame is drawn in its own callback, which came first).
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const t0 = performance.now();
  const ends = [];
  ex.cy.batch(() => {
    for (let i = 0; i < n; i++) {
      const node = { id: `n${i}`, label: labels[i % labels.length], name: `Node ${i}` };
      ex.graph.addNode(node, 'bench'); // placed by the page (its quick placement, then the layout)
      random(); random(); // the two numbers of a start position once set here: the same graph
      for (let k = 0; k < 2 && i > 0; k++) {
        const j = ends.length ? ends[Math.floor(random() * ends.length)] : 0;
        if (j !== i) ex.graph.addEdge(`n${i}`, `n${j}`, 'LINK', 'bench');
        ends.push(i, j);
      }
    }
  });
  ex.restyle();
  const t1 = performance.now();
  ex.afterStructure('all');
  const t2 = performance.now();
  await painted();
  const t3 = performance.now();
  await frame();
  const t3next = performance.now(); // and the frame after it, as this bench measured before
  // Above the page's worker threshold the first frame shows a quick placement and the layout
  // runs in a worker: wait until the nodes have their places, and paint them.
  while (document.body.dataset.layout === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await frame(); await frame();
  const t4 = performance.now();
  let frames = 0;
  let running = true;
  const count = () => { frames += 1; if (running) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  const start = performance.now();
  const centre = ex.cy.nodes()[0];
  const zoomIn = { zoom: { level: ex.cy.zoom() * 3, position: centre.position() }, duration: 1000 };
  await ex.cy.animation(zoomIn).play().promise();
  const back = { fit: { eles: ex.cy.elements(), padding: 30 }, duration: 1000 };
  await ex.cy.animation(back).play().promise();
  running = false;
  const seconds = (performance.now() - start) / 1000;
  return {
    nodes: ex.cy.nodes().length, edges: ex.cy.edges().length + (ex.graph.lines?.size ?? 0), webgl: ex.graph.webgl,
    labels: ex.cy.nodes(':visible').filter((node) => !node.hasClass('label-hidden')).length,
    add: t1 - t0, layout: t2 - t1, paint: t3 - t2, total: t3 - t0, next: t3next - t0, settled: t4 - t0,
    animated: frames / seconds,
  };
})
