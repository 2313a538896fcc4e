// Reading a snapshot file: what `kubectl get nodes,pods,pvc,pv -A -o json|yaml`
// prints, a multi-document YAML stream, or a single object. Objects are sorted
// into ClusterObjects by kind; a kind the file does not have stays undefined
// ("not in this snapshot"), and gaps say so where the picture needs it.

import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { AccessGap } from '../model/types.ts';
import { inferredNodesGap } from '../model/gaps.ts';
import { compareText } from '../model/node.ts';
import type { WithCallouts } from '../model/callouts.ts';
import type { WithEvents } from '../model/events.ts';
import { decodeSnapshotText } from './decode.ts';
import { ENCODING_NAMES, looksLikeUtf16, utf8Chunks } from './encoding.ts';
import type { DataPath, DecodedDocument } from './decode.ts';
import { MAX_NESTING, tooDeep } from './depth.ts';
import { DuplicateFinder } from './duplicates.ts';
import { message, type Message } from '../i18n/index.ts';
import { byteSize, scalarSaid, SnapshotError, valueSaid } from './error.ts';
import { HANDLED_ITEM, JsonObjectStream, startsAsJsonObject } from './json-stream.ts';
import { readMeta, SNAPSHOT_META_KEY } from './meta.ts';
import type { SnapshotMeta } from './meta.ts';
import { resourceByKind, SNAPSHOT_RESOURCES } from './resources.ts';
import type { ListKey, SnapshotResource } from './resources.ts';

export interface Snapshot {
  objects: ClusterObjects;
  /** Kinds the file held that a snapshot does not use (Services, Events…), sorted by kind. */
  ignored: { kind: string; count: number }[];
  /** From the file's x-kube-anatomy field, when Kube Anatomy saved it. */
  savedAt?: string;
  source?: string;
}

export interface ParseOptions {
  /** Refuse texts longer than this (default MAX_SNAPSHOT_BYTES). */
  maxBytes?: number;
}

export interface StreamParseOptions {
  /** Refuse JSON of more bytes than this (default MAX_SNAPSHOT_BYTES). */
  maxBytes?: number;
  /** Refuse other files (YAML, read whole) of more bytes than this (default MAX_WHOLE_TEXT_BYTES). */
  maxTextBytes?: number;
  /**
   * Offered each object the snapshot keeps (not a repeat), in file order, as
   * soon as it is read; true takes it, and it is left out of the result's
   * lists (which still count as read). A caller that builds as it reads need
   * not hold every object. With it, a file whose top level turns out to be no
   * List (a Pod with an `items` field) or to have two `items` arrays is
   * refused: its items were given out as they came.
   */
  take?: (key: ListKey, item: KubeObject) => boolean;
}

/**
 * The most a snapshot may hold. Compact JSON of 100,000 pods on 1,000 nodes,
 * shaped like a kind cluster's, is about 440 MiB, and reading it (in pieces,
 * parseSnapshotStream) keeps the export within 1 GB; kubectl's indented JSON
 * of the same cluster is about twice that, and is refused.
 */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

/**
 * A file that is not a JSON object (YAML) is read as one text, whose parse
 * takes many times its size: such files stay at the limit they always had.
 */
export const MAX_WHOLE_TEXT_BYTES = 256 * 1024 * 1024;

/** Lists nested in lists (a List of PodLists…) deeper than this are refused. */
const MAX_LIST_DEPTH = 8;

/** Real kinds are short; this keeps a hostile one from burying the message. */
const MAX_KIND_IN_MESSAGE = 100;
/** Enough of a deep path to find the place; the rest is brackets. */
const MAX_PATH_IN_MESSAGE = 8;
/** Events a snapshot keeps at most (a live source keeps 5,000); more are counted as ignored. */
const MAX_SNAPSHOT_EVENTS = 50_000;
/** The metadata fields the reader needs as text, when given (a name always). */
const METADATA_TEXT_FIELDS = ['name', 'namespace', 'uid'] as const;

type Collected = Record<ListKey, KubeObject[]>;

