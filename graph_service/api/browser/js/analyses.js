// What the analytics add to the view: sizes, colours, brokers, paths, suggested collaborations
// and the bridge to the other hub. Methods of the explorer (see explorer.js).

import { queries } from './api.js';
import { LABEL_COLOURS, communityColour, renderLegend, sizeFor } from './styles.js';
import { $, el } from './ui.js';

export const analysisActions = {
  async setSize(measure) {
    this.state.size = measure;
    if (measure && !this.analytics.scores.has(measure)) {
      const data = await this.status.busy(`Computing ${measure}…`, () => this.api.query(queries.centrality, { measure: measure.toUpperCase() }));
      if (!data) { this.state.size = ''; $('size-by').value = ''; return; }
      const result = data.centrality.result;
      this.analytics.scores.set(measure, { result, byId: new Map(result.entries.map((e) => [e.id, e.score])) });
    }
    this.restyle();
  },

  async setColour(mode) {
    this.state.colour = mode;
    if (mode === 'community' && !this.analytics.communities) {
      const data = await this.status.busy('Finding communities…', () => this.api.query(queries.communities));
      if (!data) { this.state.colour = 'label'; $('colour-by').value = 'label'; return; }
      const byId = new Map();
      for (const c of data.communities.result.communities) for (const m of c.members) byId.set(m, c);
      this.analytics.communities = { result: data.communities.result, byId };
    }
    this.restyle();
  },

  async setBrokers(on) {
    this.state.brokers = on;
    if (on && !this.analytics.brokers) {
      const data = await this.status.busy('Finding brokers…', () => this.api.query(queries.brokers));
      if (!data) { this.state.brokers = false; $('show-brokers').checked = false; return; }
      this.analytics.brokers = new Set(data.brokers.result.entries.map((e) => e.id));
    }
    this.restyle();
  },

  async showPath(source, target) {
    this.graph.release('path');
    this.graph.clearClass('path');
    this.state.path = null;
    $('path-result').replaceChildren();
    if (!source || !target) return this.changed();
    const data = await this.status.busy('Finding paths…', () => this.api.query(queries.paths, { source, target }));
    if (!data) return undefined;
    const result = data.shortestPaths.result;
    this.state.path = [source, target];
    result.paths.forEach((path) => this.graph.addPath(path, 'path', 'path'));
    $('path-result').replaceChildren(result.distance == null
      ? el('p', {}, 'These two nodes are not connected.')
      : el('div', {},
        el('p', {}, `${result.paths.length} shortest path${result.paths.length === 1 ? '' : 's'}, ${result.distance} steps:`),
        el('ul', { id: 'path-list' }, ...result.paths.map((p) => el('li', {}, p.nodes.map((n) => n.name).join(' → '))))));
    return this.changed();
  },

  async showOpportunities(firm) {
    this.graph.release('opportunities');
    this.suggestions = null;
    this.state.opp = null;
    if (!firm) return this.changed();
    const data = await this.status.busy('Looking for collaborations…', () => this.api.query(queries.opportunities, { firm }));
    if (!data) return undefined;
    const result = data.collaborationOpportunities.result;
    this.state.opp = firm;
    this.suggestions = result;
    for (const s of result.suggestions) {
      this.graph.addNode(s.source, 'opportunities');
      this.graph.addNode(s.target, 'opportunities');
      this.graph.addEdge(s.source.id, s.target.id, 'SUGGESTED', 'opportunities', 'opportunity', {
        note: `#${s.rank}`, reasons: s.reasons.map((r) => r.text).join('\n'),
      });
    }
    await this.changed();
    return this.renderDetails();
  },

  async showBridge(on = true) {
    this.graph.release('bridge');
    this.graph.clearClass('bridge');
    this.graph.clearClass('candidate');
    this.bridge = null;
    this.state.bridge = false;
    if (!on) return this.changed();
    const data = await this.status.busy("Finding the bridge to Confindustria's DIH…", () => this.api.query(queries.bridge));
    if (!data) return undefined;
    const result = data.bridgeCandidates.result;
    this.state.bridge = true;
    this.bridge = result;
    this.graph.addNode(result.homeHub, 'bridge');
    this.graph.addNode(result.otherHub, 'bridge');
    result.shortestPaths.forEach((path) => this.graph.addPath(path, 'bridge', 'bridge'));
    for (const c of result.candidates) {
      this.graph.addNode(c.node, 'bridge').addClass('candidate');
      if (c.example) this.graph.addPath(c.example, 'bridge', '');
    }
    await this.changed();
    await this.renderDetails();
    $('bridge-panel')?.scrollIntoView({ block: 'start' });
    return undefined;
  },

  restyle() {
    const sizes = this.state.size ? this.analytics.scores.get(this.state.size) : null;
    const max = sizes ? Math.max(0, ...sizes.byId.values()) : 0;
    const communities = this.state.colour === 'community' ? this.analytics.communities : null;
    this.cy.batch(() => {
      this.cy.nodes().forEach((node) => {
        node.data('size', sizeFor(sizes?.byId.get(node.id()), max));
        const community = communities?.byId.get(node.id());
        node.data('colour', communities ? communityColour(community?.index) : LABEL_COLOURS[node.data('label')] ?? '#999');
        node.toggleClass('broker', Boolean(this.state.brokers && this.analytics.brokers?.has(node.id())));
      });
    });
    this.renderLegend();
    this.writeUrl();
  },

  renderLegend() {
    const legend = $('legend');
    if (this.state.colour === 'community' && this.analytics.communities) {
      const onScreen = new Map();
      this.cy.nodes(':visible').forEach((n) => {
        const c = this.analytics.communities.byId.get(n.id());
        if (c) onScreen.set(c.index, c);
      });
      const entries = [...onScreen.values()].sort((a, b) => a.index - b.index).map((c) => ({
        colour: communityColour(c.index),
        text: `${c.index + 1}: ${c.size} nodes${c.dominantAssociation ? `, mostly ${c.dominantAssociation.name}` : ''}`,
      }));
      renderLegend(legend, entries, 'Communities');
    } else {
      const labels = new Set(this.cy.nodes(':visible').map((n) => n.data('label')));
      renderLegend(legend, [...labels].sort().map((l) => ({ colour: LABEL_COLOURS[l], text: l })), 'Labels');
    }
    const sizes = this.state.size ? this.analytics.scores.get(this.state.size) : null;
    if (sizes) {
      const how = sizes.result.sampled ? 'sampled' : 'exact';
      legend.append(el('div', { id: 'size-legend' }, `Size: ${this.state.size} (${how}, larger = more central)`));
    }
    if (this.state.brokers && this.analytics.brokers) {
      legend.append(el('div', { id: 'broker-legend' }, 'Double border: one of the 10 key brokers'));
    }
  },
};
