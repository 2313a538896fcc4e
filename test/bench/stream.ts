// A synthetic change stream for benchmarks: the watch events a busy cluster
// would send, as typed deltas, over a cluster from generate.ts (or any
// ClusterObjects of that shape), for sizes the test control plane cannot hold.
//
//   const stream = new ClusterStream(objects, { seed: 1 });
//   stream.next()  // one ObjectDelta: one watch event
//
// What happens in it, each as the controllers and the kubelet would write it:
//   rollout     a Deployment gets a new ReplicaSet (a new pod-template-hash, a
//               bumped image tag or a restartedAt annotation) and is rolled in
//               waves of a quarter of its replicas: new pods are created
//               Pending, scheduled, ContainerCreating (hostIP), then Running
//               with an IP; after each wave as many old pods go Terminating,
//               their containers stop, and they are deleted;
//   scale-up    new pods of a Deployment, the same way;
//   scale-down  pods of a Deployment Terminating, then deleted;
//   node-loss   a worker's conditions go Unknown and it is tainted unreachable,
//               its pods turn NotReady, its Deployment pods are evicted
//               (Terminating, held there while the kubelet is away) and
//               recreated on other nodes; then the kubelet comes back, the
//               evicted pods are deleted and the rest turn Ready again;
//   restart     a container exits, waits in CrashLoopBackOff, runs again
//               (restartCount + 1, lastState, a new containerID);
//   readiness   a pod's readiness probe fails, then passes again.
// Scenarios run side by side (`concurrency` at a time), one step each in turn
// at random, so their events interleave as a real watch stream's do.
//
// Every object has what the API server sends: metadata.uid, a resourceVersion
// that increases with each event, ownerReferences, status.podIP/podIPs from
// the node's podCIDR (handed out as the host-local IPAM plugin does, and kept
// until the pod is deleted), hostIP/hostIPs, containerStatuses. Deterministic
// for a seed and the same input objects; the input objects are never changed.

import type { ObjectDelta, ObjectList } from '../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../main/model/kube.ts';
import { makeIds } from '../../main/snapshot/demo/ids.ts';
import type { Ids } from '../../main/snapshot/demo/ids.ts';
import { expandImage } from '../../main/snapshot/demo/image.ts';
import { random } from '../fixtures/random.ts';

export type Scenario = 'rollout' | 'scale-up' | 'scale-down' | 'node-loss' | 'restart' | 'readiness';

export const SCENARIOS: readonly Scenario[] = ['rollout', 'scale-up', 'scale-down', 'node-loss', 'restart', 'readiness'];

export interface StreamOptions {
  seed?: number;
  /** Scenarios under way at once; default 24. */
  concurrency?: number;
  /** Relative weights of the scenarios each new one is drawn from; a missing one weighs its default. */
  mix?: Partial<Record<Scenario, number>>;
  /** Stream time between two changes, for the timestamps objects carry; default 1 ms (1,000 changes a second). */
  msPerChange?: number;
  /** When the stream starts (RFC 3339). */
  start?: string;
}

const DEFAULT_MIX: Record<Scenario, number> = { rollout: 6, 'scale-up': 3, 'scale-down': 3, 'node-loss': 0.3, restart: 6, readiness: 6 };
/** A scale-up stops at this many replicas. */
const MAX_REPLICAS = 24;
const TOKEN_PREFIX = 'kube-api-access-';
/** What a Deployment's pods are: not the system's (those come from DaemonSets, static manifests and kind's own add-ons). */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

type Obj = Record<string, any>;

/** A step of a scenario: a change, or nothing yet (it waits for others). */
const WAIT = Symbol('wait');
type Step = ObjectDelta | typeof WAIT;
type Actor = Generator<Step, void, void>;

interface Task {
  done: boolean;
}

interface NodeState {
  name: string;
  object: KubeObject;
  /** The conditions the kubelet reports when it is well, to restore after a loss. */
  readonly healthy: unknown[];
  internalIP: string;
  runtime: string;
  controlPlane: boolean;
  /** The podCIDR's network address as a number, and the last host number the plugin hands out. */
  base: number;
  lastHost: number;
  /** Host numbers held by pods on the node (Terminating ones too). */
  used: Set<number>;
  /** Where the plugin looks for the next free address: after the last one it gave. */
  cursor: number;
  /** Pods bound to the node (hostNetwork ones too: they count against maxPods). */
  pods: Set<string>;
  maxPods: number;
  lost: boolean;
}

interface PodState {
  object: KubeObject;
  node: string | undefined;
  /** Its host number in the node's podCIDR, when it holds one. */
  host: number | undefined;
  deployment: Deployment | undefined;
  /** A scenario is changing it: no other may touch it. */
  busy: boolean;
}

