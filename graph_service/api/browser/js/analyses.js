// What the analytics and the styling rules add to the view: sizes, colours, brokers, paths,
// suggested collaborations and the bridge to the other hub. Methods of the explorer.

import { queries } from './api.js';
import { t } from './i18n.js';
import { LABEL_COLOURS, OTHER_COLOUR, groupSize, paletteColour, sizeFor } from './styles.js';
import { $ } from './ui.js';

// Sizes from a centrality come from the service; these from the nodes' own properties.
export const PROPERTY_SIZES = ['investment', 'representedFirms'];

// Colour rules by a property: the value of a node (its first association or topic for those).
export const CATEGORY_OF = {
  sector: (f) => f.sector ?? null,
  town: (f) => f.town ?? null,
  size: (f) => f.size ?? null,
  status: (f) => f.status ?? null,
  association: (f, id, label) => (label === 'Association' ? id : [...(f.associations ?? [])].sort()[0] ?? null),
  topic: (f, id, label) => (label === 'Topic' ? id : [...(f.topics ?? [])].sort()[0] ?? null),
};

export const analysisActions = {
  async setSize(measure) {
    this.state.size = measure;
    $('size-by').value = measure;
    if (measure && !PROPERTY_SIZES.includes(measure) && !this.analytics.scores.has(measure)) {
      const data = await this.status.busy(t('analysis.busy', { what: t(`size.${measure}`) }), () => this.api.query(queries.centrality, { measure: measure.toUpperCase() }));
      if (!data) { this.state.size = ''; $('size-by').value = ''; return; }
      const result = data.centrality.result;
      this.noteVersion(data.centrality.graphVersion);
      this.analytics.scores.set(measure, { result, byId: new Map(result.entries.map((e) => [e.id, e.score])) });
    }
    this.restyle();
    this.afterStyle();
  },

  async setColour(mode) {
    this.state.colour = mode;
    $('colour-by').value = mode;
    if (mode === 'community' && !this.analytics.communities) {
      const data = await this.status.busy(t('communities.busy'), () => this.api.query(queries.communities));
      if (!data) { this.state.colour = 'label'; $('colour-by').value = 'label'; return; }
      this.noteVersion(data.communities.graphVersion);
      const byId = new Map();
      for (const c of data.communities.result.communities) for (const m of c.members) byId.set(m, c);
      this.analytics.communities = { result: data.communities.result, byId };
    }
    this.restyle();
    this.afterStyle();
  },

  async setBrokers(on) {
    this.state.brokers = on;
    if (on && !this.analytics.brokers) {
      const data = await this.status.busy(t('brokers.busy'), () => this.api.query(queries.brokers));
      if (!data) { this.state.brokers = false; $('show-brokers').checked = false; return; }
      this.analytics.brokers = new Set(data.brokers.result.entries.map((e) => e.id));
    }
    this.restyle();
    this.afterStyle();
  },

  afterStyle() {
    if (this.restoring) return;
    this.renderLegend();
    this.graph.fit();
    this.writeUrl();
  },

  async showPath(source, target) {
    this.graph.release('path');
    this.graph.clearClass('path');
    this.overlays.path = null;
    this.state.path = null;
    if (!source || !target) return this.changed();
    this.pathEnds = [source, target];
    const data = await this.status.busy(t('paths.busy'), () => this.api.query(queries.paths, { source, target }));
    if (!data) return undefined;
    const result = data.shortestPaths.result;
    this.noteVersion(data.shortestPaths.graphVersion);
    this.state.path = [source, target];
    this.overlays.path = { result, paths: result.paths, blocked: [] };
    const fresh = result.paths.flatMap((p) => p.nodes.map((n) => n.id)).filter((id) => this.cy.getElementById(id).empty());
    result.paths.forEach((path) => this.graph.addPath(path, 'path', ''));
    return this.changed(fresh);
  },

  async showOpportunities(firm) {
    this.graph.release('opportunities');
    this.suggestions = null;
    this.state.opp = null;
    if (!firm) return this.changed();
    const data = await this.status.busy(t('suggest.busy'), () => this.api.query(queries.opportunities, { firm }));
    if (!data) return undefined;
    const result = data.collaborationOpportunities.result;
    this.noteVersion(data.collaborationOpportunities.graphVersion);
    this.state.opp = firm;
    this.suggestions = result;
    const fresh = [];
    for (const [i, s] of result.suggestions.entries()) {
      for (const end of [s.source, s.target]) {
        if (this.cy.getElementById(end.id).empty()) fresh.push(end.id);
        this.graph.addNode(end, 'opportunities');
      }
      // `#n`: its number in the panel's list.
      this.graph.addEdge(s.source.id, s.target.id, 'SUGGESTED', 'opportunities', 'opportunity', {
        note: `#${i + 1}`, suggestion: s,
      });
    }
    await this.changed(fresh);
    return this.renderDetails();
  },

  async showBridge(on = true) {
    this.graph.release('bridge');
    this.graph.clearClass('bridge');
    this.graph.clearClass('candidate');
    this.bridge = null;
    this.overlays.bridge = null;
    this.state.bridge = false;
    if (!on) return this.changed();
    const data = await this.status.busy(t('bridge.busy'), () => this.api.query(queries.bridge));
    if (!data) return undefined;
    const result = data.bridgeCandidates.result;
    this.noteVersion(data.bridgeCandidates.graphVersion);
    this.state.bridge = true;
    this.bridge = result;
    const before = new Set(this.cy.nodes().map((n) => n.id()));
    this.graph.addNode(result.homeHub, 'bridge');
    this.graph.addNode(result.otherHub, 'bridge');
    result.shortestPaths.forEach((path) => this.graph.addPath(path, 'bridge', ''));
    for (const c of result.candidates) {
      this.graph.addNode(c.node, 'bridge');
      if (c.example) this.graph.addPath(c.example, 'bridge', '');
    }
    this.overlays.bridge = { paths: result.shortestPaths, blocked: [] };
    await this.changed(this.cy.nodes().map((n) => n.id()).filter((id) => !before.has(id)));
    await this.renderDetails();
    $('bridge-panel')?.scrollIntoView({ block: 'start' });
    return undefined;
  },

  // A path through a hidden node is not drawn, and what it alone brought is hidden with it.
  overlayVisibility(passes) {
    const ok = (id) => { const n = this.cy.getElementById(id); return !n.empty() && passes(n); };
    this.cy.batch(() => {
      for (const [name, cls] of [['path', 'path'], ['bridge', 'bridge']]) {
        this.graph.clearClass(cls);
        const overlay = this.overlays[name];
        if (!overlay) continue;
        overlay.blocked = overlay.paths.map((p) => !p.nodes.every((n) => ok(n.id)));
        const carried = new Set();
        overlay.paths.forEach((p, i) => {
          if (overlay.blocked[i]) return;
          p.nodes.forEach((n) => { carried.add(n.id); this.cy.getElementById(n.id).addClass(cls); });
          p.relationships.forEach((type, j) => {
            this.graph.edgeBetween(type, p.nodes[j].id, p.nodes[j + 1].id).addClass(cls);
          });
        });
        overlay.paths.forEach((p, i) => {
          if (!overlay.blocked[i]) return;
          for (const n of p.nodes) {
            if (!carried.has(n.id) && this.graph.heldOnlyBy(n.id, name)) this.cy.getElementById(n.id).addClass('filtered-out');
          }
        });
      }
      if (this.bridge) {
        for (const c of this.bridge.candidates) this.cy.getElementById(c.node.id).toggleClass('candidate', ok(c.node.id));
      }
    });
  },

  restyle() {
    const { size, colour } = this.state;
    const byProperty = PROPERTY_SIZES.includes(size);
    const scores = size && !byProperty ? this.analytics.scores.get(size)?.byId : null;
    const valueOf = (id) => (byProperty ? this.filters.facetsOf(id)[size] : scores?.get(id));
    let max = 0;
    if (size) this.cy.nodes().forEach((n) => { max = Math.max(max, valueOf(n.id()) ?? 0); });
    const communities = colour === 'community' ? this.analytics.communities : null;
    const rule = CATEGORY_OF[colour];
    const categories = rule ? this.categories() : null;
    // Only what changes is set: cytoscape.js restyles a node whose data is set, even to the value
    // it had, and a view of thousands of nodes drawn for the first time already has its colours.
    const set = (node, key, value) => { if (node.data(key) !== value) node.data(key, value); };
    this.cy.batch(() => {
      this.cy.nodes().forEach((node) => {
        const id = node.id();
        const label = node.data('label');
        if (label === 'Group') {
          set(node, 'size', groupSize(node.data('count')));
          return;
        }
        set(node, 'size', sizeFor(size ? valueOf(id) : null, max));
        let fill = LABEL_COLOURS[label] ?? '#999';
        if (communities) fill = paletteColour(communities.byId.get(id)?.index);
        if (rule) {
          const value = rule(this.filters.facetsOf(id), id, label);
          fill = value == null ? OTHER_COLOUR : paletteColour(categories.indexOf(value));
        }
        set(node, 'colour', fill);
        node.toggleClass('broker', Boolean(this.state.brokers && this.analytics.brokers?.has(id)));
      });
    });
  },

  // The values of the colour rule among the nodes on screen, most frequent first (so the first
  // colours of the palette go to the largest categories; the rest share "other").
  categories() {
    const rule = CATEGORY_OF[this.state.colour];
    const counts = new Map();
    this.cy.nodes().forEach((n) => {
      const value = rule(this.filters.facetsOf(n.id()), n.id(), n.data('label'));
      if (value != null) counts.set(value, (counts.get(value) ?? 0) + 1);
    });
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, 16).map(([v]) => v);
  },
};
