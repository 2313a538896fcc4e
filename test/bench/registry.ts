// `kube-anatomy image REF` against a local registry (Debian's docker-registry
// on 127.0.0.1, holding the tests' own images), beside `skopeo inspect` of the
// same reference. Cold: a new cache folder each run, so every manifest and
// config comes from the registry. Warm: the cache filled, so only a HEAD on
// the tag goes out. Both are the real CLI process (bundled Node, bin.mjs,
// compile cache warm); the warm answer is also timed inside one process, where
// the 50 ms target applies. Prints figures and ratios; asserts nothing.
//
//   node --import tsx test/bench/registry.ts [--quick]     (part of npm run bench; --no-registry leaves it out)
//   KUBE_ANATOMY_BENCH_BIN=/copy/main/cli/bin.mjs ...       runs a copy of the CLI (bin.mjs with ../../dist/cli beside it)
//   KUBE_ANATOMY_BENCH_BASE_BIN=/older/main/cli/bin.mjs ... also times an older copy, interleaved with the rest: before and after in one run
//
// Timings on a busy machine spread widely: the minimum is printed beside each
// median, and the processes' CPU time (user + system, from bash's `times`, in
// separate runs), which waiting for a core does not change.
//
// Below the CLI's rows, what any Node process pays for the same answer, so the
// 1.2x-skopeo target can be judged against a floor: `node -e 0`; the same
// requests made on bare node:net with nothing checked, cached or printed
// beyond a line (FLOOR_CLIENT); and the image bundle run from a V8 startup
// snapshot (`node --snapshot-blob`, built here from dist/cli/image.cjs after
// one answer, so its functions are compiled), beside an empty snapshot, which
// shows what a user-land snapshot costs Node's start before it holds anything.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegistryClient } from '../../main/registry/client.ts';
import { DigestCache } from '../../main/registry/cache.ts';
import { pushFixtures, registryAvailable, INSTALL_HINT, startRegistry } from '../fixtures/registry.ts';
import { heading, median, ms, row } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const node = path.join(root, 'node_modules/.bin/node');
/** The CLI to run: this checkout's, or a copy (bin.mjs beside its dist/) when another build may replace dist/ meanwhile. */
const bin = process.env.KUBE_ANATOMY_BENCH_BIN ?? 'main/cli/bin.mjs';
/** An older CLI to compare with in the same run, when given. */
const baseBin = process.env.KUBE_ANATOMY_BENCH_BASE_BIN;

function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env });
  const elapsed = performance.now() - started;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

