// Search: a query of whitespace-separated terms, all of which must match.
//
//   web             name (node, pod, container, volume, owner), namespace, label key, IP prefix or image
//   app=web         label app with value web (pods and nodes)
//   ns:kube-system  namespace is exactly kube-system (also namespace:)
//   node:worker-1   on a node whose name contains worker-1
//   ip:10.244.1.    an IP starting with 10.244.1.
//   image:nginx     an image reference containing nginx
//   label:app       has a label key app
//
// Pure: the result says which uids match (to highlight) and which are only
// context (the node around a matching pod, kept undimmed); the matches are in
// drawing order so Enter can walk through them.

import type { AnatomyModel, ContainerModel, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import type { Target } from './details/types.ts';

export type TermField = 'any' | 'label' | 'ns' | 'node' | 'ip' | 'image' | 'labelKey' | 'name';

export interface Term {
  field: TermField;
  /** Lower-cased. */
  value: string;
  /** For label terms: the key (lower-cased); value may be "" to match an empty label. */
  key?: string;
}

const PREFIXES: Record<string, TermField> = {
  ns: 'ns',
  namespace: 'ns',
  node: 'node',
  ip: 'ip',
  image: 'image',
  img: 'image',
  label: 'labelKey',
  name: 'name',
};

const MAX_TERMS = 16;

export function parseQuery(query: unknown): Term[] {
  if (typeof query !== 'string') return [];
  const terms: Term[] = [];
  for (const word of query.trim().toLowerCase().split(/\s+/).slice(0, MAX_TERMS)) {
    if (!word) continue;
    const colon = word.indexOf(':');
    const prefix = colon > 0 ? PREFIXES[word.slice(0, colon)] : undefined;
    // "ip:" style prefixes, but not IPv6 addresses like fd00::1 (no known prefix).
    if (prefix && Object.prototype.hasOwnProperty.call(PREFIXES, word.slice(0, colon))) {
      const value = word.slice(colon + 1);
      if (value) terms.push({ field: prefix, value });
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) {
      terms.push({ field: 'label', key: word.slice(0, eq), value: word.slice(eq + 1) });
      continue;
    }
    terms.push({ field: 'any', value: word });
  }
  return terms;
}

export interface SearchResult {
  terms: Term[];
  /** Objects that match, in drawing order: nodes first, then pods (scheduled in node order, then unscheduled). */
  matches: Target[];
  /** Every uid to highlight: matches, plus the containers and volumes inside a matching pod that match a term themselves. */
  hits: Set<string>;
  /** uids kept undimmed around the hits (a matching pod's node, its containers and volumes). */
  context: Set<string>;
}

function lower(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : '';
}

function list<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]).filter((x) => x && typeof x === 'object') : [];
}

function labelsMatch(labels: unknown, term: Term): boolean {
  if (!labels || typeof labels !== 'object') return false;
  for (const key of Object.keys(labels)) {
    if (key.toLowerCase() !== term.key) continue;
    return lower((labels as Record<string, unknown>)[key]) === term.value;
  }
  return false;
}

function hasLabelKey(labels: unknown, key: string): boolean {
  return !!labels && typeof labels === 'object' && Object.keys(labels).some((k) => k.toLowerCase() === key);
}

function ipMatch(ips: unknown[], value: string): boolean {
  return ips.some((ip) => lower(ip) !== '' && lower(ip).startsWith(value));
}

