// A part of the model for a picture of just that part (issue 11, "export a
// part"): the chosen nodes and pods with their containers and volumes, and
// the context that keeps the picture true. Each selected pod's node is drawn
// holding only the selected pods (a node chosen by name keeps all of them);
// the control-plane nodes stay as frames, so the band does not say the
// control plane is missing; and a claim that pods outside the part also use
// says how many (volume.podsOutside), since those pods are not drawn.
//
// Pure, like the rest of the model: the CLI's --select and the app's "Export
// selection" both call selectModel, between the namespace filter and the
// redaction of the export pipeline.

import { message, MessageError } from '../i18n/message.ts';
import { SHARED_WITH_LIMIT } from './build.ts';
import { claimKey } from './claim.ts';
import { podKey } from './pod.ts';
import type { AnatomyModel, NodeModel, PodModel, SharedClaim, VolumeModel } from './types.ts';

export type Selector =
  | { kind: 'node'; name: string }
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'ns'; namespace: string }
  | { kind: 'label'; key: string; value: string }
  /** Pods by namespace/name, e.g. the app's current search matches. */
  | { kind: 'pods'; keys: readonly string[] };

/** The forms --select accepts, for usage errors. */
export const SELECTOR_FORMS = 'node:NAME, pod:NAMESPACE/NAME, ns:NAMESPACE or label:KEY=VALUE';

/** A selector written wrongly: the CLI's usage error (exit 2). */
export class SelectorSyntaxError extends MessageError {
  override name = 'SelectorSyntaxError';
}

/** A selector that matched nothing in the model: the CLI's failure (exit 1). */
export class SelectionError extends MessageError {
  override name = 'SelectionError';
}

