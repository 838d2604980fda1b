// The GraphQL-over-HTTP reference audit (graphql-http's auditServer) against a live service.
// Usage: node graphql_http_audit.mjs URL KEY; prints one JSON line per audit result.
import { auditServer } from "graphql-http";

const [url, key] = process.argv.slice(2);
const fetchWithKey = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn: fetchWithKey });
for (const result of results) {
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") line.reason = result.reason;
  console.log(JSON.stringify(line));
}
