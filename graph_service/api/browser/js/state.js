// The view's state lives in the URL fragment: a link reopens the same view. The fragment never
// reaches the server; an API key handed over as `#key=…` is taken out of it at once.

import { NO_FILTERS } from './filters.js';

export const SIZES = ['', 'degree', 'betweenness', 'closeness', 'eigenvector', 'pagerank', 'investment', 'representedFirms'];
export const COLOURS = ['label', 'community', 'sector', 'town', 'size', 'association', 'status', 'topic'];

export function emptyState() {
  return {
    lang: null, show: [], expand: [], sel: null, layout: 'cose', size: '', colour: 'label', brokers: false,
    filters: structuredClone(NO_FILTERS), path: null, opp: null, bridge: false, year: null, pull: [],
  };
}

const list = (value) => (value ? value.split(',').filter(Boolean) : []);
const year = (value) => (value && /^\d{4}$/.test(value) ? Number(value) : null);

export function parseHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state = emptyState();
  state.show = list(params.get('show'));
  state.expand = list(params.get('expand'));
  state.pull = list(params.get('pull'));
  state.sel = params.get('sel') || null;
  state.layout = ['cose', 'concentric', 'breadthfirst'].includes(params.get('layout')) ? params.get('layout') : 'cose';
  state.lang = ['it', 'en'].includes(params.get('lang')) ? params.get('lang') : null;
  state.size = SIZES.includes(params.get('size')) ? params.get('size') : '';
  state.colour = COLOURS.includes(params.get('colour')) ? params.get('colour') : 'label';
  state.year = year(params.get('year'));
  state.brokers = params.get('brokers') === '1';
  state.filters.hidden = list(params.get('hide'));
  state.filters.association = params.get('association') ?? '';
  state.filters.topic = params.get('topic') ?? '';
  state.filters.status = params.get('status') ?? '';
  state.filters.yearFrom = year(params.get('from'));
  state.filters.yearTo = year(params.get('to'));
  const path = list(params.get('path'));
  state.path = path.length === 2 ? path : null;
  state.opp = params.get('opp') || null;
  state.bridge = params.get('bridge') === '1';
  return { state, key: params.get('key') };
}

export function toHash(state) {
  const params = new URLSearchParams();
  const put = (name, value) => { if (value) params.set(name, value); };
  put('lang', state.lang);
  put('show', state.show.join(','));
  put('expand', state.expand.join(','));
  put('pull', (state.pull ?? []).join(','));
  put('sel', state.sel);
  if (state.layout !== 'cose') put('layout', state.layout);
  put('size', state.size);
  if (state.colour !== 'label') put('colour', state.colour);
  if (state.brokers) put('brokers', '1');
  put('hide', state.filters.hidden.join(','));
  put('association', state.filters.association);
  put('topic', state.filters.topic);
  put('status', state.filters.status);
  put('from', state.filters.yearFrom ? String(state.filters.yearFrom) : '');
  put('to', state.filters.yearTo ? String(state.filters.yearTo) : '');
  put('path', state.path ? state.path.join(',') : '');
  put('opp', state.opp);
  if (state.bridge) put('bridge', '1');
  put('year', state.year ? String(state.year) : '');
  return `#${params.toString()}`;
}