interface Deployment {
  namespace: string;
  name: string;
  /** The current ReplicaSet: its pod-template-hash and uid. */
  hash: string;
  rsUid: string;
  revision: number;
  /** A pod of the Deployment: the template new pods are made from (its spec). */
  template: KubeObject;
  /** The app container's image in the current template. */
  image: string;
  restartedAt: string | undefined;
  /** Its pods that are not being deleted. */
  pods: Set<string>;
  busy: boolean;
}

/** A set that can also hand out a random member in O(1). */
class Bag {
  private readonly items: string[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }
  add(item: string): void {
    if (this.at.has(item)) return;
    this.at.set(item, this.items.length);
    this.items.push(item);
  }
  delete(item: string): void {
    const i = this.at.get(item);
    if (i === undefined) return;
    const last = this.items.pop() as string;
    this.at.delete(item);
    if (last !== item) {
      this.items[i] = last;
      this.at.set(last, i);
    }
  }
  /** A member for which `ok` holds, looked for from a random place on; undefined when none does within `tries`. */
  pick(rand: () => number, ok: (item: string) => boolean, tries = this.items.length): string | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const start = Math.floor(rand() * n);
    for (let k = 0; k < Math.min(n, tries); k++) {
      const item = this.items[(start + k) % n] as string;
      if (ok(item)) return item;
    }
    return undefined;
  }
}

export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function meta(o: KubeObject): Obj {
  return (o.metadata ?? {}) as Obj;
}
function spec(o: KubeObject): Obj {
  return (o.spec ?? {}) as Obj;
}
function status(o: KubeObject): Obj {
  return (o.status ?? {}) as Obj;
}

function condition(type: string, value: string, time: string, extra: Obj = {}): Obj {
  return { lastProbeTime: null, lastTransitionTime: time, observedGeneration: 1, ...extra, status: value, type };
}

function setCondition(conditions: unknown, type: string, value: string, time: string, extra: Obj = {}): Obj[] {
  const list = Array.isArray(conditions) ? (conditions as Obj[]) : [];
  let found = false;
  const out = list.map((c) => {
    if (c.type !== type) return c;
    found = true;
    if (c.status === value) return c;
    const { reason: _r, message: _m, ...rest } = c;
    return { ...rest, ...extra, lastTransitionTime: time, status: value };
  });
  if (!found) out.push(condition(type, value, time, extra));
  return out;
}

export class ClusterStream {
  private readonly rand: () => number;
  private readonly ids: Ids;
  private readonly concurrency: number;
  private readonly mix: [Scenario, number][];
  private readonly mixTotal: number;
  private readonly msPerChange: number;
  private time: number;
  private rv: number;
  private serial = 0;
  private readonly actors: { actor: Actor; scenario: boolean }[] = [];
  private scenarios = 0;
  private readonly nodes = new Map<string, NodeState>();
  private readonly workers: string[] = [];
  private readonly pods = new Map<string, PodState>();
  /** Pods bound to a node, for churn to pick from. */
  private readonly bound = new Bag();
  /** namespace/name of every pod that exists: a new pod's name must be free. */
  private readonly names = new Set<string>();
  private readonly deployments: Deployment[] = [];
  /** Changes handed out so far. */
  emitted = 0;
  /** Scenarios started, by kind. */
  readonly started: Record<Scenario, number> = { rollout: 0, 'scale-up': 0, 'scale-down': 0, 'node-loss': 0, restart: 0, readiness: 0 };

