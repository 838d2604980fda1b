// The page's controls wired to the explorer's actions. Methods of the explorer (see explorer.js).

import { queries } from './api.js';
import { loadLanguage, noun, number, phrase, reasonText, t, translatePage, valueWord } from './i18n.js';
import { $, SearchBox, el } from './ui.js';

const PLAY_STEP_MS = 1500;

export const controlActions = {
  bind() {
    const cy = this.cy;
    cy.on('tap', 'node', (e) => this.select(e.target.id()));
    cy.on('tap', (e) => { if (e.target === cy) this.select(null); });
    cy.on('mouseover', 'node', (e) => this.graph.highlightNeighbours(e.target, true));
    cy.on('mouseout', 'node', () => {
      const sel = this.state.sel ? cy.getElementById(this.state.sel) : null;
      this.graph.highlightNeighbours(sel && !sel.empty() ? sel : null);
    });
    const tooltip = $('tooltip');
    cy.on('mouseover', 'edge.opportunity', (e) => {
      // In the language shown now, which may have changed since the suggestion came.
      const suggestion = e.target.data('suggestion');
      tooltip.textContent = suggestion.reasons.map((r) => reasonText(r, suggestion)).join('\n');
      const { x, y } = e.renderedPosition;
      tooltip.style.left = `${x + 12}px`;
      tooltip.style.top = `${y + 12}px`;
      tooltip.hidden = false;
    });
    cy.on('mouseout', 'edge.opportunity', () => { tooltip.hidden = true; });

    new SearchBox($('search'), $('search-results'), (text) => this.search(text), (ref) => this.show(ref, { focusGraph: true }));
    $('layout').addEventListener('change', (e) => { this.state.layout = e.target.value; this.afterStructure('all'); });
    $('size-by').addEventListener('change', (e) => this.setSize(e.target.value));
    $('colour-by').addEventListener('change', (e) => this.setColour(e.target.value));
    $('show-brokers').addEventListener('change', (e) => this.setBrokers(e.target.checked));
    $('bridge').addEventListener('click', () => this.showBridge(true));
    $('export-png').addEventListener('click', () => this.exportPng());
    $('export-svg').addEventListener('click', () => this.exportSvg());
    $('export-csv').addEventListener('click', () => this.exportCsv());
    $('clear').addEventListener('click', () => this.clear());
    $('copy-link').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        this.status.element.textContent = t('link.copied');
      } catch {
        this.status.element.textContent = t('link.manual');
      }
    });
    $('path-from').addEventListener('click', () => this.pathEnd(0));
    $('path-to').addEventListener('click', () => this.pathEnd(1));
    $('panel-toggle').addEventListener('click', () => this.togglePanel());
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => this.setLanguage(button.dataset.lang));
    }

    for (const label of Object.keys(this.model.labels)) {
      const box = el('input', { type: 'checkbox', checked: 'checked', 'data-label': label, id: `show-${label}` });
      box.addEventListener('change', () => {
        const hidden = [...document.querySelectorAll('#label-filter input')].filter((b) => !b.checked).map((b) => b.dataset.label);
        this.setFilters({ hidden });
      });
      $('label-filter').append(el('label', { for: `show-${label}` }, box, el('span', { 'data-noun': label })));
    }
    for (const status of this.model.labels.Project.properties.find((p) => p.name === 'status').choices) {
      $('filter-status').append(el('option', { value: status, 'data-value': status }));
    }
    $('filter-association').addEventListener('change', (e) => this.setFilters({ association: e.target.value }));
    $('filter-topic').addEventListener('change', (e) => this.setFilters({ topic: e.target.value }));
    $('filter-status').addEventListener('change', (e) => this.setFilters({ status: e.target.value }));
    const year = (e) => (e.target.value ? Number(e.target.value) : null);
    $('filter-year-from').addEventListener('change', (e) => this.setFilters({ yearFrom: year(e) }));
    $('filter-year-to').addEventListener('change', (e) => this.setFilters({ yearTo: year(e) }));
    $('time-year').addEventListener('input', (e) => this.setYear(Number(e.target.value)));
    $('time-play').addEventListener('click', () => this.play());
    this.bindViews();

    document.addEventListener('keydown', (event) => {
      const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName);
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') { event.preventDefault(); $('search').focus(); }
      if (event.key === 'e' && this.state.sel) this.expand(this.state.sel);
      if (event.key === 'c' && this.state.sel) this.collapse(this.state.sel);
      if (event.key === 'Escape') this.select(null);
    });
  },

  // Everything with words in it, again in the language now chosen.
  async setLanguage(lang) {
    await loadLanguage(lang);
    this.state.lang = lang;
    this.translate();
    this.writeUrl();
    await this.renderDetails();
  },

  translate() {
    translatePage();
    for (const span of document.querySelectorAll('[data-noun]')) span.textContent = ` ${noun(span.dataset.noun, true)}`;
    for (const option of document.querySelectorAll('#filter-status option[data-value]')) option.textContent = valueWord(option.dataset.value);
    for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === this.state.lang));
    const open = $('panel-toggle').getAttribute('aria-expanded') === 'true';
    $('panel-toggle').textContent = t(open ? 'panel.hide' : 'panel.show');
    $('time-play').textContent = t(this.playing ? 'time.stop' : 'time.play');
    this.cy.batch(() => {
      this.cy.edges().forEach((e) => { if (e.data('type') !== 'SUGGESTED') e.data('phrase', phrase(e.data('type'))); });
      this.cy.nodes('[label = "Group"]').forEach((n) => {
        n.data('name', t('group.name', { count: number(n.data('count')), noun: noun(n.data('target'), true), name: n.data('centerName') }));
      });
    });
    this.showYear();
    this.renderVisible();
    this.renderLegend();
    this.describeCanvas();
    this.refreshPanels();
  },

  togglePanel(open = $('panel-toggle').getAttribute('aria-expanded') !== 'true') {
    $('panel-toggle').setAttribute('aria-expanded', String(open));
    $('panel-toggle').textContent = t(open ? 'panel.hide' : 'panel.show');
    document.body.classList.toggle('panel-closed', !open);
    this.cy.resize();
    this.graph.fit();
  },

  // The time slider: the network as of the end of a year (projects of later years hidden); its
  // last position means every year.
  async setYear(year) {
    const slider = $('time-year');
    this.state.year = year > Number(slider.max) ? null : year;
    slider.value = String(this.state.year ?? slider.max);
    this.applyFilters();
    this.afterStructure();
    this.showYear();
    if (this.state.year) {
      const asked = this.state.year;
      const data = await this.status.busy(t('loading'), () => this.api.query(queries.asOf, { year: asked }));
      if (data && this.state.year === asked) this.asOf = data.networkStats.result;
      else if (!data) this.asOf = null;
      this.showYear();
    }
  },

  showYear() {
    const year = this.state.year;
    $('time-value').textContent = year ? String(year) : t('time.all');
    const stats = year && this.asOf?.year === year ? this.asOf : null;
    const projects = stats?.nodesByLabel.find((c) => c.name === 'Project')?.count ?? 0;
    $('time-summary').textContent = stats
      ? t('time.asOf', { year: String(year), projects, nodes: stats.nodeCount, links: stats.relationshipCount }) : '';
  },

  async play() {
    if (this.playing) { this.playing = false; this.translate(); return; }
    this.playing = true;
    $('time-play').textContent = t('time.stop');
    const slider = $('time-year');
    for (let year = Number(slider.min); year <= Number(slider.max) && this.playing; year += 1) {
      await this.setYear(year);
      await new Promise((resolve) => { setTimeout(resolve, PLAY_STEP_MS); });
    }
    this.playing = false;
    $('time-play').textContent = t('time.play');
  },

  pathEnd(which) {
    const id = this.state.sel;
    if (!id) { this.status.error(t('paths.selectFirst')); return; }
    this.pathEnds[which] = id;
    this.refreshPanels();
    if (this.pathEnds[0] && this.pathEnds[1]) this.showPath(this.pathEnds[0], this.pathEnds[1]);
  },

  fillFilterOptions(data, years) {
    this.filterNames = new Map();
    for (const a of data.associations.nodes) {
      $('filter-association').append(el('option', { value: a.id }, a.name));
      this.filterNames.set(a.id, a.name);
    }
    for (const topic of data.topics.nodes) {
      $('filter-topic').append(el('option', { value: topic.id }, topic.name));
      this.filterNames.set(topic.id, topic.name);
    }
    if (years?.length) {
      $('time-year').min = String(Math.min(...years));
      $('time-year').max = String(Math.max(...years));
      $('time-year').value = $('time-year').max;
    }
  },

  setControls(state) {
    const f = state.filters;
    $('layout').value = state.layout;
    $('size-by').value = state.size;
    $('colour-by').value = state.colour;
    $('show-brokers').checked = state.brokers;
    $('filter-association').value = f.association;
    $('filter-topic').value = f.topic;
    $('filter-status').value = f.status;
    $('filter-year-from').value = f.yearFrom ?? '';
    $('filter-year-to').value = f.yearTo ?? '';
    $('time-year').value = String(state.year ?? $('time-year').max);
    document.querySelectorAll('#label-filter input').forEach((b) => { b.checked = !f.hidden.includes(b.dataset.label); });
  },
};
