// Kubernetes objects the live tests create, and questions about kubectl's view
// of them. Every object goes into a namespace (or has a name) unique to the run.

import { loadKubeconfig } from '../../main/cluster/kubeconfig.ts';
import { createLiveSource } from '../../main/cluster/live-source.ts';
import type { ClusterObjects } from '../../main/model/kube.ts';
import type { ObjectSource } from '../../main/source/object-source.ts';
import type { Truth } from './truth.ts';
import { kubectl, waitFor, type LiveEnv } from './harness.ts';

type Json = Record<string, unknown>;

export function namespaceObject(name: string): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kube-anatomy.test/live': 'true' } } };
}

export function deploymentObject(namespace: string, name: string, replicas: number): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'web', image: 'docker.io/library/nginx:1.27', ports: [{ containerPort: 80 }] }],
        },
      },
    },
  };
}

/** Two containers sharing an emptyDir, like a writer and a server. */
export function sharedVolumePod(namespace: string, name: string): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      containers: [
        { name: 'writer', image: 'docker.io/library/busybox:1.36', command: ['sh', '-c', 'sleep infinity'], volumeMounts: [{ name: 'scratch', mountPath: '/out' }] },
        { name: 'reader', image: 'docker.io/library/nginx:1.27', volumeMounts: [{ name: 'scratch', mountPath: '/usr/share/nginx/html', readOnly: true }] },
      ],
      volumes: [{ name: 'scratch', emptyDir: {} }],
    },
  };
}

export function plainPod(namespace: string, name: string): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: { containers: [{ name: 'web', image: 'docker.io/library/nginx:1.27' }] },
  };
}

/** A node kwok takes care of (the annotation its --manage-nodes-with-annotation-selector matches). */
export function kwokNode(name: string, index: number): Json {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        type: 'kwok',
        'kube-anatomy.test/live': 'true',
      },
    },
    spec: { podCIDR: `10.245.${index % 256}.0/24`, podCIDRs: [`10.245.${index % 256}.0/24`] },
    status: {
      addresses: [
        { type: 'InternalIP', address: `172.19.${Math.floor(index / 256) % 256}.${(index % 254) + 1}` },
        { type: 'Hostname', address: name },
      ],
    },
  };
}

// ---------------------------------------------------------------- reading kubectl's view

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export const metaOf = (o: Obj) => rec(o.metadata);

export function podsIn(truth: Truth, namespace: string, app?: string): Obj[] {
  return truth.pods.filter((p) => metaOf(p).namespace === namespace && (app === undefined || rec(metaOf(p).labels).app === app));
}

export function isRunningWithIP(pod: Obj): boolean {
  const status = rec(pod.status);
  return status.phase === 'Running' && typeof status.podIP === 'string' && status.podIP !== '' && metaOf(pod).deletionTimestamp === undefined;
}

/** true when exactly `count` pods of the app exist and all are Running with an IP; else what is off. */
export function exactlyRunning(truth: Truth, namespace: string, app: string, count: number): true | string {
  const pods = podsIn(truth, namespace, app);
  const running = pods.filter(isRunningWithIP).length;
  return pods.length === count && running === count ? true : `${namespace} app=${app}: ${pods.length} pods, ${running} Running with an IP (want ${count})`;
}

export function nodeReady(truth: Truth, name: string): true | string {
  const node = truth.nodes.find((n) => metaOf(n).name === name);
  if (!node) return `node ${name} does not exist`;
  const ready = (rec(node.status).conditions as Obj[] | undefined)?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? true : `node ${name} is not Ready`;
}

/** Deletes a test node and the pods still bound to it (daemon sets put some there), and waits until they are gone. */
export async function removeNode(env: LiveEnv, name: string): Promise<void> {
  await kubectl(env, ['delete', 'node', name, '--ignore-not-found', '--wait=false']);
  await kubectl(env, ['delete', 'pods', '-A', '--field-selector', `spec.nodeName=${name}`, '--force', '--grace-period=0', '--ignore-not-found']);
  await waitFor(
    async () => {
      const left = await kubectl(env, ['get', 'pods', '-A', '--field-selector', `spec.nodeName=${name}`, '-o', 'name']);
      const node = await kubectl(env, ['get', 'node', name, '--ignore-not-found', '-o', 'name']);
      return (left.trim() === '' && node.trim() === '') || `still there: ${node.trim()} ${left.trim()}`;
    },
    { what: `node ${name} and its pods to be gone` },
  );
}

/** Deletes a test namespace and waits until it is gone. */
export async function removeNamespace(env: LiveEnv, name: string, timeoutMs = 180_000): Promise<void> {
  await kubectl(env, ['delete', 'namespace', name, '--ignore-not-found', '--wait=false']);
  await waitFor(async () => (await kubectl(env, ['get', 'namespace', name, '--ignore-not-found', '-o', 'name'])).trim() === '' || `namespace ${name} still terminating`, {
    what: `namespace ${name} to be deleted`,
    timeoutMs,
  });
}

/** The app's live source as the session runs it (events included), and what it last handed over. */
export interface SeenSource {
  source: ObjectSource;
  objects?: ClusterObjects;
  phase?: string;
  stop(): Promise<void>;
}

export function startEventSource(kubeconfig: string, namespaces?: string[]): SeenSource {
  const access = loadKubeconfig({ kubeconfigFlag: kubeconfig }).access();
  const source = createLiveSource({ access, coalesceMs: 50, eventsCoalesceMs: 100, ...(namespaces ? { namespaces } : {}) });
  const seen: SeenSource = {
    source,
    stop: async () => {
      await source.stop();
      access.dispose();
    },
  };
  source.start({ objects: (o) => (seen.objects = o), state: (s) => (seen.phase = s.phase) });
  return seen;
}

// kubectl get events prints core v1 Events; these read them the way events.k8s.io/v1 (the app's) means them.
type KubectlEvent = Record<string, any>;

/** kubectl's events about one object in a namespace (core v1, as `kubectl get events -o json` prints them). */
export async function kubectlEventsAbout(env: LiveEnv, ns: string, name: string): Promise<KubectlEvent[]> {
  const out = JSON.parse(await kubectl(env, ['get', 'events', '-n', ns, '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])) as { items: KubectlEvent[] };
  return out.items;
}

/** How many times the event happened: its series' count, else its count, and an event without either happened once. */
export const eventCount = (e: KubectlEvent): number => e.series?.count ?? (e.count > 0 ? e.count : 1);

/** When the event last happened, in ms (0 when it carries no time): the series' last, else lastTimestamp, eventTime, firstTimestamp. */
export const eventLastSeen = (e: KubectlEvent): number => Date.parse(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '') || 0;