  constructor(objects: ClusterObjects, options: StreamOptions = {}) {
    const seed = options.seed ?? 1;
    this.rand = random(seed ^ 0x57ea);
    this.ids = makeIds(`stream-${seed}`);
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 24));
    this.mix = SCENARIOS.map((s) => [s, Math.max(0, options.mix?.[s] ?? DEFAULT_MIX[s])]);
    this.mixTotal = this.mix.reduce((sum, [, w]) => sum + w, 0);
    if (!(this.mixTotal > 0)) throw new Error('stream: every scenario weighs 0');
    this.msPerChange = options.msPerChange ?? 1;
    this.time = Date.parse(options.start ?? '2026-12-01T09:00:00Z');
    if (!Number.isFinite(this.time)) throw new Error(`stream: start must be an RFC 3339 time, got ${options.start}`);
    // The API server's resourceVersions are etcd revisions: past every one the list held.
    let rv = 0;
    for (const list of [objects.nodes, objects.pods, objects.persistentVolumeClaims, objects.persistentVolumes, objects.namespaces]) {
      for (const o of list ?? []) rv = Math.max(rv, Number(meta(o).resourceVersion) || 0);
    }
    this.rv = rv;
    this.readNodes(objects.nodes ?? []);
    this.readPods(objects.pods ?? []);
  }

  /** The next change. Throws when there is nothing left that could change (an empty cluster). */
  next(): ObjectDelta {
    let idle = 0;
    for (;;) {
      while (this.scenarios < this.concurrency && this.startScenario()) {}
      if (this.actors.length === 0) throw new Error('stream: nothing in the cluster can change');
      const i = Math.floor(this.rand() * this.actors.length);
      const entry = this.actors[i]!;
      const step = entry.actor.next();
      if (step.done) {
        this.actors[i] = this.actors[this.actors.length - 1]!;
        this.actors.pop();
        if (entry.scenario) this.scenarios--;
        continue;
      }
      if (step.value === WAIT) {
        // Waiting scenarios wait for pods that always move on; this only trips on a bug.
        if (++idle > 1_000_000) throw new Error('stream: every scenario is waiting');
        continue;
      }
      this.emitted++;
      this.time += this.msPerChange;
      return step.value;
    }
  }

  take(count: number): ObjectDelta[] {
    const out: ObjectDelta[] = [];
    for (let i = 0; i < count; i++) out.push(this.next());
    return out;
  }

  // ------------------------------------------------------------ reading the cluster

  private readNodes(nodes: KubeObject[]): void {
    for (const node of nodes) {
      const m = meta(node);
      const s = status(node);
      const cidr = String(spec(node).podCIDR ?? '');
      const [net, bits] = cidr.split('/');
      const prefix = Number(bits);
      if (!m.name || !net || !(prefix >= 8 && prefix <= 30)) continue;
      const internalIP = ((s.addresses ?? []) as Obj[]).find((a) => a.type === 'InternalIP')?.address;
      const taints = (spec(node).taints ?? []) as Obj[];
      const controlPlane = taints.some((t) => t.key === 'node-role.kubernetes.io/control-plane');
      const state: NodeState = {
        name: String(m.name),
        object: node,
        healthy: (s.conditions ?? []) as unknown[],
        internalIP: String(internalIP ?? ''),
        runtime: String(s.nodeInfo?.containerRuntimeVersion ?? 'containerd://').split(':')[0] || 'containerd',
        controlPlane,
        base: ipv4ToNumber(net),
        lastHost: 2 ** (32 - prefix) - 2,
        used: new Set(),
        cursor: 2,
        pods: new Set(),
        maxPods: Number(s.allocatable?.pods ?? s.capacity?.pods ?? 110),
        lost: false,
      };
      this.nodes.set(state.name, state);
      if (!controlPlane) this.workers.push(state.name);
    }
  }

  private readPods(pods: KubeObject[]): void {
    const byRs = new Map<string, Deployment>();
    for (const pod of pods) {
      const m = meta(pod);
      const uid = String(m.uid ?? '');
      if (!uid || this.pods.has(uid)) continue;
      const nodeName = spec(pod).nodeName as string | undefined;
      const node = nodeName === undefined ? undefined : this.nodes.get(nodeName);
      const state: PodState = { object: pod, node: node?.name, host: undefined, deployment: undefined, busy: false };
      this.pods.set(uid, state);
      this.names.add(`${m.namespace}/${m.name}`);
      if (node) {
        node.pods.add(uid);
        this.bound.add(uid);
        const ip = status(pod).podIP as string | undefined;
        if (ip !== undefined && spec(pod).hostNetwork !== true) {
          const host = ipv4ToNumber(ip) - node.base;
          if (host >= 2 && host <= node.lastHost) {
            state.host = host;
            node.used.add(host);
            node.cursor = Math.max(node.cursor, host + 1);
          }
        }
      }
      const owner = ((m.ownerReferences ?? []) as Obj[]).find((o) => o.controller);
      const hash = (m.labels as Obj | undefined)?.['pod-template-hash'];
      if (owner?.kind !== 'ReplicaSet' || typeof hash !== 'string' || SYSTEM_NAMESPACES.has(String(m.namespace))) continue;
      const key = `${m.namespace}/${owner.name}`;
      let deployment = byRs.get(key);
      if (!deployment) {
        const name = String(owner.name).slice(0, -(hash.length + 1));
        const image = String(((spec(pod).containers ?? []) as Obj[])[0]?.image ?? '');
        deployment = { namespace: String(m.namespace), name, hash, rsUid: String(owner.uid), revision: 1, template: pod, image, restartedAt: undefined, pods: new Set(), busy: false };
        byRs.set(key, deployment);
        this.deployments.push(deployment);
      }
      deployment.pods.add(uid);
      state.deployment = deployment;
    }
  }

  // ------------------------------------------------------------ the scheduler of scenarios

  private spawn(actor: Actor, scenario = false): Task {
    const task: Task = { done: false };
    const wrapped = (function* () {
      yield* actor;
      task.done = true;
    })();
    this.actors.push({ actor: wrapped, scenario });
    if (scenario) this.scenarios++;
    return task;
  }

  private *waitFor(tasks: Task[]): Actor {
    while (tasks.some((t) => !t.done)) yield WAIT;
  }

  /** Starts one scenario drawn from the mix; false when the one drawn found nothing to act on. */
  private startScenario(): boolean {
    let roll = this.rand() * this.mixTotal;
    let kind: Scenario = 'readiness';
    for (const [s, w] of this.mix) {
      if (roll < w) {
        kind = s;
        break;
      }
      roll -= w;
    }
    const actor = this.scenario(kind);
    if (!actor) return false;
    this.started[kind]++;
    this.spawn(actor, true);
    return true;
  }

  private scenario(kind: Scenario): Actor | undefined {
    switch (kind) {
      case 'rollout': {
        const d = this.pickDeployment((d) => d.pods.size > 0);
        return d && this.rollout(this.hold(d));
      }
      case 'scale-up': {
        const d = this.pickDeployment((d) => d.pods.size < MAX_REPLICAS);
        return d && this.scaleUp(this.hold(d));
      }
      case 'scale-down': {
        const d = this.pickDeployment((d) => d.pods.size > 1);
        return d && this.scaleDown(this.hold(d));
      }
      case 'node-loss': {
        // At most one node away at a time, and never one whose pods another scenario holds.
        if (this.workers.length < 2 || this.workers.some((n) => this.nodes.get(n)!.lost)) return undefined;
        const start = Math.floor(this.rand() * this.workers.length);
        for (let k = 0; k < Math.min(this.workers.length, 20); k++) {
          const node = this.nodes.get(this.workers[(start + k) % this.workers.length]!)!;
          if ([...node.pods].some((uid) => this.pods.get(uid)!.busy)) continue;
          node.lost = true;
          const held = [...node.pods];
          for (const uid of held) this.pods.get(uid)!.busy = true;
          return this.nodeLoss(node, held);
        }
        return undefined;
      }
      case 'restart':
      case 'readiness': {
        const uid = this.bound.pick(this.rand, (uid) => this.running(uid), 64);
        if (uid === undefined) return undefined;
        this.pods.get(uid)!.busy = true;
        return kind === 'restart' ? this.restart(uid) : this.readiness(uid);
      }
    }
  }

  /**
   * A scenario holds what it changes from the moment it is drawn: its body (a
   * generator) only runs at its first turn, and nothing else may pick the
   * same Deployment, node or pod in between.
   */
  private hold(d: Deployment): Deployment {
    d.busy = true;
    return d;
  }

  private pickDeployment(ok: (d: Deployment) => boolean): Deployment | undefined {
    const n = this.deployments.length;
    if (n === 0) return undefined;
    const start = Math.floor(this.rand() * n);
    for (let k = 0; k < Math.min(n, 64); k++) {
      const d = this.deployments[(start + k) % n]!;
      if (!d.busy && ok(d)) return d;
    }
    return undefined;
  }

  /** A pod that is bound, Running, on a node that is up, and free. */
  private running(uid: string): boolean {
    const p = this.pods.get(uid);
    if (!p || p.busy || p.node === undefined || this.nodes.get(p.node)!.lost) return false;
    const s = status(p.object);
    return s.phase === 'Running' && meta(p.object).deletionTimestamp === undefined && Array.isArray(s.containerStatuses);
  }

  // ------------------------------------------------------------ scenarios

  private *rollout(d: Deployment): Actor {
    d.revision++;
    d.hash = this.ids.suffix(`rs/${d.namespace}/${d.name}/${d.revision}`, 10);
    d.rsUid = this.ids.uid(`replicaset/${d.namespace}/${d.name}-${d.hash}`);
    const bumped = bumpTag(d.image);
    if (bumped !== undefined) d.image = bumped;
    else d.restartedAt = iso(this.time);
    const wave = Math.max(1, Math.ceil(d.pods.size / 4));
    const isOld = (uid: string) => labelsOf(this.pods.get(uid)!.object)['pod-template-hash'] !== d.hash;
    for (;;) {
      const old = [...d.pods].filter(isOld);
      if (old.length === 0) break;
      const free = old.filter((uid) => !this.pods.get(uid)!.busy);
      // Old pods another scenario holds (an eviction, a restart) are waited for.
      if (free.length === 0) {
        yield WAIT;
        continue;
      }
      const n = Math.min(wave, free.length);
      yield* this.waitFor(Array.from({ length: n }, () => this.spawn(this.createPod(d))));
      for (const uid of free.slice(0, n)) {
        const p = this.pods.get(uid);
        if (!p || p.busy || !d.pods.has(uid)) continue;
        p.busy = true;
        this.spawn(this.deletePod(uid));
      }
    }
    d.busy = false;
  }

  private *scaleUp(d: Deployment): Actor {
    const n = Math.min(MAX_REPLICAS - d.pods.size, 1 + Math.floor(this.rand() * Math.max(1, Math.ceil(d.pods.size / 2))));
    yield* this.waitFor(Array.from({ length: n }, () => this.spawn(this.createPod(d))));
    d.busy = false;
  }

  private *scaleDown(d: Deployment): Actor {
    const n = 1 + Math.floor(this.rand() * Math.floor(d.pods.size / 2));
    const tasks: Task[] = [];
    for (const uid of [...d.pods].reverse()) {
      if (tasks.length >= n) break;
      const p = this.pods.get(uid)!;
      if (p.busy) continue;
      p.busy = true;
      tasks.push(this.spawn(this.deletePod(uid)));
    }
    yield* this.waitFor(tasks);
    d.busy = false;
  }

  /** The node is marked lost and its pods held by the caller. */
  private *nodeLoss(node: NodeState, held: string[]): Actor {
    yield this.changeNode(node, (n) => lostNode(n, iso(this.time), false));
    // The node lifecycle controller marks every pod on it NotReady.
    for (const uid of held) {
      const p = this.pods.get(uid)!;
      if (readyOf(p.object) !== 'True') continue;
      yield this.changePod(uid, (o) => ({ ...o, status: { ...status(o), conditions: setCondition(status(o).conditions, 'Ready', 'False', iso(this.time)) } }));
    }
    yield this.changeNode(node, (n) => lostNode(n, iso(this.time), true));
    // The taint manager evicts what does not tolerate unreachable for ever: the Deployment pods here.
    // Each stays Terminating (its kubelet is away) while its ReplicaSet makes a new one elsewhere.
    const evicted: string[] = [];
    const replacements: Task[] = [];
    for (const uid of held) {
      const p = this.pods.get(uid)!;
      if (!p.deployment || meta(p.object).deletionTimestamp !== undefined) continue;
      evicted.push(uid);
      p.deployment.pods.delete(uid);
      yield this.changePod(uid, (o) => terminating(o, iso(this.time)));
      replacements.push(this.spawn(this.createPod(p.deployment)));
    }
    yield* this.waitFor(replacements);
    // The kubelet comes back: it reports again, stops and drops the evicted pods, and the rest are Ready.
    yield this.changeNode(node, (n) => ({ ...n, spec: withoutUnreachable(spec(n)), status: { ...status(n), conditions: healthyConditions(node.healthy, iso(this.time)) } }));
    node.lost = false;
    for (const uid of evicted) {
      yield this.changePod(uid, (o) => stopped(o, iso(this.time)));
      yield this.drop(uid);
    }
    for (const uid of held) {
      const p = this.pods.get(uid);
      if (!p) continue;
      if (readyOf(p.object) === 'False' && allContainersReady(p.object)) {
        yield this.changePod(uid, (o) => ({ ...o, status: { ...status(o), conditions: setCondition(status(o).conditions, 'Ready', 'True', iso(this.time)) } }));
      }
      p.busy = false;
    }
  }

  /** One container exits and is started again after a back-off. The pod is held by the caller. */
  private *restart(uid: string): Actor {
    const p = this.pods.get(uid)!;
    const statuses = (status(p.object).containerStatuses ?? []) as Obj[];
    const index = Math.floor(this.rand() * statuses.length);
    const oom = this.rand() < 0.3;
    yield this.changePod(uid, (o) => {
      const now = iso(this.time);
      const containerStatuses = ((status(o).containerStatuses ?? []) as Obj[]).map((c, i) => {
        if (i !== index) return c;
        const startedAt = c.state?.running?.startedAt ?? now;
        return {
          ...c,
          lastState: { terminated: { containerID: c.containerID, exitCode: oom ? 137 : 1, finishedAt: now, reason: oom ? 'OOMKilled' : 'Error', startedAt } },
          ready: false,
          restartCount: Number(c.restartCount ?? 0) + 1,
          started: false,
          state: { waiting: { message: `back-off 10s restarting failed container=${c.name} pod=${meta(o).name}_${meta(o).namespace}(${meta(o).uid})`, reason: 'CrashLoopBackOff' } },
        };
      });
      return { ...o, status: notReady(status(o), containerStatuses, now) };
    });
    yield* this.pause(2 + Math.floor(this.rand() * 6));
    yield this.changePod(uid, (o) => {
      const now = iso(this.time);
      const node = this.nodes.get(p.node!)!;
      const containerStatuses = ((status(o).containerStatuses ?? []) as Obj[]).map((c, i) =>
        i !== index
          ? c
          : { ...c, containerID: `${node.runtime}://${this.ids.hex(`container:${uid}/${c.name}/${c.restartCount}`)}`, ready: true, started: true, state: { running: { startedAt: now } } },
      );
      return { ...o, status: readyAgain(status(o), containerStatuses, now) };
    });
    p.busy = false;
  }

  private *readiness(uid: string): Actor {
    const p = this.pods.get(uid)!;
    const statuses = (status(p.object).containerStatuses ?? []) as Obj[];
    const index = Math.floor(this.rand() * statuses.length);
    yield this.changePod(uid, (o) => {
      const containerStatuses = ((status(o).containerStatuses ?? []) as Obj[]).map((c, i) => (i === index ? { ...c, ready: false } : c));
      return { ...o, status: notReady(status(o), containerStatuses, iso(this.time)) };
    });
    yield* this.pause(2 + Math.floor(this.rand() * 10));
    yield this.changePod(uid, (o) => {
      const containerStatuses = ((status(o).containerStatuses ?? []) as Obj[]).map((c, i) => (i === index ? { ...c, ready: true } : c));
      return { ...o, status: readyAgain(status(o), containerStatuses, iso(this.time)) };
    });
    p.busy = false;
  }

  /** Lets `turns` of this actor's turns pass: the time a back-off or a probe period takes. */
  private *pause(turns: number): Actor {
    for (let i = 0; i < turns; i++) yield WAIT;
  }

  // ------------------------------------------------------------ one pod's life

  /** A new pod of the Deployment's current ReplicaSet: created, scheduled, its sandbox made, Running. */
  private *createPod(d: Deployment): Actor {
    const serial = ++this.serial;
    let name = '';
    for (let k = 0; !name || this.names.has(`${d.namespace}/${name}`); k++) name = `${d.name}-${d.hash}-${this.ids.suffix(`pod/${serial}/${k}`, 5)}`;
    const uid = this.ids.uid(`pod/${d.namespace}/${name}/${serial}`);
    const created = iso(this.time);
    const pod = newPod(d, name, uid, created, this.ids.suffix(`token/${serial}`, 5));
    const state: PodState = { object: pod, node: undefined, host: undefined, deployment: d, busy: true };
    this.pods.set(uid, state);
    this.names.add(`${d.namespace}/${name}`);
    d.pods.add(uid);
    yield this.put('pods', 'added', pod);

    const node = this.pickNode();
    if (!node) {
      // No room anywhere: it stays Pending, as the scheduler leaves it.
      const message = `0/${this.nodes.size} nodes are available: ${this.nodes.size} Too many pods.`;
      yield this.changePod(uid, (o) => ({ ...o, status: { ...status(o), conditions: [condition('PodScheduled', 'False', iso(this.time), { message, reason: 'Unschedulable' })] } }));
      state.busy = false;
      return;
    }
    // The scheduler counts the pod against the node as soon as it binds it.
    node.pods.add(uid);
    state.node = node.name;
    this.bound.add(uid);
    yield this.changePod(uid, (o) => ({ ...o, spec: { ...spec(o), nodeName: node.name }, status: { ...status(o), conditions: [condition('PodScheduled', 'True', iso(this.time))] } }));
    yield this.changePod(uid, (o) => ({ ...o, status: creatingStatus(o, node, iso(this.time)) }));
    const host = this.allocate(node);
    state.host = host;
    const ip = host === undefined ? undefined : numberToIpv4(node.base + host);
    yield this.changePod(uid, (o) => ({ ...o, status: runningStatus(o, node, ip, iso(this.time), this.ids) }));
    state.busy = false;
  }

  /** Graceful deletion: Terminating, containers stopped, gone. The pod is held by the caller. */
  private *deletePod(uid: string): Actor {
    const p = this.pods.get(uid)!;
    p.deployment?.pods.delete(uid);
    if (p.node === undefined) {
      // Never bound: no kubelet to wait for, the API server deletes it at once.
      yield this.drop(uid);
      return;
    }
    yield this.changePod(uid, (o) => terminating(o, iso(this.time)));
    yield this.changePod(uid, (o) => stopped(o, iso(this.time)));
    yield this.drop(uid);
  }

  private pickNode(): NodeState | undefined {
    const n = this.workers.length;
    const start = Math.floor(this.rand() * n);
    for (let k = 0; k < n; k++) {
      const node = this.nodes.get(this.workers[(start + k) % n]!)!;
      if (!node.lost && node.pods.size < node.maxPods && node.used.size < node.lastHost - 1) return node;
    }
    return undefined;
  }

  /** The next free address after the last one given, wrapping round, as host-local does. */
  private allocate(node: NodeState): number | undefined {
    const span = node.lastHost - 1;
    for (let k = 0; k < span; k++) {
      const host = 2 + ((node.cursor - 2 + k) % span);
      if (node.used.has(host)) continue;
      node.used.add(host);
      node.cursor = host + 1;
      return host;
    }
    return undefined;
  }

  // ------------------------------------------------------------ events

  /** An event for the object, with the next resourceVersion. */
  private put(resource: ObjectList, type: ObjectDelta['type'], object: KubeObject): ObjectDelta {
    const stamped = { ...object, metadata: { ...meta(object), resourceVersion: String(++this.rv) } };
    return { type, resource, object: stamped };
  }

  private changePod(uid: string, change: (o: KubeObject) => KubeObject): ObjectDelta {
    const p = this.pods.get(uid)!;
    const delta = this.put('pods', 'modified', change(p.object));
    p.object = delta.object;
    return delta;
  }

  private changeNode(node: NodeState, change: (o: KubeObject) => KubeObject): ObjectDelta {
    const delta = this.put('nodes', 'modified', change(node.object));
    node.object = delta.object;
    return delta;
  }

  /** The pod is gone: its address and its place on the node are free again. */
  private drop(uid: string): ObjectDelta {
    const p = this.pods.get(uid)!;
    const delta = this.put('pods', 'deleted', p.object);
    this.pods.delete(uid);
    this.bound.delete(uid);
    this.names.delete(`${meta(p.object).namespace}/${meta(p.object).name}`);
    p.deployment?.pods.delete(uid);
    if (p.node !== undefined) {
      const node = this.nodes.get(p.node)!;
      node.pods.delete(uid);
      if (p.host !== undefined) node.used.delete(p.host);
    }
    return delta;
  }
}