/** What the objects read so far add up to, across the documents of a file. */
class Collector {
  readonly collected: Collected = { nodes: [], pods: [], persistentVolumeClaims: [], persistentVolumes: [], namespaces: [] };
  /** Objects kept per list, taken ones included. */
  readonly counts: Record<ListKey, number> = { nodes: 0, pods: 0, persistentVolumeClaims: 0, persistentVolumes: 0, namespaces: 0 };
  readonly ignored = new Map<string, number>();
  /** Events saved beside the objects (WithEvents), of either API. */
  readonly events: KubeObject[] = [];
  readonly duplicates = new DuplicateFinder();
  /** Whether some pod is bound to a node, or names a claim: then those lists are needed (addMissingGaps). */
  scheduled = false;
  claims = false;
  /** Names of the Node objects kept, and of the nodes pods are bound to: one without a Node object is inferred (addMissingGaps). */
  readonly nodeNames = new Set<string>();
  readonly podNodes = new Set<string>();

  constructor(private readonly take?: StreamParseOptions['take']) {}

  /** An object the snapshot keeps: counted, then taken or collected. */
  keep(resource: SnapshotResource, item: KubeObject): void {
    this.counts[resource.key]++;
    if (resource.key === 'pods') {
      const node = nodeNameOf(item);
      if (node !== undefined) {
        this.scheduled = true;
        this.podNodes.add(node);
      }
      this.claims ||= usesClaim(item);
    } else if (resource.key === 'nodes') {
      // The reader keeps only objects whose metadata.name is text.
      this.nodeNames.add((item.metadata as { name: string }).name);
    }
    if (!this.take?.(resource.key, item)) this.collected[resource.key].push(item);
  }
}

interface Reader {
  file: string;
  doc: DecodedDocument;
  collector: Collector;
}

/** @throws SnapshotError naming the file, and the line or item, when the text is not a usable snapshot. */
export function parseSnapshot(text: string, fileName: string, options: ParseOptions = {}): Snapshot {
  const max = options.maxBytes ?? MAX_SNAPSHOT_BYTES;
  if (typeof text !== 'string') throw new SnapshotError(message('errors.snapshot.notText'), { file: fileName });
  if (text.length > max) {
    throw new SnapshotError(message('errors.snapshot.tooLarge', { size: size(text.length), limit: size(max) }), { file: fileName });
  }
  return readDocuments(decode(text, fileName), fileName, false, new Collector());
}

/**
 * parseSnapshot for a file read in pieces, as it comes off the disk: JSON whose
 * top level is an object (kubectl's List) is read item by item and never held
 * as one string (json-stream.ts); anything else is gathered and read whole.
 * The same snapshot, or the same SnapshotError, as parseSnapshot of the text.
 * UTF-16 with a byte order mark is read too (encoding.ts).
 */
