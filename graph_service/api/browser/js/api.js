// The page's only way to the data: the service's GraphQL API, with the coordinator's key.

import { t } from './i18n.js';

// The page's own words for the errors a coordinator can meet; the service's text for the rest.
export function messageFor(code, detail) {
  const known = ['UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE', 'TIMEOUT', 'NETWORK', 'LIMIT_EXCEEDED', 'INVALID_INPUT', 'NOT_FOUND'];
  return known.includes(code) ? t(`error.${code}`, { detail }) : detail;
}

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export class Api {
  constructor(key) {
    this.key = key;
  }

  async query(query, variables = {}) {
    let response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json, application/json',
          Authorization: `Bearer ${this.key}`,
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError(t('error.NETWORK'), 'NETWORK');
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(t('error.HTTP', { status: response.status }), 'HTTP');
    }
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'ERROR');
      throw new ApiError(messageFor(code, error.message), code);
    }
    return body.data;
  }
}

// The saved views: small JSON routes of the graph browser, with the same key.
export class ViewStore {
  constructor(key) {
    this.key = key;
  }

  async call(method, name = null, body = null) {
    const path = name == null ? '/explore/views' : `/explore/views/${encodeURIComponent(name)}`;
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${this.key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : null,
      });
    } catch {
      throw new ApiError(t('error.NETWORK'), 'NETWORK');
    }
    const answer = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) {
      const code = answer.error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'HTTP');
      throw new ApiError(messageFor(code, answer.error?.message ?? String(response.status)), code);
    }
    return answer;
  }

  list() { return this.call('GET'); }
  get(name) { return this.call('GET', name); }
  save(name, view) { return this.call('PUT', name, { view }); }
  rename(name, to) { return this.call('PATCH', name, { name: to }); }
  remove(name) { return this.call('DELETE', name); }
}

const REF = 'id label name';

// A node's display name: `title` for projects, `name` for everything else.
export function nameFragments(model) {
  return Object.entries(model.labels)
    .map(([label, spec]) => `... on ${label} { ${spec.nameProperty} }`)
    .join(' ');
}

export function detailFragments(model) {
  return Object.entries(model.labels)
    // Aliased: `kind` is an OfficeKind on an Office and a ProjectKind on a Project, and GraphQL
    // does not let one response name carry two types.
    .map(([label, spec]) => `... on ${label} { ${spec.properties.map((p) => `${label}_${p.name}: ${p.name}`).join(' ')} }`)
    .join(' ');
}

// A node's relationships, one connection per relationship field of its label: how many there
// are, and the first `first` of them (a field with more becomes a group on the graph).
export function relationsQuery(model, label, types = null) {
  const fields = model.labels[label].relations.filter((r) => !types || types.includes(r.type));
  const parts = fields.map((r) => `${r.field}(first: $first) { totalCount nodes { __typename id ${model.labels[r.target].nameProperty} } }`);
  return `query Relations($id: ID!, $first: Int!) {
    node(id: $id) { __typename id ... on ${label} { ${parts.join(' ') || '__typename'} } }
  }`;
}

// One page of a group: a relationship field's nodes, searched by name, in name order.
export function groupQuery(model, label, field, target) {
  const nameProperty = model.labels[target].nameProperty;
  return `query Group($id: ID!, $first: Int!, $after: String, $text: String!) {
    node(id: $id) { ... on ${label} {
      ${field}(first: $first, after: $after, where: { ${nameProperty}: { contains: $text } },
               orderBy: [{ field: ${nameProperty.toUpperCase()} }]) {
        totalCount pageInfo { hasNextPage endCursor } nodes { __typename id ${nameProperty} }
      }
    } }
  }`;
}

export const queries = {
  search: (model) => `query Search($text: String!) {
    search(text: $text, first: 10) { score node { __typename id ${nameFragments(model)} } }
  }`,
  refs: (model) => `query Refs($ids: [ID!]!) {
    nodes(ids: $ids) { __typename id ${nameFragments(model)} }
  }`,
  details: (model) => `query Details($id: ID!) {
    node(id: $id) { __typename id ${detailFragments(model)} }
  }`,
  neighbourhood: `query Neighbourhood($id: ID!, $max: Int!, $types: [RelationshipType!]) {
    neighbourhood(id: $id, radius: 1, maxNodes: $max, relationshipTypes: $types) {
      graphVersion result { truncated center { ${REF} } nodes { id label name distance } edges { source target type } }
    }
  }`,
  facets: `query Facets($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename id
      ... on Firm {
        sector town size
        associations(first: 20) { nodes { id } }
        projects(first: 100) { nodes { topics(first: 20) { nodes { id } } } }
      }
      ... on Project {
        status year investment
        topics(first: 20) { nodes { id } }
        coordinatingAssociations(first: 20) { nodes { id } }
        participants(first: 100) { nodes { associations(first: 20) { nodes { id } } } }
      }
      ... on Expert { topics(first: 20) { nodes { id } } }
      ... on Association { sector representedFirms }
      ... on Office { town }
      ... on Topic { id }
    }
  }`,
  filterOptions: `query FilterOptions {
    associations(first: 100, orderBy: [{ field: NAME }]) { nodes { id name } }
    topics(first: 100, orderBy: [{ field: NAME }]) { nodes { id name } }
    firstYear: projects(first: 1, orderBy: [{ field: YEAR }]) { nodes { year } }
    lastYear: projects(first: 1, orderBy: [{ field: YEAR, direction: DESC }]) { nodes { year } }
  }`,
  centrality: `query Centrality($measure: CentralityMeasure!) {
    centrality(measure: $measure, top: 1000) {
      graphVersion result { method sampled nodeCount entries { id score rank } }
    }
  }`,
  communities: `query Communities {
    communities(seed: 0) {
      graphVersion result { modularity communities { index size members dominantAssociation { name } } }
    }
  }`,
  brokers: `query Brokers {
    brokers(top: 10) { result { entries { id name total rank } } }
  }`,
  paths: `query Paths($source: ID!, $target: ID!) {
    shortestPaths(source: $source, target: $target, k: 3) {
      graphVersion result { distance truncated paths { nodes { ${REF} } relationships } }
    }
  }`,
  opportunities: `query Opportunities($firm: ID!) {
    collaborationOpportunities(firm: $firm, top: 8) {
      graphVersion result { method suggestions { source { ${REF} } target { ${REF} } kind score rank reasons { kind text nodes { name } } } }
    }
  }`,
  asOf: `query AsOf($year: Int!) {
    networkStats(year: $year) { result { year nodeCount relationshipCount nodesByLabel { name count } } }
  }`,
  bridge: `query Bridge {
    bridgeCandidates(top: 5) {
      graphVersion result {
        homeHub { ${REF} } otherHub { ${REF} } distance pathsTruncated
        shortestPaths { nodes { ${REF} } relationships }
        candidates {
          node { ${REF} } rank firmsCloser meanGain currentDistance
          example { nodes { ${REF} } relationships }
        }
      }
    }
  }`,
};