// ------------------------------------------------------------ objects

function labelsOf(o: KubeObject): Obj {
  return (meta(o).labels ?? {}) as Obj;
}

function readyOf(o: KubeObject): string | undefined {
  return ((status(o).conditions ?? []) as Obj[]).find((c) => c.type === 'Ready')?.status;
}

function allContainersReady(o: KubeObject): boolean {
  return ((status(o).containerStatuses ?? []) as Obj[]).every((c) => c.ready === true);
}

/** "nginx:1.27.3" → "nginx:1.27.4"; undefined when the tag has no number to bump (latest, none, a digest). */
export function bumpTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const colon = image.lastIndexOf(':');
  if (colon === -1 || image.indexOf('/', colon) !== -1) return undefined;
  const tag = image.slice(colon + 1);
  const m = /^(.*?)(\d+)(\D*)$/.exec(tag);
  if (!m) return undefined;
  return `${image.slice(0, colon + 1)}${m[1]}${Number(m[2]) + 1}${m[3]}`;
}

function newPod(d: Deployment, name: string, uid: string, created: string, tokenSuffix: string): KubeObject {
  const t = spec(d.template);
  const oldToken = ((t.volumes ?? []) as Obj[]).find((v) => String(v.name).startsWith(TOKEN_PREFIX))?.name;
  const token = `${TOKEN_PREFIX}${tokenSuffix}`;
  const mounts = (c: Obj) => (c.volumeMounts ? { volumeMounts: (c.volumeMounts as Obj[]).map((m) => (m.name === oldToken ? { ...m, name: token } : m)) } : {});
  const { nodeName: _n, ...rest } = t;
  const podSpec: Obj = {
    ...rest,
    containers: ((t.containers ?? []) as Obj[]).map((c, i) => ({ ...c, ...(i === 0 ? { image: d.image } : {}), ...mounts(c) })),
    ...(t.initContainers ? { initContainers: (t.initContainers as Obj[]).map((c) => ({ ...c, ...mounts(c) })) } : {}),
    volumes: ((t.volumes ?? []) as Obj[]).map((v) => (v.name === oldToken ? { ...v, name: token } : v)),
  };
  const tm = meta(d.template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(d.restartedAt !== undefined ? { annotations: { ...(tm.annotations as Obj | undefined), 'kubectl.kubernetes.io/restartedAt': d.restartedAt } } : tm.annotations ? { annotations: tm.annotations } : {}),
      creationTimestamp: created,
      generateName: `${d.name}-${d.hash}-`,
      generation: 1,
      labels: { ...labelsOf(d.template), 'pod-template-hash': d.hash },
      name,
      namespace: d.namespace,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: `${d.name}-${d.hash}`, uid: d.rsUid }],
      resourceVersion: '',
      uid,
    },
    spec: podSpec,
    status: { phase: 'Pending', qosClass: status(d.template).qosClass ?? 'BestEffort' },
  };
}

