// Run as a child process by healthzUnderLoad.test.ts, so the load and the probe do not
// share the service's event loop: sends 50 chat turns at once to the port given, probes
// /healthz until the burst is nearly done, and prints what it saw as one JSON line.
const [port] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
const started = performance.now();
let pending = 50;
const chats = Array.from({ length: 50 }, (_, i) =>
  fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId: `session-load-${String(i).padStart(3, '0')}`, role: 'customer', text: i % 2 ? '我想周六下午试驾汉EV' : 'how much is the Han EV?' }),
  })
    .then((r) => r.status)
    .finally(() => pending--),
);
await new Promise((r) => setTimeout(r, 20));
const probes = [];
while (pending > 5) {
  const t0 = performance.now();
  const res = await fetch(`${base}/healthz`);
  await res.text();
  probes.push({ status: res.status, ms: performance.now() - t0, pendingAfter: pending });
}
const statuses = await Promise.all(chats);
console.log(JSON.stringify({ statuses, probes, burstMs: performance.now() - started }));