function strs(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function podIPs(pod: PodModel): unknown[] {
  const ips: unknown[] = [pod.podIP, ...strs(pod.podIPs)];
  // A host-network pod answers on the node's address.
  if (pod.hostNetwork) ips.push(pod.hostIP, ...strs(pod.hostIPs));
  return ips;
}

function nodeIPs(node: NodeModel): unknown[] {
  return [node.internalIP, ...list<{ address: unknown }>(node.addresses).map((a) => a.address)];
}

export function containerMatches(c: ContainerModel, term: Term): boolean {
  switch (term.field) {
    case 'any':
      return lower(c.name).includes(term.value) || lower(c.image?.raw).includes(term.value) || lower(c.image?.canonical).includes(term.value);
    case 'name':
      return lower(c.name).includes(term.value);
    case 'image':
      return lower(c.image?.raw).includes(term.value) || lower(c.image?.canonical).includes(term.value) || lower(c.imageID).includes(term.value);
    default:
      return false;
  }
}

export function volumeMatches(v: VolumeModel, term: Term): boolean {
  if (term.field !== 'any' && term.field !== 'name') return false;
  return lower(v.name).includes(term.value) || (term.field === 'any' && lower(v.claim?.name).includes(term.value));
}

/** Does this term match the pod itself or anything inside it? */
export function podMatches(pod: PodModel, term: Term): boolean {
  const containers = list<ContainerModel>(pod.containers);
  switch (term.field) {
    case 'any':
      return (
        lower(pod.name).includes(term.value) ||
        lower(pod.namespace).includes(term.value) ||
        lower(pod.owner?.name).includes(term.value) ||
        hasLabelKey(pod.labels, term.value) ||
        ipMatch(podIPs(pod), term.value) ||
        containers.some((c) => containerMatches(c, term)) ||
        list<VolumeModel>(pod.volumes).some((v) => volumeMatches(v, term))
      );
    case 'name':
      return (
        lower(pod.name).includes(term.value) ||
        containers.some((c) => containerMatches(c, term)) ||
        list<VolumeModel>(pod.volumes).some((v) => volumeMatches(v, term))
      );
    case 'label':
      return labelsMatch(pod.labels, term);
    case 'labelKey':
      return hasLabelKey(pod.labels, term.value);
    case 'ns':
      return lower(pod.namespace) === term.value;
    case 'node':
      return lower(pod.nodeName).includes(term.value);
    case 'ip':
      return ipMatch(podIPs(pod), term.value);
    case 'image':
      return containers.some((c) => containerMatches(c, term));
  }
}

export function nodeMatches(node: NodeModel, term: Term): boolean {
  switch (term.field) {
    case 'any':
      return (
        lower(node.name).includes(term.value) ||
        hasLabelKey(node.labels, term.value) ||
        ipMatch(nodeIPs(node), term.value) ||
        strs(node.roles).some((r) => lower(r) === term.value)
      );
    case 'name':
    case 'node':
      return lower(node.name).includes(term.value);
    case 'label':
      return labelsMatch(node.labels, term);
    case 'labelKey':
      return hasLabelKey(node.labels, term.value);
    case 'ip':
      return ipMatch(nodeIPs(node), term.value);
    default:
      return false;
  }
}

export function search(model: AnatomyModel | undefined, query: unknown): SearchResult | null {
  const terms = parseQuery(query);
  if (terms.length === 0) return null;
  const result: SearchResult = { terms, matches: [], hits: new Set(), context: new Set() };
  if (!model) return result;

  const nodes = list<NodeModel>(model.nodes);
  const podMatchesAll = (pod: PodModel, node?: NodeModel): void => {
    if (!terms.every((term) => podMatches(pod, term))) return;
    result.matches.push({ kind: 'pod', uid: pod.uid });
    result.hits.add(pod.uid);
    if (node) result.context.add(node.uid);
    // Inside a hit pod, point out the parts that matched by themselves (an image, a container name).
    for (const c of list<ContainerModel>(pod.containers)) {
      if (terms.some((term) => containerMatches(c, term))) result.hits.add(c.uid);
      else result.context.add(c.uid);
    }
    for (const v of list<VolumeModel>(pod.volumes)) {
      if (terms.some((term) => volumeMatches(v, term))) result.hits.add(v.uid);
      else result.context.add(v.uid);
    }
  };

  for (const node of nodes) {
    if (terms.every((term) => nodeMatches(node, term))) {
      result.matches.push({ kind: 'node', uid: node.uid });
      result.hits.add(node.uid);
    }
  }
  for (const node of nodes) for (const pod of list<PodModel>(node.pods)) podMatchesAll(pod, node);
  for (const pod of list<PodModel>(model.unscheduled)) podMatchesAll(pod);
  return result;
}