function mountStatuses(c: Obj): Obj[] {
  return ((c.volumeMounts ?? []) as Obj[]).map((m) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) }));
}

/** The kubelet has the pod: hostIP, startTime, containers being created. */
function creatingStatus(o: KubeObject, node: NodeState, now: string): Obj {
  const containers = (spec(o).containers ?? []) as Obj[];
  return {
    conditions: [
      condition('PodReadyToStartContainers', 'False', now),
      condition('Initialized', 'True', now),
      condition('Ready', 'False', now, { message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`, reason: 'ContainersNotReady' }),
      condition('ContainersReady', 'False', now, { message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`, reason: 'ContainersNotReady' }),
      condition('PodScheduled', 'True', (status(o).conditions as Obj[] | undefined)?.[0]?.lastTransitionTime ?? now),
    ],
    containerStatuses: containers.map((c) => ({
      image: expandImage(String(c.image)).reported,
      imageID: '',
      lastState: {},
      name: c.name,
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      volumeMounts: mountStatuses(c),
    })),
    hostIP: node.internalIP,
    hostIPs: [{ ip: node.internalIP }],
    phase: 'Pending',
    qosClass: status(o).qosClass,
    startTime: now,
  };
}

/** Every container started and ready; the pod has its IP. */
function runningStatus(o: KubeObject, node: NodeState, ip: string | undefined, now: string, ids: Ids): Obj {
  const s = status(o);
  const uid = String(meta(o).uid);
  const containers = (spec(o).containers ?? []) as Obj[];
  const created = ((s.conditions ?? []) as Obj[]).find((c) => c.type === 'PodScheduled')?.lastTransitionTime ?? now;
  return {
    conditions: [
      condition('PodReadyToStartContainers', 'True', now),
      condition('Initialized', 'True', s.startTime ?? now),
      condition('Ready', 'True', now),
      condition('ContainersReady', 'True', now),
      condition('PodScheduled', 'True', created),
    ],
    containerStatuses: containers.map((c) => {
      const image = expandImage(String(c.image));
      return {
        containerID: `${node.runtime}://${ids.hex(`container:${uid}/${c.name}/0`)}`,
        image: image.reported,
        imageID: `${image.repository}@${image.digest ?? `sha256:${ids.hex(`image:${image.repository}:${image.tag ?? ''}`)}`}`,
        lastState: {},
        name: c.name,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: now } },
        volumeMounts: mountStatuses(c),
      };
    }),
    hostIP: node.internalIP,
    hostIPs: [{ ip: node.internalIP }],
    observedGeneration: 1,
    phase: 'Running',
    ...(ip !== undefined ? { podIP: ip, podIPs: [{ ip }] } : {}),
    qosClass: s.qosClass,
    startTime: s.startTime ?? now,
  };
}

