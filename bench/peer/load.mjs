// The API bench's load generator: autocannon, cycling through a file of GraphQL request bodies.
//
//   node bench/peer/load.mjs '{"url": "...", "headers": {...}, "bodies": "FILE.json",
//                              "connections": 8, "duration": 10}'
//
// Prints one JSON line: requests, throughput (requests/s), latency percentiles in ms (p50,
// p95, p99: from every response's own time, not autocannon's coarser buckets) and non-2xx.
import autocannon from "autocannon";
import { readFileSync } from "node:fs";

const options = JSON.parse(process.argv[2]);
const bodies = JSON.parse(readFileSync(options.bodies, "utf8")).map((b) => JSON.stringify(b));
let next = 0;
const latencies = [];

const instance = autocannon({
  url: options.url,
  method: "POST",
  connections: options.connections,
  duration: options.duration,
  headers: { "content-type": "application/json", ...options.headers },
  requests: [
    {
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
    },
  ],
});
instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
instance.on("done", (result) => {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(
    JSON.stringify({
      requests: latencies.length,
      seconds: result.duration,
      throughput: latencies.length / result.duration,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    }),
  );
});
