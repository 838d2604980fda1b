// Run in the explorer page by browser_render.py: draw n generated nodes, lay them out as the page
// does (force-directed), time it, then pan and zoom for two seconds and count the frames.
(async (n) => {
  const ex = window.explorer;
  ex.graph.clear();
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const labels = ['Firm', 'Firm', 'Firm', 'Project', 'Expert', 'Association', 'Topic'];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const t0 = performance.now();
  const ends = [];
  ex.cy.batch(() => {
    for (let i = 0; i < n; i++) {
      const node = { id: `n${i}`, label: labels[i % labels.length], name: `Node ${i}` };
      ex.graph.addNode(node, 'bench');
      ex.cy.getElementById(`n${i}`).position({ x: random() * 2000, y: random() * 2000 });
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
  await frame(); await frame();
  const t3 = performance.now();
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
    nodes: ex.cy.nodes().length, edges: ex.cy.edges().length, webgl: ex.graph.webgl,
    add: t1 - t0, layout: t2 - t1, paint: t3 - t2, total: t3 - t0, fps: frames / seconds,
  };
})
