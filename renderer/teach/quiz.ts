// A quiz made from the model on screen: one multiple-choice question for each
// kind the model has data for, its subject and its wrong answers drawn from the
// same model with a seeded random source, so a seed gives the same quiz on the
// same model (a teacher hands out "#quiz=42"). Pure: questions are messages,
// and every answer is worked out again from the model when it is checked.

import { parseQuantity } from '../../main/common/quantity.ts';
import { random } from '../../main/common/random.ts';
import { message, type Message } from '../../main/i18n/message.ts';
import type { AnatomyModel, ContainerModel, NodeModel, PodModel } from '../../main/model/types.ts';
import type { ConceptId, LensTarget } from './concepts.ts';
import { containerTarget, isSharedVolume, nodeTarget, podName as podKey, podTarget, running, volumeTarget } from './parts.ts';

export const QUESTION_KINDS = [
  'pod-node',
  'node-role',
  'container-count',
  'pod-ip',
  'localhost',
  'shared-volume',
  'container-limit',
  'node-runtime',
  'image-registry',
  'image-owner',
  'image-tag',
  'tag-warning',
  'digest-pinned',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Which idea each kind of question tests. */
export const QUESTION_CONCEPT: Readonly<Record<QuestionKind, ConceptId>> = {
  'pod-node': 'C1',
  'node-role': 'C1',
  'container-count': 'C2',
  'pod-ip': 'C3',
  localhost: 'C3',
  'shared-volume': 'C4',
  'container-limit': 'C5',
  'node-runtime': 'C6',
  'image-registry': 'C8',
  'image-owner': 'C8',
  'image-tag': 'C9',
  'tag-warning': 'C9',
  'digest-pinned': 'C10',
};

/** What a question is about, by name (namespace/name for pods), so the answer can be looked up again. */
export interface QuizSubject {
  pod?: string;
  node?: string;
  /** A container of `pod`. */
  container?: string;
  /** The container `container` calls (localhost questions). */
  to?: string;
  /** A volume of `pod`. */
  volume?: string;
}

export interface QuizChoice {
  /** The answer this choice stands for, compared with the model's. */
  value: string;
  label: Message;
}

export interface QuizQuestion {
  kind: QuestionKind;
  concept: ConceptId;
  subject: QuizSubject;
  prompt: Message;
  choices: QuizChoice[];
  /** Index of the right choice in `choices`. */
  answer: number;
  /** Why the answer is right, with the model's values. */
  explain: Message;
  /** What to show in the picture for this question. */
  focus?: LensTarget;
}

export interface Quiz {
  seed: number;
  questions: QuizQuestion[];
  /** Kinds this model has no data for, in QUESTION_KINDS order. */
  skipped: QuestionKind[];
  /** The model has no node and no pod: nothing at all to ask. */
  empty: boolean;
}

type Rand = () => number;

function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function shuffled<T>(rand: Rand, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const value = (v: string): Message => message('quiz.value', { value: v });

/** What the model says is right, looked up from the subject; undefined when the subject is gone or has no answer. */
export function answerFor(model: AnatomyModel, kind: QuestionKind, subject: QuizSubject): string | undefined {
  const node = subject.node !== undefined ? model.nodes.find((n) => n.name === subject.node) : undefined;
  const pod = subject.pod !== undefined ? findPod(model, subject.pod) : undefined;
  const container = pod && subject.container !== undefined ? pod.containers.find((c) => c.name === subject.container) : undefined;
  switch (kind) {
    case 'pod-node':
      return pod?.nodeName;
    case 'node-role':
      return node?.role;
    case 'container-count':
      return pod ? String(pod.containers.length) : undefined;
    case 'pod-ip':
      return pod?.podIP;
    case 'localhost':
      // Both still in the one pod: they share its network, whatever its IP.
      return pod && container && pod.containers.some((c) => c.name === subject.to) ? '127.0.0.1' : undefined;
    case 'shared-volume': {
      const volume = pod?.summary ? undefined : pod?.volumes.find((v) => v.name === subject.volume);
      return volume ? mountersOf(pod!, volume.mountedBy.map((u) => u.container)) : undefined;
    }
    case 'container-limit':
      // A summarized pod (a large cluster) was sent without its resources: unknown, not unlimited.
      return container && !pod!.summary ? (container.resources.limits.memory ?? '') : undefined;
    case 'node-runtime':
      return node?.runtime?.name;
    case 'image-registry':
      return container?.image.registry;
    case 'image-owner':
      return container?.image.owner;
    case 'image-tag':
      return container?.image.tag;
    case 'tag-warning':
      return container ? (container.image.tagWarning ?? 'fixed') : undefined;
    case 'digest-pinned':
      return container ? (container.image.digest ? 'yes' : 'no') : undefined;
  }
}

/**
 * Is `choice` right for `question` on `model` (which may have changed since the
 * quiz was made)? undefined when the model no longer holds what it asked about.
 */
export function checkAnswer(model: AnatomyModel, question: QuizQuestion, choice: number): boolean | undefined {
  const right = answerFor(model, question.kind, question.subject);
  if (right === undefined) return undefined;
  return question.choices[choice]?.value === right;
}

function findPod(model: AnatomyModel, key: string): PodModel | undefined {
  for (const n of model.nodes) for (const p of n.pods) if (podKey(p) === key) return p;
  return model.unscheduled.find((p) => podKey(p) === key);
}

/** The distinct names of a pod's containers in `names`, in the pod's container order, as one answer. */
function mountersOf(pod: PodModel, names: readonly string[]): string {
  const set = new Set(names);
  return pod.containers.filter((c) => set.has(c.name)).map((c) => c.name).join(', ');
}

// ------------------------------------------------------------ the model's facts, gathered once

interface Facts {
  model: AnatomyModel;
  nodes: NodeModel[];
  pods: PodModel[];
  /** One container per image reference as written (the first that uses it). */
  images: Array<{ pod: PodModel; container: ContainerModel }>;
}

function factsOf(model: AnatomyModel): Facts {
  const pods = [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled];
  const seen = new Set<string>();
  const images: Facts['images'] = [];
  for (const pod of pods) {
    for (const container of pod.containers) {
      if (seen.has(container.image.raw) || container.image.invalid) continue;
      seen.add(container.image.raw);
      images.push({ pod, container });
    }
  }
  return { model, nodes: model.nodes, pods, images };
}

/** Up to `count` wrong answers: `first` (the likeliest mix-ups), the model's own values, then `fallback`; never the right one. */
function distractors(rand: Rand, right: string, fromModel: Iterable<string | undefined>, fallback: readonly string[], count = 3, first: readonly string[] = []): string[] {
  const usable = (v: string | undefined): v is string => !!v && v !== right;
  const chosen = [...new Set(first.filter(usable))].slice(0, count);
  const own = [...new Set([...fromModel].filter(usable))].filter((v) => !chosen.includes(v));
  chosen.push(...shuffled(rand, own).slice(0, count - chosen.length));
  for (const f of fallback) {
    if (chosen.length >= count) break;
    if (f !== right && !chosen.includes(f)) chosen.push(f);
  }
  return chosen;
}

function question(
  rand: Rand,
  kind: QuestionKind,
  subject: QuizSubject,
  prompt: Message,
  right: QuizChoice,
  wrong: QuizChoice[],
  explain: Message,
  focus?: LensTarget,
): QuizQuestion | undefined {
  if (wrong.length === 0) return undefined;
  const choices = shuffled(rand, [right, ...wrong]);
  return { kind, concept: QUESTION_CONCEPT[kind], subject, prompt, choices, answer: choices.indexOf(right), explain, ...(focus ? { focus } : {}) };
}

const plain = (v: string): QuizChoice => ({ value: v, label: value(v) });

type Maker = (f: Facts, rand: Rand) => QuizQuestion | undefined;

const MAKERS: Record<QuestionKind, Maker> = {
  'pod-node'(f, rand) {
    const pods = f.pods.filter((p) => p.nodeName);
    if (pods.length === 0 || f.nodes.length < 2) return undefined;
    const pod = pick(rand, pods);
    const right = pod.nodeName!;
    const wrong = distractors(rand, right, f.nodes.map((n) => n.name), []);
    return question(rand, 'pod-node', { pod: podKey(pod) }, message('quiz.q.pod-node', { pod: podKey(pod) }), plain(right), wrong.map(plain),
      message('quiz.why.pod-node', { pod: podKey(pod), node: right }), podTarget(pod));
  },
  'node-role'(f, rand) {
    const nodes = f.nodes.filter((n) => !n.inferred);
    if (nodes.length === 0) return undefined;
    const node = pick(rand, nodes);
    const label = (role: string) => message(role === 'control-plane' ? 'quiz.a.controlPlane' : 'quiz.a.worker');
    const other = node.role === 'control-plane' ? 'worker' : 'control-plane';
    return question(rand, 'node-role', { node: node.name }, message('quiz.q.node-role', { node: node.name }),
      { value: node.role, label: label(node.role) }, [{ value: other, label: label(other) }],
      message(`quiz.why.node-role.${node.role}`, { node: node.name }), nodeTarget(node));
  },
  'container-count'(f, rand) {
    const pods = f.pods.filter((p) => p.containers.length > 0);
    if (pods.length === 0) return undefined;
    const pod = pick(rand, pods);
    const n = pod.containers.length;
    const wrong = [n + 1, n - 1, n + 2, n + 3].filter((v) => v > 0).slice(0, 3).map(String);
    return question(rand, 'container-count', { pod: podKey(pod) }, message('quiz.q.container-count', { pod: podKey(pod) }), plain(String(n)), wrong.map(plain),
      message('quiz.why.container-count', { pod: podKey(pod), count: n }), podTarget(pod));
  },
  'pod-ip'(f, rand) {
    const pods = f.pods.filter((p) => p.podIP);
    if (pods.length < 2) return undefined;
    const pod = pick(rand, pods);
    const right = pod.podIP!;
    const wrong = distractors(rand, right, [...f.pods.map((p) => p.podIP), ...f.nodes.map((n) => n.internalIP)], []);
    return question(rand, 'pod-ip', { pod: podKey(pod) }, message('quiz.q.pod-ip', { pod: podKey(pod) }), plain(right), wrong.map(plain),
      message(pod.hostNetwork ? 'quiz.why.pod-ip.hostNetwork' : 'quiz.why.pod-ip', { pod: podKey(pod), ip: right }), podTarget(pod));
  },
  localhost(f, rand) {
    // A hostNetwork pod's neighbours could use the node's IP as well: only pods with a network of their own,
    // and one it has been given (the explanation says the pod IP works too).
    const pods = f.pods.filter((p) => !p.hostNetwork && p.podIP && running(p).length >= 2);
    if (pods.length === 0) return undefined;
    const pod = pick(rand, pods);
    const [from, to] = shuffled(rand, running(pod));
    const port = to.ports[0]?.containerPort;
    const node = f.nodes.find((n) => n.name === pod.nodeName);
    // Any address but the pod's own (which works too) and loopback.
    const own = new Set([...pod.podIPs, pod.podIP, '127.0.0.1']);
    const wrong = distractors(rand, '127.0.0.1', [...f.pods.filter((p) => !own.has(p.podIP)).map((p) => p.podIP), node?.internalIP].filter((ip) => !own.has(ip)), []);
    const subject = { pod: podKey(pod), container: from.name, to: to.name };
    const prompt = port !== undefined
      ? message('quiz.q.localhost', { pod: podKey(pod), from: from.name, to: to.name, port })
      : message('quiz.q.localhostNoPort', { pod: podKey(pod), from: from.name, to: to.name });
    return question(rand, 'localhost', subject, prompt, { value: '127.0.0.1', label: message('quiz.a.localhost') }, wrong.map(plain),
      message('quiz.why.localhost', { from: from.name, to: to.name, ip: pod.podIP! }), podTarget(pod));
  },
  'shared-volume'(f, rand) {
    // Shared as the lens (C4) says: the service-account token every pod gets is shared too, but it is not what a lesson is about.
    const candidates = f.pods.flatMap((pod) => pod.volumes.filter(isSharedVolume).map((volume) => ({ pod, volume })));
    if (candidates.length === 0) return undefined;
    const { pod, volume } = pick(rand, candidates);
    const right = mountersOf(pod, volume.mountedBy.map((u) => u.container));
    const names = [...new Set(pod.containers.map((c) => c.name))].slice(0, 6);
    const subsets: string[] = [];
    for (let mask = 1; mask < 1 << names.length; mask++) subsets.push(mountersOf(pod, names.filter((_, i) => mask & (1 << i))));
    const wrong = distractors(rand, right, subsets, []);
    return question(rand, 'shared-volume', { pod: podKey(pod), volume: volume.name }, message('quiz.q.shared-volume', { pod: podKey(pod), volume: volume.name }),
      plain(right), wrong.map(plain), message('quiz.why.shared-volume', { volume: volume.name, containers: right }), volumeTarget(pod, volume));
  },
  'container-limit'(f, rand) {
    const withLimit = f.pods.flatMap((pod) => pod.containers.filter((c) => c.resources?.limits.memory).map((container) => ({ pod, container })));
    if (withLimit.length === 0) return undefined;
    const { pod, container } = pick(rand, withLimit);
    const right = container.resources.limits.memory!;
    // Compared as amounts: 512Mi, 0.5Gi and 536870912 are one limit written three ways, and two of them
    // among the choices would make two right answers.
    const same = (a: string, b: string) => a === b || (parseQuantity(a) !== undefined && parseQuantity(a) === parseQuantity(b));
    const values = withLimit.map((x) => x.container.resources.limits.memory).filter((v) => !!v && !same(v, right));
    // Its own request is the likeliest mix-up, so it is always offered when it differs.
    const request = container.resources.requests.memory;
    const wrong: string[] = [];
    for (const v of [request, ...distractors(rand, right, values, [])]) {
      if (v && !same(v, right) && !wrong.some((w) => same(w, v))) wrong.push(v);
    }
    wrong.splice(2);
    const choices = [...wrong.map(plain), { value: '', label: message('quiz.a.noLimit') }];
    return question(rand, 'container-limit', { pod: podKey(pod), container: container.name },
      message('quiz.q.container-limit', { pod: podKey(pod), container: container.name }), plain(right), choices,
      message('quiz.why.container-limit', { container: container.name, limit: right }), containerTarget(pod, container));
  },
  'node-runtime'(f, rand) {
    const nodes = f.nodes.filter((n) => n.runtime?.name);
    if (nodes.length === 0) return undefined;
    const node = pick(rand, nodes);
    const right = node.runtime!.name;
    const wrong = distractors(rand, right, nodes.map((n) => n.runtime!.name), ['containerd', 'cri-o', 'docker', 'kata']);
    return question(rand, 'node-runtime', { node: node.name }, message('quiz.q.node-runtime', { node: node.name }), plain(right), wrong.map(plain),
      message('quiz.why.node-runtime', { node: node.name, runtime: right, raw: node.runtime!.raw }), nodeTarget(node));
  },
  'image-registry'(f, rand) {
    return imageQuestion(f, rand, 'image-registry', () => true, (c) => c.image.registry,
      f.images.map((x) => x.container.image.registry), ['docker.io', 'registry.k8s.io', 'ghcr.io', 'quay.io'],
      (c) => message('quiz.why.image-registry', { image: c.image.raw, registry: c.image.registry }));
  },
  'image-owner'(f, rand) {
    return imageQuestion(f, rand, 'image-owner', (c) => !!c.image.owner, (c) => c.image.owner!,
      // Its own name and registry are the mix-ups a reader makes, so they come first.
      f.images.map((x) => x.container.image.owner), ['library'],
      (c) => message('quiz.why.image-owner', { image: c.image.raw, owner: c.image.owner! }), (c) => [c.image.name, c.image.registry]);
  },
  'image-tag'(f, rand) {
    return imageQuestion(f, rand, 'image-tag', (c) => !!c.image.tag, (c) => c.image.tag!,
      f.images.map((x) => x.container.image.tag), ['latest', 'stable'],
      (c) => message('quiz.why.image-tag', { image: c.image.raw, tag: c.image.tag! }));
  },
  'tag-warning'(f, rand) {
    if (f.images.length === 0) return undefined;
    const { pod, container } = pick(rand, f.images);
    const right = container.image.tagWarning ?? 'fixed';
    const label = { missing: message('quiz.a.tagMissing'), latest: message('quiz.a.tagLatest'), fixed: message('quiz.a.tagFixed') };
    const all = (['fixed', 'missing', 'latest'] as const).map((v) => ({ value: v, label: label[v] }));
    return question(rand, 'tag-warning', { pod: podKey(pod), container: container.name },
      message('quiz.q.tag-warning', { container: container.name, image: container.image.raw }), all.find((c) => c.value === right)!, all.filter((c) => c.value !== right),
      message(`quiz.why.tag-warning.${right}`, { image: container.image.raw }), containerTarget(pod, container));
  },
  'digest-pinned'(f, rand) {
    if (f.images.length === 0) return undefined;
    const { pod, container } = pick(rand, f.images);
    const right = container.image.digest ? 'yes' : 'no';
    const yes = { value: 'yes', label: message('quiz.a.yes') };
    const no = { value: 'no', label: message('quiz.a.no') };
    return question(rand, 'digest-pinned', { pod: podKey(pod), container: container.name },
      message('quiz.q.digest-pinned', { container: container.name, image: container.image.raw }), right === 'yes' ? yes : no, [right === 'yes' ? no : yes],
      message(`quiz.why.digest-pinned.${right}`, { image: container.image.raw, digest: container.image.digest ?? '' }), containerTarget(pod, container));
  },
};

function imageQuestion(
  f: Facts,
  rand: Rand,
  kind: 'image-registry' | 'image-owner' | 'image-tag',
  has: (c: ContainerModel) => boolean,
  right: (c: ContainerModel) => string,
  fromModel: Array<string | undefined>,
  fallback: readonly string[],
  explain: (c: ContainerModel) => Message,
  near: (c: ContainerModel) => string[] = () => [],
): QuizQuestion | undefined {
  const images = f.images.filter((x) => has(x.container));
  if (images.length === 0) return undefined;
  const { pod, container } = pick(rand, images);
  const answer = right(container);
  const wrong = distractors(rand, answer, fromModel, fallback, 3, near(container));
  return question(rand, kind, { pod: podKey(pod), container: container.name },
    message(`quiz.q.${kind}`, { container: container.name, image: container.image.raw }), plain(answer), wrong.map(plain), explain(container), containerTarget(pod, container));
}

/** The same seed on the same model gives the same questions, in the same order, with the same choices. */
export function makeQuiz(model: AnatomyModel, seed: number): Quiz {
  const seedNumber = seed >>> 0;
  const facts = factsOf(model);
  if (facts.nodes.length === 0 && facts.pods.length === 0) return { seed: seedNumber, questions: [], skipped: [...QUESTION_KINDS], empty: true };
  const rand = random(seedNumber);
  const questions: QuizQuestion[] = [];
  const skipped: QuestionKind[] = [];
  for (const kind of QUESTION_KINDS) {
    const q = MAKERS[kind](facts, rand);
    if (q) questions.push(q);
    else skipped.push(kind);
  }
  return { seed: seedNumber, questions: shuffled(rand, questions), skipped, empty: false };
}

/** The skipped kinds' names as one message, for "could not ask about …". */
export function skippedKinds(quiz: Quiz): Message[] {
  return quiz.skipped.map((k) => message(`quiz.kind.${k}`));
}
