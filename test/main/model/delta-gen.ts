// Random deltas over a random small cluster, for the property test of
// applyDelta. Deterministic for a seed. Names, uids and claim names come from
// small pools so that objects collide the ways that matter: a pod and the
// claim it names, two Node objects under one name, a PV several claims bind,
// an old version arriving after a new one, a pod on a node that has no object,
// a control-plane static pod on a worker, and now and then something malformed.

import { objectKey, relistDeltas, type Delta, type ObjectDelta, type ObjectList } from '../../../main/model/delta.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { random } from '../../fixtures/random.ts';

const NAMESPACES = ['default', 'shop', 'team-a'];
const NODES = ['cp', 'w1', 'w2', 'w3'];
const PODS = ['web-0', 'web-1', 'db-0', 'job', 'etcd-cp', 'api-w1'];
const CLAIMS = ['data', 'shared', 'logs', 'web-0-scratch', 'db-0-scratch'];
const VOLUMES = ['pv-a', 'pv-b', 'pv-c'];

export class DeltaGen {
  private readonly r: () => number;
  private rv = 0;
  /** Every object version made so far, to send again (duplicates, old versions out of order). */
  private readonly sent: ObjectDelta[] = [];
  /** What the deltas so far leave, last delivered wins (the store a reflector diffs a relist against). */
  private readonly known: Record<ObjectList, Map<string, KubeObject>> = {
    nodes: new Map(),
    pods: new Map(),
    persistentVolumeClaims: new Map(),
    persistentVolumes: new Map(),
    namespaces: new Map(),
  };

  constructor(seed: number) {
    this.r = random(seed);
  }

