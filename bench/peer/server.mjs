// The API bench's peer: the Neo4j GraphQL Library on Apollo Server, on the service's Neo4j.
//
//   NEO4J_URI=bolt://... NEO4J_PASSWORD=... PORT=4000 node bench/peer/server.mjs
//
// Type definitions equivalent to the service's for the labels and relationships the bench's
// query mix uses (schema/schema.graphql), on the same full-text index (node_names). Every
// response carries `cypher-queries`: the Cypher statements the driver ran while the request was
// being served (exact when requests do not overlap; the bench counts one request at a time).
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Association @node {
    id: ID!
    name: String!
    sector: String
    representedFirms: Int
    firms: [Firm!]! @relationship(type: "MEMBER_OF", direction: IN)
  }
  type Participation @relationshipProperties {
    role: String
  }
  type Firm
    @node
    @fulltext(indexes: [{ indexName: "node_names", queryName: "searchFirms", fields: ["name"] }]) {
    id: ID!
    name: String!
    town: String
    sector: String
    size: String
    contact: String
    associations: [Association!]! @relationship(type: "MEMBER_OF", direction: OUT)
    projects: [Project!]!
      @relationship(type: "PARTICIPATES_IN", direction: OUT, properties: "Participation")
  }
  type Project @node {
    id: ID!
    title: String!
    kind: String
    status: String
    year: Int
    investment: Float
    ownShare: Float
    participants: [Firm!]!
      @relationship(type: "PARTICIPATES_IN", direction: IN, properties: "Participation")
    topics: [Topic!]! @relationship(type: "ABOUT", direction: OUT)
  }
  type Topic @node {
    id: ID!
    name: String!
  }
`;

let statements = 0;

function counted(target, wrap) {
  return new Proxy(target, {
    get(object, name) {
      const value = object[name];
      if (typeof value !== "function") return value;
      const bound = value.bind(object);
      return wrap(name, bound) ?? bound;
    },
  });
}

const countingTransaction = (tx) =>
  counted(tx, (name, fn) =>
    name === "run" ? (...args) => (statements++, fn(...args)) : undefined,
  );

const countingSession = (session) =>
  counted(session, (name, fn) => {
    if (name === "run") return (...args) => (statements++, fn(...args));
    if (name === "executeRead" || name === "executeWrite")
      return (work, config) => fn((tx) => work(countingTransaction(tx)), config);
    if (name === "beginTransaction") return (...args) => countingTransaction(fn(...args));
    return undefined;
  });

const driver = neo4j.driver(
  process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687",
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
);
const countingDriver = counted(driver, (name, fn) =>
  name === "session" ? (...args) => countingSession(fn(...args)) : undefined,
);

const schema = await new Neo4jGraphQL({ typeDefs, driver: countingDriver }).getSchema();
const server = new ApolloServer({
  schema,
  plugins: [
    {
      async requestDidStart() {
        const before = statements;
        return {
          async willSendResponse({ response }) {
            response.http.headers.set("cypher-queries", String(statements - before));
          },
        };
      },
    },
  ],
});
const port = Number(process.env.PORT ?? 4000);
const { url } = await startStandaloneServer(server, {
  listen: { port, host: "127.0.0.1" },
  context: async () => ({ sessionConfig: { database: process.env.NEO4J_DATABASE ?? "neo4j" } }),
});
console.log(`peer ready at ${url}`);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
