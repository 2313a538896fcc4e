// Loads the model fixtures: each cluster is a folder of `kubectl get -o json`
// lists (nodes, pods, pvcs, pvs, namespaces); a missing file means "not read".

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import type { AnatomyModel, ModelSource, NodeModel, PodModel, VolumeModel, ContainerModel } from '../../../main/model/types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/model');

const FILES: [keyof ClusterObjects, string][] = [
  ['nodes', 'nodes.json'],
  ['pods', 'pods.json'],
  ['persistentVolumeClaims', 'pvcs.json'],
  ['persistentVolumes', 'pvs.json'],
  ['namespaces', 'namespaces.json'],
];

export function fixturePath(...parts: string[]): string {
  return path.join(root, ...parts);
}

export function loadCluster(name: string): ClusterObjects {
  const objects: ClusterObjects = { gaps: [] };
  for (const [key, file] of FILES) {
    const p = path.join(root, name, file);
    if (!existsSync(p)) continue;
    const list = JSON.parse(readFileSync(p, 'utf8')) as { items: KubeObject[] };
    (objects as unknown as Record<string, unknown>)[key] = list.items;
  }
  return objects;
}

export function source(name: string): ModelSource {
  return { kind: 'snapshot', name, namespaces: [] };
}

export function node(model: AnatomyModel, name: string): NodeModel {
  const found = model.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
}

export function allPods(model: AnatomyModel): PodModel[] {
  return [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled];
}

export function pod(model: AnatomyModel, namespace: string, name: string): PodModel {
  const found = allPods(model).find((p) => p.namespace === namespace && p.name === name);
  if (!found) throw new Error(`no pod ${namespace}/${name}`);
  return found;
}

export function container(p: PodModel, name: string): ContainerModel {
  const found = p.containers.find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name} in ${p.name}`);
  return found;
}

export function volume(p: PodModel, name: string): VolumeModel {
  const found = p.volumes.find((v) => v.name === name);
  if (!found) throw new Error(`no volume ${name} in ${p.name}`);
  return found;
}
