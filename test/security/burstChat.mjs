// Run as a child process by healthzUnderLoad.test.ts, so the load and the probe do not
// share the service's event loop: sends 50 chat turns at once to the port given, probes
// /healthz until the burst is nearly done, and prints what it saw as one JSON line.
import http from 'node:http';

const [port] = process.argv.slice(2);
// the probe has a connection of its own (not fetch's pool, busy with the burst), kept alive
const probeAgent = new http.Agent({ keepAlive: !process.env.PROBE_NEW_CONNECTION, maxSockets: 1 });
function probe() {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: probeAgent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
  });
}
// long and adversarial texts (the web chat takes up to 2,000 characters) beside ordinary ones
const TEXTS = [
  '我想周六下午试驾汉EV',
  'how much is the Han EV?',
  '改到周六下午3点'.repeat(250).slice(0, 2000),
  '13812345678 '.repeat(166),
  'to monday at 3pm instead of tuesday '.repeat(55).slice(0, 2000),
  '试'.repeat(2000),
  'a'.repeat(2000),
  '12月5日 1月3日 Dec 5 '.repeat(120).slice(0, 2000),
];
const base = `http://127.0.0.1:${port}`;
// a service that has been running: every kind of turn once before the burst (a cold first
// turn compiles its queries, which is start-up cost, not load)
for (const text of TEXTS) {
  await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'customer', text }) });
}
await probe(); // the probe's connection is open before the burst, as a monitor's would be
const started = performance.now();
let pending = 50;
const chats = Array.from({ length: 50 }, (_, i) =>
  fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'customer', text: TEXTS[i % TEXTS.length] }),
  })
    .then((r) => r.status)
    .finally(() => pending--),
);
await new Promise((r) => setTimeout(r, 20));
const probes = [];
while (pending > 5) {
  const t0 = performance.now();
  const status = await probe();
  probes.push({ status, ms: performance.now() - t0, pendingAfter: pending });
}
const statuses = await Promise.all(chats);
probeAgent.destroy();
console.log(JSON.stringify({ statuses, probes, burstMs: performance.now() - started }));