/** `node:NAME`, `pod:NS/NAME`, `ns:NS` or `label:KEY=VALUE`. */
export function parseSelector(text: string): Selector {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const rest = text.slice(colon + 1);
  const bad = (): never => {
    throw new SelectorSyntaxError(message('select.error.syntax', { selector: text, forms: SELECTOR_FORMS }), `--select ${text}: expected ${SELECTOR_FORMS}`);
  };
  if (!rest || /\s/.test(rest)) return bad();
  switch (kind) {
    case 'node':
      return rest.includes('/') ? bad() : { kind: 'node', name: rest };
    case 'pod': {
      const slash = rest.indexOf('/');
      if (slash <= 0 || slash === rest.length - 1 || rest.indexOf('/', slash + 1) >= 0) return bad();
      return { kind: 'pod', namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
    }
    case 'ns':
      return rest.includes('/') ? bad() : { kind: 'ns', namespace: rest };
    case 'label': {
      const eq = rest.indexOf('=');
      // An empty value is a label's value too (node-role.kubernetes.io/control-plane=).
      if (eq <= 0) return bad();
      return { kind: 'label', key: rest.slice(0, eq), value: rest.slice(eq + 1) };
    }
    default:
      return bad();
  }
}

/** A selector as the user would write it, for messages. */
export function selectorText(s: Selector): string {
  switch (s.kind) {
    case 'node':
      return `node:${s.name}`;
    case 'pod':
      return `pod:${s.namespace}/${s.name}`;
    case 'ns':
      return `ns:${s.namespace}`;
    case 'label':
      return `label:${s.key}=${s.value}`;
    case 'pods':
      return s.keys.length === 1 ? `pod:${s.keys[0]}` : `${s.keys.length} pods`;
  }
}


function hasLabel(labels: Record<string, string> | undefined, key: string, value: string): boolean {
  return !!labels && Object.hasOwn(labels, key) && labels[key] === value;
}

/**
 * The part of `model` the selectors choose, their union, with its context.
 * Throws a SelectionError naming every selector that matched nothing, and
 * when no selector was given: an empty picture would say nothing.
 */
export function selectModel(model: AnatomyModel, selectors: readonly Selector[]): AnatomyModel {
  if (selectors.length === 0) throw new SelectionError(message('select.error.none'), 'nothing is selected');
  const wholeNodes = new Set<string>();
  // The pods themselves, not their keys: no string is made for each of 100,000 pods to filter them.
  const picked = new Set<PodModel>();
  const unmatched: string[] = [];
  function* allPods(): Iterable<PodModel> {
    for (const n of model.nodes) yield* n.pods;
    yield* model.unscheduled;
  }

  for (const s of selectors) {
    let matched = false;
    const pick = (pod: PodModel) => {
      picked.add(pod);
      matched = true;
    };
    switch (s.kind) {
      case 'node':
        for (const n of model.nodes) {
          if (n.name !== s.name) continue;
          wholeNodes.add(n.uid);
          matched = true;
        }
        break;
      case 'pod':
        for (const p of allPods()) if (p.namespace === s.namespace && p.name === s.name) pick(p);
        break;
      case 'ns':
        for (const p of allPods()) if (p.namespace === s.namespace) pick(p);
        break;
      case 'label':
        // As `kubectl get nodes,pods -l`: a node with the label is chosen whole.
        for (const n of model.nodes) {
          if (!hasLabel(n.labels, s.key, s.value)) continue;
          wholeNodes.add(n.uid);
          matched = true;
        }
        for (const p of allPods()) if (hasLabel(p.labels, s.key, s.value)) pick(p);
        break;
      case 'pods': {
        const keys = new Set(s.keys);
        for (const p of allPods()) if (keys.has(podKey(p))) pick(p);
        break;
      }
    }
    if (!matched) unmatched.push(selectorText(s));
  }
  if (unmatched.length > 0) {
    const list = unmatched.join(', ');
    throw new SelectionError(message('select.error.unmatched', { list }), `nothing matches ${list}`);
  }
  for (const n of model.nodes) if (wholeNodes.has(n.uid)) for (const p of n.pods) picked.add(p);
  const chosen = new Set<string>();
  for (const p of picked) chosen.add(podKey(p));

  // Each shared claim's users, and those of them in the part: once per claim, not once per pod using it.
  const users = new Map<string, ClaimUsers>();
  for (const c of model.sharedClaims) users.set(claimKey(c.namespace, c.claim), { all: c.pods.length, inside: c.pods.filter((p) => chosen.has(p)) });
  const keepPod = (pod: PodModel): PodModel => {
    if (!Array.isArray(pod.volumes) || !pod.volumes.some((v) => v.sharedWithPods?.length > 0)) return pod;
    return { ...pod, volumes: pod.volumes.map((v) => volumeInPart(v, pod, users, chosen)) };
  };

  const nodes: NodeModel[] = [];
  for (const n of model.nodes) {
    const pods = wholeNodes.has(n.uid) ? n.pods : n.pods.filter((p) => picked.has(p));
    // Context: a selected pod's node, and every control-plane node, which looks after the workers drawn.
    if (pods.length === 0 && !wholeNodes.has(n.uid) && n.role !== 'control-plane') continue;
    const node: NodeModel = { ...n, pods: pods.map(keepPod) };
    if (pods.length < n.pods.length) node.podsOutside = n.pods.length - pods.length;
    else delete node.podsOutside;
    nodes.push(node);
  }
  const unscheduled = model.unscheduled.filter((p) => picked.has(p)).map(keepPod);

  const kept = [...nodes.flatMap((n) => n.pods), ...unscheduled];
  const sharedClaims: SharedClaim[] = [];
  for (const c of model.sharedClaims) {
    const pods = c.pods.filter((p) => chosen.has(p));
    if (pods.length >= 2) sharedClaims.push({ ...c, pods });
  }
  let containers = 0;
  let volumes = 0;
  for (const p of kept) {
    containers += Array.isArray(p.containers) ? p.containers.length : 0;
    volumes += Array.isArray(p.volumes) ? p.volumes.length : 0;
  }
  return {
    ...model,
    source: { ...model.source, selected: true },
    nodes,
    unscheduled,
    sharedClaims,
    namespaces: [...new Set(kept.map((p) => p.namespace))].sort(),
    stats: { nodes: nodes.length, pods: kept.length, containers, volumes },
  };
}

interface ClaimUsers {
  /** How many pods use the claim. */
  all: number;
  /** The users in the part (namespace/name), sorted. */
  inside: readonly string[];
}

/**
 * A claim volume of a kept pod: sharedWithPods names only the other users
 * drawn, and podsOutside counts the users left out of the picture.
 */
function volumeInPart(v: VolumeModel, pod: PodModel, users: ReadonlyMap<string, ClaimUsers>, chosen: ReadonlySet<string>): VolumeModel {
  if (!(v.sharedWithPods?.length > 0)) return v;
  const self = podKey(pod);
  const claimName = v.claim?.name;
  // The model's list of the claim's users; a hand-made model without it has at least the volume's own.
  const claim = claimName !== undefined ? users.get(claimKey(v.claim?.namespace || pod.namespace, claimName)) : undefined;
  const inside = claim ? claim.inside : v.sharedWithPods.filter((p) => chosen.has(p));
  const total = claim ? claim.all - 1 : Math.max(v.sharedWithPodsTotal ?? 0, v.sharedWithPods.length);
  // The model's users include this pod, which is in the part; a volume's own list never names it.
  const insideOthers = claim ? inside.length - 1 : inside.length;
  // At most as many names as the model puts on a volume, as buildModel does.
  const out: VolumeModel = { ...v, sharedWithPods: inside.slice(0, SHARED_WITH_LIMIT + 1).filter((p) => p !== self).slice(0, SHARED_WITH_LIMIT) };
  if (insideOthers > SHARED_WITH_LIMIT) out.sharedWithPodsTotal = insideOthers;
  else delete out.sharedWithPodsTotal;
  if (total > insideOthers) out.podsOutside = total - insideOthers;
  return out;
}
