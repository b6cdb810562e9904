// Load generator for the intake benchmark, run in a worker thread so that signing and sending
// requests do not share the event loop of the server being measured (as HubSpot's senders don't).
// Plain JavaScript so the worker needs no TypeScript loader. Signs like HubSpot's v3:
// base64(HMAC-SHA256(clientSecret, method + url + body + timestamp)).
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { url, secret, bodies, inFlight, ratePerSec } = workerData;

async function send(body) {
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', secret).update(`POST${url}${body}${timestamp}`).digest('base64');
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signature },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`intake answered ${res.status}`);
  return performance.now() - started;
}

const latencies = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (next < bodies.length) {
      const index = next++;
      // Open loop when a rate is given: batch i is due at t0 + i × 100 events / rate.
      if (ratePerSec) {
        const wait = t0 + (index * 100 * 1000) / ratePerSec - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      latencies.push(await send(bodies[index]));
    }
  }),
);
parentPort.postMessage({ latencies, wall: performance.now() - t0 });