export async function parseSnapshotStream(chunks: AsyncIterable<Uint8Array>, fileName: string, options: StreamParseOptions = {}): Promise<Snapshot> {
  const maxBytes = options.maxBytes ?? MAX_SNAPSHOT_BYTES;
  const maxTextBytes = options.maxTextBytes ?? MAX_WHOLE_TEXT_BYTES;
  const collector = new Collector(options.take);
  const early = options.take ? earlyItems(fileName, collector) : undefined;
  const head: Uint8Array[] = [];
  let json: boolean | undefined;
  let stream: JsonObjectStream | undefined;
  let bytes = 0;
  // UTF-16 (a byte order mark says so) is read as the UTF-8 it stands for: the limits count UTF-8 bytes.
  for await (const chunk of utf8Chunks(chunks)) {
    if (stream) {
      stream.push(chunk);
      continue;
    }
    if (bytes === 0 && looksLikeUtf16((i) => chunk[i] as number, chunk.length)) {
      // As the whole-text reader says it (decode.ts): the JSON scanner would call it a syntax error.
      throw new SnapshotError(message('errors.snapshot.utf16NoMark', ENCODING_NAMES), { file: fileName });
    }
    head.push(chunk);
    bytes += chunk.length;
    // Only white space so far (or a byte order mark cut in two): the shape is not known yet. Past the first
    // three bytes only the new chunk can tell: joining all again for each would take time growing as the square.
    json ??= bytes - chunk.length >= 3 ? startsAsJsonObject(chunk, false) : startsAsJsonObject(concat(head));
    if (json === true) {
      stream = new JsonObjectStream(fileName, { maxBytes, size, ...(early ? { onItem: early.offer } : {}) });
      // As one piece, so a byte order mark cut in two is whole for the stream.
      stream.push(concat(head.splice(0)));
    } else if (json === false && bytes > maxTextBytes) {
      throw new SnapshotError(message('errors.snapshot.tooLargeNotJson', { size: size(bytes), limit: size(maxTextBytes) }), { file: fileName });
    }
  }
  if (stream) {
    const doc = stream.end();
    if (early?.handled) early.confirm(doc.value, stream.itemArrays);
    return readDocuments([doc], fileName, true, collector);
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(concat(head));
  if (text.length > maxTextBytes) throw new SnapshotError(message('errors.snapshot.tooLarge', { size: size(text.length), limit: size(maxTextBytes) }), { file: fileName });
  return readDocuments(decode(text, fileName), fileName, false, collector);
}

/**
 * Items of a top-level List read as they come, before the List's own kind is
 * known (kubectl writes it after the items): only what would be read the same
 * under any List kind, a v1 object that names its own kind, and only while
 * nothing before it was left for the end, so repeats are found in file order.
 * confirm() then checks the top level was a List with one items array.
 */
function earlyItems(file: string, collector: Collector) {
  let open = true;
  const state = {
    handled: false,
    offer(item: unknown, index: number, top: Readonly<Record<string, unknown>>): boolean {
      if (!open) return false;
      const kind = isObject(item) ? item.kind : undefined;
      const resource = typeof kind === 'string' && !kind.endsWith('List') ? resourceByKind(kind) : undefined;
      const metadata = isObject(item) ? item.metadata : undefined;
      const listSoFar = !Object.hasOwn(top, 'kind') || (typeof top.kind === 'string' && top.kind.endsWith('List'));
      // An item the reader would refuse is left for readItem, which says why and where.
      if (!isObject(item) || !isObject(metadata) || metadataProblem(metadata, '') !== undefined || !listSoFar) {
        open = false;
        return false;
      }
      if (typeof kind === 'string' && kind !== '' && !kind.endsWith('List') && (!resource || (item.apiVersion !== undefined && item.apiVersion !== 'v1'))) {
        // Another kind (Services…): counted at the end, and it can repeat nothing kept.
        return false;
      }
      if (!resource || (item.apiVersion !== undefined && item.apiVersion !== 'v1')) {
        open = false;
        return false;
      }
      if (nodeNameProblem(resource, item, kind as string) !== undefined) {
        open = false;
        return false;
      }
      state.handled = true;
      if (!collector.duplicates.isDuplicate(resource, metadata, `items[${index}]`)) collector.keep(resource, item as KubeObject);
      return true;
    },
    confirm(value: unknown, itemArrays: number): void {
      const kind = isObject(value) ? value.kind : undefined;
      if (kind !== undefined && !(typeof kind === 'string' && kind.endsWith('List'))) {
        throw new SnapshotError(message('errors.snapshot.itemsNoList'), { file });
      }
      if (itemArrays > 1) throw new SnapshotError(message('errors.snapshot.itemsTwice'), { file });
    },
  };
  return state;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `depthChecked`: the streaming reader has already looked for absurd nesting, item by item. */
function readDocuments(docs: DecodedDocument[], fileName: string, depthChecked: boolean, collector: Collector): Snapshot {
  const { collected, counts, ignored, duplicates } = collector;
  let meta: SnapshotMeta | undefined;

  for (const doc of docs) {
    const reader: Reader = { file: fileName, doc, collector };
    const value = doc.value;
    if (!isObject(value)) {
      fail(reader, [], message('errors.snapshot.notObjectOrList', { found: valueSaid(value) }));
    }
    const deep = depthChecked ? undefined : tooDeep(value);
    if (deep) fail(reader, deep.slice(0, MAX_PATH_IN_MESSAGE), message('errors.snapshot.nesting', { max: MAX_NESTING }));
    meta ??= Object.hasOwn(value, SNAPSHOT_META_KEY) ? readMeta(value[SNAPSHOT_META_KEY]) : undefined;
    if (value.kind === undefined && Array.isArray(value.items)) readList(reader, value, [], undefined, 0);
    else readItem(reader, value, [], undefined, 0);
  }

  const objects: ClusterObjects = { gaps: [...(meta?.gaps ?? []), ...duplicates.gaps()] };
  for (const { key, resource } of SNAPSHOT_RESOURCES) {
    if (counts[key] > 0 || meta?.resources.includes(resource)) objects[key] = collected[key];
  }
  addMissingGaps(objects, collector);
  if (collector.events.length > 0) (objects as WithEvents<ClusterObjects>).events = collector.events;
  if (meta?.callouts !== undefined) (objects as WithCallouts<ClusterObjects>).callouts = meta.callouts;

  const snapshot: Snapshot = {
    objects,
    ignored: [...ignored].map(([kind, count]) => ({ kind, count })).sort((a, b) => compareText(a.kind, b.kind)),
  };
  if (meta?.savedAt !== undefined) snapshot.savedAt = meta.savedAt;
  if (meta?.source !== undefined) snapshot.source = meta.source;
  return snapshot;
}

/** Parsers may still fail in ways of their own (a stack overflow on absurd nesting): name the file all the same. */
function decode(text: string, file: string): DecodedDocument[] {
  try {
    return decodeSnapshotText(text, file);
  } catch (err) {
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(message('errors.snapshot.unreadable', { error: err instanceof Error ? err.message : String(err) }), { file });
  }
}

function readItem(reader: Reader, item: unknown, path: DataPath, impliedKind: string | undefined, depth: number): void {
  if (!isObject(item)) fail(reader, path, message('errors.snapshot.notObject', { found: valueSaid(item) }));
  const kind = item.kind ?? impliedKind;
  if (kind !== undefined && kind !== null && typeof kind !== 'string') {
    // A kind of another type is not missing: say what it is.
    fail(reader, path, message(path.length === 0 ? 'errors.snapshot.kindNotStringTop' : 'errors.snapshot.kindNotString', { found: scalarSaid(kind) }));
  }
  if (typeof kind !== 'string' || kind === '') {
    fail(reader, path, message(path.length === 0 ? 'errors.snapshot.noKindTop' : 'errors.snapshot.noKind'));
  }
  if (kind.endsWith('List')) {
    readList(reader, item, path, kind, depth);
    return;
  }
  const metadata = item.metadata;
  const problem = metadataProblem(metadata, shortKind(kind));
  if (problem || !isObject(metadata)) fail(reader, path, problem ?? message('errors.snapshot.noName', { kind: shortKind(kind) }));
  const apiVersion = item.apiVersion;
  if (kind === 'Event' && (apiVersion === undefined || apiVersion === 'v1' || apiVersion === 'events.k8s.io/v1')) {
    // Beside the objects, never in them; past the bound they are counted as ignored.
    if (reader.collector.events.length < MAX_SNAPSHOT_EVENTS) {
      reader.collector.events.push(item as KubeObject);
      return;
    }
  }
  const resource = resourceByKind(kind);
  // A kind from another API group (say a CRD named Node) is not the core object.
  if (resource && (apiVersion === undefined || apiVersion === 'v1')) {
    const misplaced = nodeNameProblem(resource, item, shortKind(kind));
    if (misplaced) fail(reader, path, misplaced);
    if (!reader.collector.duplicates.isDuplicate(resource, metadata, placeOf(reader, path))) reader.collector.keep(resource, item as KubeObject);
  } else {
    const label = typeof apiVersion === 'string' && apiVersion !== 'v1' && resource ? `${kind} (${apiVersion})` : kind;
    reader.collector.ignored.set(label, (reader.collector.ignored.get(label) ?? 0) + 1);
  }
}

/**
 * What keeps an object's metadata from being read, or undefined: it must be
 * an object with a name, and its name, namespace and uid, when given, text
 * (kubectl refuses any other type there too). A value of another type is not
 * missing: the message says what it is (YAML reads `name: 0x1F` as a number).
 */
function metadataProblem(metadata: unknown, kind: string): Message | undefined {
  if (metadata === undefined || metadata === null) return message('errors.snapshot.noName', { kind });
  if (!isObject(metadata)) return message('errors.snapshot.metadataNotObject', { kind, found: valueSaid(metadata) });
  for (const key of METADATA_TEXT_FIELDS) {
    const value = metadata[key];
    if (typeof value === 'string') {
      if (value === '' && key === 'name') return message('errors.snapshot.noName', { kind });
      continue;
    }
    if (value === undefined || value === null) {
      if (key === 'name') return message('errors.snapshot.noName', { kind });
      continue;
    }
    return notText(kind, `metadata.${key}`, value);
  }
  return undefined;
}

/** A field that must be text, found as another type: what it is, and, for a number or a boolean, that quotes would make it text. */
function notText(kind: string, field: string, value: unknown): Message {
  const quoted = typeof value === 'number' || typeof value === 'boolean';
  return message(quoted ? 'errors.snapshot.fieldNotStringQuote' : 'errors.snapshot.fieldNotString', { kind, field, found: scalarSaid(value) });
}

/**
 * A pod's spec.nodeName of another type than text, which would leave the pod
 * unscheduled and its node empty without a word (YAML reads `nodeName: 123`
 * as a number): said as the metadata's fields are.
 */
function nodeNameProblem(resource: SnapshotResource, item: Record<string, unknown>, kind: string): Message | undefined {
  if (resource.key !== 'pods' || !isObject(item.spec)) return undefined;
  const value = item.spec.nodeName;
  if (value === undefined || value === null || typeof value === 'string') return undefined;
  return notText(kind, 'spec.nodeName', value);
}

function readList(reader: Reader, list: Record<string, unknown>, path: DataPath, kind: string | undefined, depth: number): void {
  if (depth >= MAX_LIST_DEPTH) fail(reader, path, message('errors.snapshot.listNesting', { max: MAX_LIST_DEPTH }));
  const items = list.items;
  if (!Array.isArray(items)) {
    fail(reader, [...path, 'items'], message('errors.snapshot.itemsNotArray', { kind: kind ?? 'List', found: valueSaid(items) }));
  }
  // A typed list straight from the API (PodList…) leaves kind off its items.
  const implied = kind && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
  items.forEach((item, index) => {
    if (item !== HANDLED_ITEM) readItem(reader, item, [...path, 'items', index], implied, depth + 1);
  });
}

function addMissingGaps(objects: ClusterObjects, pods: Pick<Collector, 'scheduled' | 'claims' | 'nodeNames' | 'podNodes'>): void {
  const has = (resource: string): boolean => objects.gaps.some((g) => g.resource === resource);
  const extra: AccessGap[] = [];
  if (objects.nodes === undefined && pods.scheduled && !has('nodes')) {
    extra.push({ resource: 'nodes', reason: 'unavailable', message: 'the snapshot has no Node objects', said: message('errors.gap.snapshotHasNo', { kind: 'Node' }) });
  } else if (objects.nodes !== undefined && !objects.gaps.some((g) => g.resource === 'nodes' && g.reason !== 'duplicate')) {
    // Nodes the file has, but not every one its pods run on: those are drawn from the pods alone.
    const missing = [...pods.podNodes].filter((name) => !pods.nodeNames.has(name));
    if (missing.length > 0) extra.push(inferredNodesGap(missing));
  }
  if (objects.persistentVolumeClaims === undefined && !has('persistentvolumeclaims') && pods.claims) {
    extra.push({
      resource: 'persistentvolumeclaims',
      reason: 'unavailable',
      message: 'the snapshot has no PersistentVolumeClaim objects',
      said: message('errors.gap.snapshotHasNo', { kind: 'PersistentVolumeClaim' }),
    });
  }
  objects.gaps.push(...extra);
}

/** The node a pod is bound to; undefined for an unscheduled one, which is drawn without the Node objects. */
function nodeNameOf(pod: KubeObject): string | undefined {
  const spec = pod.spec;
  return isObject(spec) && typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
}

/** A pod names a PVC directly, or through a generic ephemeral volume. */
function usesClaim(pod: KubeObject): boolean {
  const spec = pod.spec;
  if (!isObject(spec) || !Array.isArray(spec.volumes)) return false;
  return spec.volumes.some((v) => isObject(v) && (isObject(v.persistentVolumeClaim) || isObject(v.ephemeral)));
}

/** "items[3]", "document 2, items[0]", or "document 2" for a document that is one object. */
function placeOf(reader: Reader, path: DataPath): string {
  return [reader.doc.label, formatPath(path)].filter((s) => s !== undefined && s !== '').join(', ');
}

function fail(reader: Reader, path: DataPath, problem: Message): never {
  const item = placeOf(reader, path);
  const line = reader.doc.lineOf(path);
  throw new SnapshotError(problem, {
    file: reader.file,
    ...(item !== '' ? { item } : {}),
    ...(line !== undefined ? { line } : {}),
  });
}

/** ['items', 2, 'items', 5] → "items[2].items[5]". */
function formatPath(path: DataPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** A kind for a message: the file chooses it, so it may be any length. */
function shortKind(kind: string): string {
  return kind.length > MAX_KIND_IN_MESSAGE ? `${kind.slice(0, MAX_KIND_IN_MESSAGE)}…` : kind;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const size = byteSize;