  private int(n: number): number {
    return Math.floor(this.r() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  /** Metadata with a fresh resourceVersion; a uid from a pool of two per name, rarely none or a shared one. */
  private meta(kind: string, name: string, namespace?: string): Record<string, unknown> {
    const meta: Record<string, unknown> = { name, resourceVersion: String(++this.rv), creationTimestamp: '2026-11-01T08:00:00Z' };
    // A snapshot's objects may carry no resourceVersion: then every delivery counts as a change.
    if (this.chance(0.05)) delete meta['resourceVersion'];
    if (namespace !== undefined) meta['namespace'] = namespace;
    const u = this.r();
    if (u < 0.06) {
      // No uid: the builder derives one.
    } else if (u < 0.1) {
      meta['uid'] = `${kind}-shared-${this.int(2)}`;
    } else {
      meta['uid'] = `${kind}-${namespace ?? ''}-${name}-${this.int(2)}`;
    }
    return meta;
  }

  node(): KubeObject {
    const name = this.pick(NODES);
    const metadata = this.meta('node', name);
    const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
    if (name === 'cp' ? this.chance(0.8) : this.chance(0.1)) labels['node-role.kubernetes.io/control-plane'] = '';
    metadata['labels'] = labels;
    const ready = this.pick(['True', 'False', 'Unknown', undefined]);
    return {
      kind: 'Node',
      apiVersion: 'v1',
      metadata,
      spec: { podCIDR: `10.244.${NODES.indexOf(name)}.0/24`, unschedulable: this.chance(0.1) },
      status: {
        conditions: ready === undefined ? [] : [{ type: 'Ready', status: ready, reason: `r${this.int(3)}` }],
        addresses: [{ type: 'InternalIP', address: `172.18.0.${NODES.indexOf(name) + 2}` }],
        nodeInfo: { containerRuntimeVersion: 'containerd://2.0.2', kubeletVersion: 'v1.32.0' },
        capacity: { cpu: String(1 + this.int(8)) },
      },
    };
  }

  pod(): KubeObject {
    const name = this.pick(PODS);
    const namespace = this.chance(0.05) ? undefined : this.pick(NAMESPACES);
    const metadata = this.meta('pod', name, namespace);
    const labels: Record<string, string> = { app: name };
    if (name.startsWith('etcd') || name.startsWith('api') ? this.chance(0.7) : this.chance(0.05)) {
      metadata['annotations'] = { 'kubernetes.io/config.mirror': 'x' };
      labels['component'] = name.startsWith('etcd') ? 'etcd' : 'kube-apiserver';
      labels['tier'] = 'control-plane';
    }
    metadata['labels'] = labels;
    const u = this.r();
    const nodeName = u < 0.15 ? undefined : u < 0.25 ? 'ghost' : this.pick(NODES);
    const volumes: unknown[] = [];
    const mounts: unknown[] = [];
    for (let i = 0, n = this.int(4); i < n; i++) {
      const kind = this.int(4);
      const vname = `v${i}`;
      if (kind === 0) volumes.push({ name: vname, persistentVolumeClaim: { claimName: this.pick(CLAIMS) } });
      else if (kind === 1) volumes.push({ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } });
      else if (kind === 2) volumes.push({ name: vname, emptyDir: {} });
      else volumes.push({ name: vname, configMap: { name: 'cm' } });
      mounts.push({ name: (volumes.at(-1) as { name: string }).name, mountPath: `/m${i}` });
    }
    const phase = this.pick(['Running', 'Pending', 'Succeeded', 'Failed']);
    const spec: Record<string, unknown> = { containers: [{ name: 'main', image: 'nginx:1.27', volumeMounts: mounts }], volumes };
    if (nodeName !== undefined) spec['nodeName'] = nodeName;
    const status: Record<string, unknown> = {
      phase,
      conditions: [{ type: 'Ready', status: this.pick(['True', 'False']) }],
      containerStatuses: [{ name: 'main', ready: phase === 'Running', restartCount: this.int(3), state: { running: {} } }],
    };
    if (nodeName !== undefined && this.chance(0.8)) status['podIP'] = `10.244.0.${this.int(250) + 2}`;
    return { kind: 'Pod', apiVersion: 'v1', metadata, spec, status };
  }

  claim(): KubeObject {
    const namespace = this.chance(0.05) ? undefined : this.pick(NAMESPACES);
    const metadata = this.meta('pvc', this.pick(CLAIMS), namespace);
    const spec: Record<string, unknown> = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${1 + this.int(3)}Gi` } } };
    const bound = this.chance(0.7);
    if (bound) spec['volumeName'] = this.pick(VOLUMES);
    return { kind: 'PersistentVolumeClaim', apiVersion: 'v1', metadata, spec, status: { phase: bound ? 'Bound' : 'Pending' } };
  }

  volume(): KubeObject {
    const metadata = this.meta('pv', this.pick(VOLUMES));
    const source = this.pick([{ hostPath: { path: `/data/${this.int(9)}` } }, { nfs: { server: 'nfs', path: '/x' } }, { csi: { driver: 'd', volumeHandle: 'h' } }]);
    return {
      kind: 'PersistentVolume',
      apiVersion: 'v1',
      metadata,
      spec: { capacity: { storage: `${1 + this.int(3)}Gi` }, persistentVolumeReclaimPolicy: this.pick(['Delete', 'Retain']), ...source },
      status: { phase: this.pick(['Bound', 'Available', 'Released']) },
    };
  }

  namespace(): KubeObject {
    const name = this.chance(0.3) ? `empty-${this.int(2)}` : this.pick(NAMESPACES);
    return { kind: 'Namespace', apiVersion: 'v1', metadata: this.meta('ns', name), status: { phase: 'Active' } };
  }

  /** Something the builder skips: no name, or no metadata at all. */
  private malformed(): KubeObject {
    return this.chance(0.5) ? { kind: 'Pod', metadata: { uid: 'nameless', resourceVersion: String(++this.rv) } } : ({ kind: 'Pod' } as KubeObject);
  }

  private object(resource: ObjectList): KubeObject {
    switch (resource) {
      case 'nodes':
        return this.node();
      case 'pods':
        return this.pod();
      case 'persistentVolumeClaims':
        return this.claim();
      case 'persistentVolumes':
        return this.volume();
      case 'namespaces':
        return this.namespace();
    }
  }

  private resource(): ObjectList {
    const u = this.r();
    return u < 0.45 ? 'pods' : u < 0.6 ? 'nodes' : u < 0.75 ? 'persistentVolumeClaims' : u < 0.88 ? 'persistentVolumes' : 'namespaces';
  }

  private record(deltas: Delta[]): Delta[] {
    for (const d of deltas) {
      if (d.type === 'gaps') continue;
      const key = objectKey(d.resource, d.object);
      if (key === undefined) continue;
      if (d.type === 'deleted') this.known[d.resource].delete(key);
      else this.known[d.resource].set(key, d.object);
      this.sent.push(d);
    }
    return deltas;
  }

  /** The next few deltas: usually one, several for a relist. */
  next(): Delta[] {
    const u = this.r();
    if (u < 0.5) {
      const resource = this.resource();
      return this.record([{ type: this.chance(0.5) ? 'added' : 'modified', resource, object: this.object(resource) }]);
    }
    if (u < 0.66) {
      const resource = this.resource();
      const known = [...this.known[resource].values()];
      if (known.length === 0) return [];
      return this.record([{ type: 'deleted', resource, object: this.pick(known) }]);
    }
    if (u < 0.7) {
      // A delete of something never seen.
      const resource = this.resource();
      return this.record([{ type: 'deleted', resource, object: this.object(resource) }]);
    }
    if (u < 0.84) {
      // A delta again: a duplicate, or an old version after a newer one (out of order).
      if (this.sent.length === 0) return [];
      return this.record([structuredClone(this.sent[this.sent.length - 1 - this.int(Math.min(this.sent.length, 8))]!)]);
    }
    if (u < 0.88) return [this.malformedDelta()];
    if (u < 0.96) return this.relist();
    return [this.gaps()];
  }

  private malformedDelta(): Delta {
    return { type: this.pick(['added', 'modified', 'deleted'] as const), resource: 'pods', object: this.malformed() };
  }

  /** What a relist of one resource finds: most kept, some changed, some gone, some new. */
  private relist(): Delta[] {
    const resource = this.resource();
    const before = [...this.known[resource].values()];
    const after: KubeObject[] = [];
    for (const o of before) {
      const u = this.r();
      if (u < 0.6) after.push(o);
      else if (u < 0.8) {
        const changed = structuredClone(o);
        (changed.metadata as Record<string, unknown>)['resourceVersion'] = String(++this.rv);
        (changed.metadata as Record<string, unknown>)['labels'] = { changed: String(this.rv) };
        after.push(changed);
      }
    }
    for (let i = 0, n = this.int(3); i < n; i++) after.push(this.object(resource));
    return this.record(relistDeltas(resource, before, after));
  }

  private gaps(): Delta {
    const unread: ObjectList[] = [];
    for (const l of ['nodes', 'persistentVolumeClaims', 'persistentVolumes', 'namespaces'] as const) if (this.chance(0.15)) unread.push(l);
    // A list may be missing with no gap saying why (a snapshot that never held it): the builder then says so itself.
    const gaps = unread.filter(() => this.chance(0.7)).map((l) => ({ resource: l === 'persistentVolumeClaims' ? 'persistentvolumeclaims' : l === 'persistentVolumes' ? 'persistentvolumes' : l, reason: 'forbidden', message: `${l} is forbidden` }));
    // Now and then a snapshot's gap for nodes its pods name but its Node objects lack (the model restates it for the
    // nodes it inferred, or drops it when there are none), read or not, sometimes twice.
    if (this.chance(0.2)) gaps.push({ resource: 'nodes', reason: 'incomplete', message: 'nodes are missing' });
    if (this.chance(0.05)) gaps.push({ resource: 'nodes', reason: 'incomplete', message: 'nodes are missing again' });
    // Now and then something that is no gap at all, which the builder drops.
    if (this.chance(0.2)) gaps.push(42 as never);
    return { type: 'gaps', gaps: gaps as never, unread };
  }
}