function notReady(s: Obj, containerStatuses: Obj[], now: string): Obj {
  const names = containerStatuses.filter((c) => c.ready !== true).map((c) => c.name);
  const extra = { message: `containers with unready status: [${names.join(' ')}]`, reason: 'ContainersNotReady' };
  let conditions = setCondition(s.conditions, 'ContainersReady', 'False', now, extra);
  conditions = setCondition(conditions, 'Ready', 'False', now, extra);
  return { ...s, conditions, containerStatuses };
}

function readyAgain(s: Obj, containerStatuses: Obj[], now: string): Obj {
  if (!containerStatuses.every((c) => c.ready === true)) return notReady(s, containerStatuses, now);
  let conditions = setCondition(s.conditions, 'ContainersReady', 'True', now);
  conditions = setCondition(conditions, 'Ready', 'True', now);
  return { ...s, conditions, containerStatuses };
}

function terminating(o: KubeObject, now: string): KubeObject {
  const grace = Number(spec(o).terminationGracePeriodSeconds ?? 30);
  return { ...o, metadata: { ...meta(o), deletionGracePeriodSeconds: grace, deletionTimestamp: iso(Date.parse(now) + grace * 1000) } };
}

/** The kubelet has stopped every container (SIGTERM honoured): none ready, all terminated. */
function stopped(o: KubeObject, now: string): KubeObject {
  const s = status(o);
  const containerStatuses = ((s.containerStatuses ?? []) as Obj[]).map((c) => ({
    ...c,
    ready: false,
    started: false,
    state: { terminated: { containerID: c.containerID, exitCode: 0, finishedAt: now, reason: 'Completed', startedAt: c.state?.running?.startedAt ?? now } },
  }));
  return { ...o, status: notReady(s, containerStatuses, now) };
}

function lostNode(n: KubeObject, now: string, noExecute: boolean): KubeObject {
  const s = status(n);
  const conditions = ((s.conditions ?? []) as Obj[]).map((c) =>
    c.status === 'Unknown' ? c : { ...c, lastTransitionTime: now, message: 'Kubelet stopped posting node status.', reason: 'NodeStatusUnknown', status: 'Unknown' },
  );
  const taints = ((spec(n).taints ?? []) as Obj[]).filter((t) => t.key !== 'node.kubernetes.io/unreachable');
  taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unreachable', timeAdded: now });
  if (noExecute) taints.push({ effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', timeAdded: now });
  return { ...n, spec: { ...spec(n), taints }, status: { ...s, conditions } };
}

function withoutUnreachable(s: Obj): Obj {
  const taints = ((s.taints ?? []) as Obj[]).filter((t) => t.key !== 'node.kubernetes.io/unreachable');
  const { taints: _t, ...rest } = s;
  return taints.length > 0 ? { ...rest, taints } : rest;
}

function healthyConditions(healthy: unknown[], now: string): Obj[] {
  return (healthy as Obj[]).map((c) => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: now }));
}
