// The page's only way to the data: the service's GraphQL API, with the coordinator's key.

const MESSAGES = {
  UNAUTHENTICATED: 'The key was not accepted. Enter a valid API key.',
  FORBIDDEN: 'This key may not run that analysis (it needs an analyst or admin key).',
  SERVICE_UNAVAILABLE: 'The service cannot reach its database (Neo4j) right now. Try again in a moment.',
  TIMEOUT: 'The analysis took too long and was stopped. Try a smaller view.',
};

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
      throw new ApiError('The service cannot be reached. Is it running?', 'NETWORK');
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`The service answered ${response.status} without a readable body.`, 'HTTP');
    }
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'ERROR');
      throw new ApiError(MESSAGES[code] ?? error.message, code);
    }
    return body.data;
  }
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
  neighbourhood: `query Neighbourhood($id: ID!, $max: Int!, $types: [String!]) {
    neighbourhood(id: $id, radius: 1, maxNodes: $max, relationshipTypes: $types) {
      result { truncated center { ${REF} } nodes { id label name distance } edges { source target type } }
    }
  }`,
  facets: `query Facets($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename id
      ... on Firm {
        associations(first: 20) { nodes { id } }
        projects(first: 100) { nodes { topics(first: 20) { nodes { id } } } }
      }
      ... on Project {
        status year
        topics(first: 20) { nodes { id } }
        coordinatingAssociations(first: 20) { nodes { id } }
        participants(first: 100) { nodes { associations(first: 20) { nodes { id } } } }
      }
      ... on Expert { topics(first: 20) { nodes { id } } }
      ... on Topic { id }
    }
  }`,
  filterOptions: `query FilterOptions {
    associations(first: 100, orderBy: [{ field: NAME }]) { nodes { id name } }
    topics(first: 100, orderBy: [{ field: NAME }]) { nodes { id name } }
  }`,
  centrality: `query Centrality($measure: CentralityMeasure!) {
    centrality(measure: $measure, top: 1000) {
      graphVersion result { method sampled nodeCount entries { id score rank } }
    }
  }`,
  communities: `query Communities {
    communities(seed: 0) {
      result { modularity communities { index size members dominantAssociation { name } } }
    }
  }`,
  brokers: `query Brokers {
    brokers(top: 10) { result { entries { id name total rank } } }
  }`,
  paths: `query Paths($source: ID!, $target: ID!) {
    shortestPaths(source: $source, target: $target, k: 3) {
      result { distance truncated paths { nodes { ${REF} } relationships } }
    }
  }`,
  opportunities: `query Opportunities($firm: ID!) {
    collaborationOpportunities(firm: $firm, top: 8) {
      result { method suggestions { source { ${REF} } target { ${REF} } kind score rank reasons { kind text } } }
    }
  }`,
  bridge: `query Bridge {
    bridgeCandidates(top: 5) {
      result {
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