/** CPU time (user + system) of the command, run under bash to read its children's times. */
function cpu(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const r = spawnSync('bash', ['-c', '"$@" > /dev/null 2>&1 || exit 9; times', 'bash', cmd, ...args], { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed under bash (${r.status}): ${r.stderr}`);
  // The second line is the children's: "0m0.031s 0m0.012s".
  const seconds = (r.stdout.trim().split('\n')[1] ?? '').match(/(\d+)m([\d.]+)s/g)?.map((t) => Number(t.split('m')[0]) * 60 + Number(t.split('m')[1].slice(0, -1)));
  if (!seconds || seconds.length !== 2) throw new Error(`bash's times said ${JSON.stringify(r.stdout)}`);
  return (seconds[0] + seconds[1]) * 1000;
}

/**
 * The least a Node process can do for the same answer: one connection, a GET
 * by tag (and the platform's manifest after an index), the config, one line
 * out. No digest check, no cache, no auth, no limits: a floor, not a client.
 */
const FLOOR_CLIENT = `'use strict';
const net = require('node:net');
const [host, repo, tag, os, arch] = process.argv.slice(2);
const colon = host.lastIndexOf(':');
const socket = net.connect({ host: host.slice(0, colon), port: Number(host.slice(colon + 1)), noDelay: true });
let buf = Buffer.alloc(0);
let waiting;
const check = () => {
  const end = buf.indexOf('\\r\\n\\r\\n');
  if (!waiting || end < 0) return;
  const head = buf.subarray(0, end).toString('latin1');
  const length = Number((/content-length: *(\\d+)/i.exec(head) || [])[1]);
  if (buf.length < end + 4 + length) return;
  const body = buf.subarray(end + 4, end + 4 + length);
  buf = buf.subarray(end + 4 + length);
  const done = waiting;
  waiting = undefined;
  if (!/^HTTP\\/1\\.1 200/.test(head)) { console.error(head); process.exit(1); }
  done(JSON.parse(body.toString('utf8')));
};
socket.on('data', (data) => { buf = Buffer.concat([buf, data]); check(); });
const get = (path, accept) => new Promise((resolve) => { waiting = resolve; socket.write('GET ' + path + ' HTTP/1.1\\r\\nHost: ' + host + '\\r\\nAccept: ' + accept + '\\r\\n\\r\\n'); });
const ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';
(async () => {
  let manifest = await get('/v2/' + repo + '/manifests/' + tag, ACCEPT);
  if (manifest.manifests) {
    const entry = manifest.manifests.find((m) => m.platform && m.platform.os === os && m.platform.architecture === arch);
    manifest = await get('/v2/' + repo + '/manifests/' + entry.digest, ACCEPT);
  }
  const config = await get('/v2/' + repo + '/blobs/' + manifest.config.digest, '*/*');
  process.stdout.write(manifest.layers.length + ' layers, ' + (config.history || []).length + ' steps\\n');
  socket.destroy();
})();
`;

/**
 * The snapshot's entry: the image bundle evaluated in a CommonJS wrapper, one
 * answer run (its functions compiled, its modules loaded), and main() as what
 * the blob runs. The command leaves its idle connections to the process's
 * exit, and a snapshot cannot hold a socket: the warm-up's are closed here.
 * With --snapshot-blob, process.argv[1] is the first argument, not a script.
 */
function snapshotEntry(bundle: string, warmArgs: string[]): string {
  return `(function (module, exports, require) {\n${fs.readFileSync(bundle, 'utf8')}\n})(globalThis.__image = { exports: {} }, globalThis.__image.exports, require);
const net = require('node:net');
const connect = net.Socket.prototype.connect;
const sockets = [];
net.Socket.prototype.connect = function (...args) { sockets.push(this); return connect.apply(this, args); };
globalThis.__image.exports.main(${JSON.stringify(warmArgs)}).then((code) => {
  if (code !== 0) throw new Error('the warm-up answer failed: ' + code);
  for (const socket of sockets) socket.destroy();
  net.Socket.prototype.connect = connect;
});
require('node:v8').startupSnapshot.setDeserializeMainFunction(async () => {
  const code = await globalThis.__image.exports.main(process.argv.slice(1));
  process.exitCode = code === undefined ? 2 : code;
});
`;
}

export async function benchRegistry(options: { quick?: boolean } = {}): Promise<void> {
  heading('kube-anatomy image vs skopeo inspect, against a local registry (docker-registry on 127.0.0.1)');
  if (!registryAvailable()) {
    console.log(`  skipped: ${INSTALL_HINT}`);
    return;
  }
  const skopeo = spawnSync('skopeo', ['--version'], { encoding: 'utf8' });
  if (skopeo.status !== 0) {
    console.log(`  skipped: skopeo is missing; ${INSTALL_HINT}`);
    return;
  }
  if (!fs.existsSync(path.resolve(root, bin, '../../../dist/cli/main.mjs'))) {
    console.log('  skipped: dist/cli is not built; run npm run build');
    return;
  }
  const runs = options.quick ? 5 : 15;
  const registry = await startRegistry();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-bench-registry-'));
  try {
    await pushFixtures(registry);
    // No credentials of the user's own are read by either tool.
    fs.mkdirSync(path.join(dir, 'docker'));
    const base: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: path.join(dir, 'docker'), REGISTRY_AUTH_FILE: path.join(dir, 'auth.json') };
    const platform = 'linux/amd64';
    console.log(`  ${runs} runs each, interleaved; ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} load average at the start; skopeo ${skopeo.stdout.trim().split(' ').pop()}`);
    // The floor's client, and the two snapshots: built once, by this very Node (a blob fits only the binary that made it).
    const floorClient = path.join(dir, 'floor.cjs');
    fs.writeFileSync(floorClient, FLOOR_CLIENT);
    const emptyBlob = path.join(dir, 'empty.blob');
    const imageBlob = path.join(dir, 'image.blob');
    fs.writeFileSync(path.join(dir, 'empty-entry.cjs'), "require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {});\n");
    fs.writeFileSync(path.join(dir, 'image-entry.cjs'), snapshotEntry(path.resolve(root, bin, '../../../dist/cli/image.cjs'), ['image', `${registry.host}/team/multi:1.0`, '--platform', platform]));
    const built = performance.now();
    for (const [blob, entry] of [[emptyBlob, 'empty-entry.cjs'], [imageBlob, 'image-entry.cjs']]) {
      const r = spawnSync(node, ['--snapshot-blob', blob, '--build-snapshot', path.join(dir, entry)], { cwd: dir, encoding: 'utf8', env: { ...base, KUBE_ANATOMY_REGISTRY_CACHE: path.join(dir, 'snapshot-warm-up') } });
      if (r.status !== 0) throw new Error(`building the startup snapshot ${entry} failed (${r.status}): ${r.stderr}`);
    }
    const blobMs = performance.now() - built;
    const mib = (file: string) => `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`  startup snapshots built in ${ms(blobMs)}: image ${mib(imageBlob)}, empty ${mib(emptyBlob)}`);
    for (const ref of ['team/multi:1.0', 'single:v1']) {
      const full = `${registry.host}/${ref}`;
      const cli = (cache: string, which = bin, time = wall) => time(node, [which, 'image', full, '--platform', platform], { ...base, KUBE_ANATOMY_REGISTRY_CACHE: cache });
      const sko = (time = wall) => time('skopeo', ['inspect', '--tls-verify=false', '--override-os', 'linux', '--override-arch', 'amd64', `docker://${full}`], base);
      const [repo, tag] = ref.split(':');
      const floorRun = (time = wall) => time(node, [floorClient, registry.host, repo, tag, 'linux', 'amd64'], base);
      const snap = (cache: string, time = wall) => time(node, ['--snapshot-blob', imageBlob, 'image', full, '--platform', platform], { ...base, KUBE_ANATOMY_REGISTRY_CACHE: cache });
      const snapEmpty = (time = wall) => time(node, ['--snapshot-blob', emptyBlob], base);
      // The snapshot must answer what the CLI answers, or its time means nothing.
      const said = (args: string[], cache: string) => spawnSync(node, args, { cwd: root, encoding: 'utf8', env: { ...base, KUBE_ANATOMY_REGISTRY_CACHE: cache } }).stdout;
      const cliSaid = said([bin, 'image', full, '--platform', platform], path.join(dir, `said-cli-${repo.replace(/\W/g, '-')}`));
      if (said(['--snapshot-blob', imageBlob, 'image', full, '--platform', platform], path.join(dir, `said-snap-${repo.replace(/\W/g, '-')}`)) !== cliSaid || !cliSaid) throw new Error(`the startup snapshot does not answer ${full} as the CLI does`);
      // The first of each fills the compile cache and the registry's own caches: not counted.
      cli(path.join(dir, 'first'));
      sko();
      const cold: number[] = [];
      const skopeoTimes: number[] = [];
      const warm: number[] = [];
      const baseCold: number[] = [];
      const baseWarm: number[] = [];
      const warmDir = path.join(dir, `warm-${ref.replace(/\W/g, '-')}`);
      cli(warmDir);
      if (baseBin) cli(path.join(dir, 'first-base'), baseBin);
      floorRun();
      const floorTimes: number[] = [];
      const snapTimes: number[] = [];
      const snapEmptyTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        cold.push(cli(path.join(dir, `cold-${ref.replace(/\W/g, '-')}-${i}`)));
        skopeoTimes.push(sko());
        warm.push(cli(warmDir));
        floorTimes.push(floorRun());
        snapTimes.push(snap(path.join(dir, `snap-cold-${ref.replace(/\W/g, '-')}-${i}`)));
        snapEmptyTimes.push(snapEmpty());
        if (baseBin) {
          baseCold.push(cli(path.join(dir, `base-cold-${ref.replace(/\W/g, '-')}-${i}`), baseBin));
          baseWarm.push(cli(warmDir, baseBin));
        }
      }
      // CPU time, in runs of their own.
      const cpus = { cold: [] as number[], warm: [] as number[], skopeo: [] as number[], baseCold: [] as number[], baseWarm: [] as number[], bare: [] as number[], floor: [] as number[], snap: [] as number[], snapEmpty: [] as number[] };
      for (let i = 0; i < runs; i++) {
        cpus.cold.push(cli(path.join(dir, `cpu-cold-${ref.replace(/\W/g, '-')}-${i}`), bin, cpu));
        cpus.skopeo.push(sko(cpu));
        cpus.warm.push(cli(warmDir, bin, cpu));
        cpus.bare.push(cpu(node, ['-e', '0'], base));
        cpus.floor.push(floorRun(cpu));
        cpus.snap.push(snap(path.join(dir, `cpu-snap-cold-${ref.replace(/\W/g, '-')}-${i}`), cpu));
        cpus.snapEmpty.push(snapEmpty(cpu));
        if (baseBin) {
          cpus.baseCold.push(cli(path.join(dir, `cpu-base-cold-${ref.replace(/\W/g, '-')}-${i}`), baseBin, cpu));
          cpus.baseWarm.push(cli(warmDir, baseBin, cpu));
        }
      }
      const floors = Array.from({ length: runs }, () => wall(node, [bin, '--version'], base));
      const bares = Array.from({ length: runs }, () => wall(node, ['-e', '0'], base));
      const floor = median(floors);
      const bare = median(bares);
      // In one process, as the app will ask: a new client on the filled cache each time.
      const inProcess: number[] = [];
      for (let i = 0; i < runs; i++) {
        const client = new RegistryClient({ cache: new DigestCache(warmDir), credentials: async () => undefined });
        const started = performance.now();
        await client.anatomy(full, { platform: { os: 'linux', architecture: 'amd64' } });
        inProcess.push(performance.now() - started);
        client.close();
      }
      // Cold in one process too (a new cache folder each time): what the app's main process will pay.
      const inProcessCold: number[] = [];
      for (let i = 0; i < runs; i++) {
        const client = new RegistryClient({ cache: new DigestCache(path.join(dir, `in-cold-${ref.replace(/\W/g, '-')}-${i}`)), credentials: async () => undefined });
        const started = performance.now();
        await client.anatomy(full, { platform: { os: 'linux', architecture: 'amd64' } });
        inProcessCold.push(performance.now() - started);
        client.close();
      }
      const c = median(cold);
      const s = median(skopeoTimes);
      const w = median(warm);
      const p = median(inProcess);
      console.log(`\n  ${ref} (${platform})`);
      const least = (values: number[]) => `min ${ms(Math.min(...values))}`;
      const cpuOf = (values: number[], of?: number[]) => `cpu ${ms(median(values))}${of ? ` ${(median(values) / median(of)).toFixed(2)}x` : ''}`;
      row('skopeo inspect (process)', ms(s), '', least(skopeoTimes), cpuOf(cpus.skopeo));
      row('kube-anatomy image, cold cache (process)', ms(c), `${(c / s).toFixed(2)}x skopeo`, least(cold), cpuOf(cpus.cold, cpus.skopeo));
      row('kube-anatomy image, warm cache (process)', ms(w), `${(w / s).toFixed(2)}x skopeo`, least(warm), cpuOf(cpus.warm, cpus.skopeo));
      if (baseBin) {
        row('  before (BASE_BIN), cold cache (process)', ms(median(baseCold)), `${(median(baseCold) / s).toFixed(2)}x skopeo`, least(baseCold), cpuOf(cpus.baseCold, cpus.skopeo));
        row('  before (BASE_BIN), warm cache (process)', ms(median(baseWarm)), `${(median(baseWarm) / s).toFixed(2)}x skopeo`, least(baseWarm), cpuOf(cpus.baseWarm, cpus.skopeo));
      }
      row('anatomy(), cold cache (in process)', ms(median(inProcessCold)), `${(median(inProcessCold) / s).toFixed(2)}x skopeo's process`);
      row('anatomy(), warm cache (in process)', ms(p));
      // What no Node process can go below: the same start with nothing asked.
      row('kube-anatomy --version (process)', ms(floor), `${(floor / s).toFixed(2)}x skopeo`, least(floors));
      row('node -e 0 (process)', ms(bare), `${(bare / s).toFixed(2)}x skopeo`, least(bares), cpuOf(cpus.bare, cpus.skopeo));
      row('  node, same GETs on bare node:net (floor)', ms(median(floorTimes)), `${(median(floorTimes) / s).toFixed(2)}x skopeo`, least(floorTimes), cpuOf(cpus.floor, cpus.skopeo));
      row('  image bundle from a startup snapshot, cold', ms(median(snapTimes)), `${(median(snapTimes) / s).toFixed(2)}x skopeo`, least(snapTimes), cpuOf(cpus.snap, cpus.skopeo));
      row('  node --snapshot-blob (empty snapshot)', ms(median(snapEmptyTimes)), `${(median(snapEmptyTimes) / s).toFixed(2)}x skopeo`, least(snapEmptyTimes), cpuOf(cpus.snapEmpty, cpus.skopeo));
      console.log(`  targets: cold <= 1.2x skopeo: ${c <= 1.2 * s ? 'met' : 'NOT met'}; warm answer <= 50 ms: ${p <= 50 ? 'met' : 'NOT met'} in process, ${w <= 50 ? 'met' : 'not met'} as a process`);
    }
    console.log(`  ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} load average at the end`);
  } finally {
    await registry.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchRegistry({ quick: process.argv.includes('--quick') });
}
