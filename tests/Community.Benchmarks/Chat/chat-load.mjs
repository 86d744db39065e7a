// Chat load test with the real JavaScript client (@microsoft/signalr), against a running Kennisplatform.
//
//   node chat-load.mjs latency --clients 1000 --rate 10 --seconds 20
//   node chat-load.mjs idle --clients 10000 --server-pid 1234
//   node chat-load.mjs latency --url http://b:5098 --send-url http://a:5099   (two servers sharing chat through Redis)
//
// latency: N clients join one community; one more client sends `rate` messages per second through the hub
//          (stored in the database, then broadcast); every client records send-to-receive time. Prints p50/p99
//          over all deliveries and messages delivered per second.
// idle:    opens N connections that join the community and stay idle; prints the server's resident memory
//          (VmRSS of --server-pid) before and after, and per connection.
// All clients sign in as one member (--email): the test is about fan-out, not about sign-in, and the server is
// started with Chat:MaxConnectionsPerUser and Chat:MessagesPerWindow raised (see run.sh).
import { HubConnectionBuilder, HttpTransportType, LogLevel } from "@microsoft/signalr";
import fs from "node:fs";
import { performance } from "node:perf_hooks";

const [mode = "latency", ...rest] = process.argv.slice(2);
const opts = Object.fromEntries(
  rest.reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const url = opts.url ?? "http://127.0.0.1:5099";
// The sender may talk to another server than the receivers (run-two-servers.sh): the message then crosses the backplane.
const sendUrl = opts["send-url"] ?? url;
const email = opts.email ?? "dennis@kennisplatform.test";
const password = opts.password ?? "Kennis-Demo-2026!";
const slug = opts.slug ?? "dagbesteding-als-algemene-voorziening-in-de-kernen";
const clients = Number(opts.clients ?? 100);
const rate = Number(opts.rate ?? 10);
const seconds = Number(opts.seconds ?? 20);
const batch = Number(opts.batch ?? 100);

const cookies = { [url]: await signIn(url) };
if (!(sendUrl in cookies)) cookies[sendUrl] = await signIn(sendUrl);
if (mode === "latency") await latency();
else if (mode === "idle") await idle();
else throw new Error(`unknown mode ${mode}`);
process.exit(0);

async function signIn(url) {
  const form = await fetch(`${url}/account/inloggen`);
  const jar = new Map();
  keep(jar, form);
  const html = await form.text();
  const token = /name="__RequestVerificationToken" type="hidden" value="([^"]+)"/.exec(html)[1];
  const response = await fetch(`${url}/account/inloggen`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(jar) },
    body: new URLSearchParams({ "Input.Email": email, "Input.Password": password, __RequestVerificationToken: token }),
  });
  keep(jar, response);
  if (!jar.has("kp.auth")) throw new Error(`sign-in failed (${response.status})`);
  return header(jar);
}

function keep(jar, response) {
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

function header(jar) {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

async function connect(onMessage, base = url) {
  const connection = new HubConnectionBuilder()
    .withUrl(`${base}/hubs/chat`, { transport: HttpTransportType.WebSockets, skipNegotiation: true, headers: { Cookie: cookies[base] } })
    .configureLogging(LogLevel.Error)
    .build();
  if (onMessage) connection.on("message", onMessage);
  for (const name of ["presence", "typing", "changed"]) connection.on(name, () => {});
  connection.on("refused", (text) => { throw new Error(text); });
  await connection.start();
  const reply = await connection.invoke("Join", slug);
  if (!reply.ok) throw new Error(reply.error);
  return { connection, communityId: reply.value.communityId };
}

async function openMany(count, onMessage) {
  const all = [];
  for (let i = 0; i < count; i += batch) {
    const size = Math.min(batch, count - i);
    all.push(...(await Promise.all(Array.from({ length: size }, () => connect(onMessage)))));
    if (count >= 1000 && (i / batch) % 10 === 0) process.stderr.write(`  ${all.length}/${count} connected\n`);
  }
  return all;
}

async function latency() {
  const sentAt = new Map();
  const samples = [];
  let delivered = 0;
  const run = `bench-${Date.now()}`;
  const receivers = await openMany(clients, (m) => {
    if (!m.body?.startsWith(run)) return;
    const t = sentAt.get(m.clientId);
    if (t === undefined) return;
    samples.push(performance.now() - t);
    delivered++;
  });
  const sender = await connect(null, sendUrl);
  const communityId = sender.communityId;
  const total = rate * seconds;
  const started = performance.now();
  let failed = 0;
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const clientId = `${run}-${i}`;
    sentAt.set(clientId, performance.now());
    pending.push(sender.connection.invoke("Send", communityId, clientId, `${run} ${i}`).then((r) => { if (!r.ok) failed++; }));
  }
  await Promise.all(pending);
  // Let the last broadcast reach everyone (or time out).
  const deadline = performance.now() + 5000;
  while (delivered < total * clients && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? NaN;
  console.log(JSON.stringify({
    mode, clients, rate, seconds, crossServer: sendUrl !== url, broadcasts: total, refused: failed,
    expected: total * clients, delivered, lost: total * clients - delivered,
    p50ms: +q(50).toFixed(2), p90ms: +q(90).toFixed(2), p99ms: +q(99).toFixed(2), maxms: +samples.at(-1)?.toFixed(2),
    deliveredPerSecond: Math.round(delivered / elapsed),
  }));
  await Promise.all([...receivers, sender].map((c) => c.connection.stop()));
}

async function idle() {
  const pid = opts["server-pid"];
  const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
  const warm = await openMany(10);
  await new Promise((r) => setTimeout(r, 2000));
  const before = rss();
  const started = performance.now();
  const all = await openMany(clients);
  const openSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 10_000));
  const after = rss();
  console.log(JSON.stringify({
    mode, clients, openSeconds: +openSeconds.toFixed(1), rssBeforeMB: +before.toFixed(0), rssAfterMB: +after.toFixed(0),
    perConnectionKB: +(((after - before) * 1024) / clients).toFixed(1),
  }));
  await Promise.all([...warm, ...all].map((c) => c.connection.stop()));
}
