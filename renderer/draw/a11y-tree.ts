// The accessible tree beside the canvas renderer. A <canvas> is one opaque
// image to a screen reader (and to a test), so when the picture is painted
// there, this tree holds what the SVG would have held: one element per scene
// item, nested band → node → pod → container / volume / mount as the SVG's
// groups are, carrying the same semantic attributes (renderer/scene/semantic.ts,
// the attributes renderer/draw/entities.ts writes). Whichever renderer drew
// the picture, walking data-kind elements gives the same list.
//
// Live updates change a few pods among many thousands, so sync keeps each
// item's element (keyed by uid, bands by id), rewrites attributes only for
// items whose layout box changed (layouts share unchanged boxes, see
// renderer/layout/memo.ts), and moves only elements that are not where the
// scene wants them. One pass over the scene, one over the elements: linear.
// A scene updated from the one synced last (updateScene) says what changed
// (sceneDelta): then only that is touched, the items made anew, those gone,
// and the children of the items whose children changed, not the 100,000
// others of a large cluster.

import { sceneDelta, type Scene, type SceneDelta, type SceneItem, type SceneKind } from '../scene/scene.ts';
import { eachSemanticAttribute, samePodAttributes, tooltipOf } from '../scene/semantic.ts';
import type { PodBox } from '../layout/types.ts';

export interface AccessibleTree {
  /** The element holding the tree (the host passed in). */
  readonly root: HTMLElement;
  /** Makes the tree match the scene: elements keyed by uid (bands by id) are kept, moved, updated, added and removed; children in scene order. */
  sync(scene: Scene): void;
  /** The element of a node, pod, container or volume (or of a band, by id, or a mount). */
  element(uid: string): HTMLElement | undefined;
  /** Removes every element (the SVG renderer is drawing instead). */
  clear(): void;
}

interface Entry {
  el: HTMLElement;
  kind: SceneKind;
  /** The layout box the attributes were last written from; the same box means the same attributes. */
  box: unknown;
  /**
   * The names of the attributes this tree wrote (only these are ever updated
   * or removed), one list shared by all elements alike: not their values,
   * which the element holds. At 100,000 pods the values kept here were a
   * million strings for every garbage collection to trace, and those handed
   * to the DOM (externalized) a table it walks in its pause.
   */
  names: readonly string[];
  /** The sync that last claimed this entry. */
  seen: number;
  /** Where this sync wants the element. */
  parent: Node | null;
}

// The SVG's classes: both bands (the unscheduled one too) are ka-band groups.
const CLASS: Record<SceneKind, string> = {
  band: 'ka-band',
  unscheduled: 'ka-band',
  node: 'ka-node',
  pod: 'ka-pod',
  container: 'ka-container',
  volume: 'ka-volume',
  mount: 'ka-mount',
};

/** Calls `visit` with everything the tree writes on an item's element, in order. */
function eachAttribute(item: SceneItem, visit: (name: string, value: string) => void): void {
  visit('class', CLASS[item.kind]);
  eachSemanticAttribute(item, visit);
  const tooltip = tooltipOf(item);
  if (tooltip !== undefined) visit('title', tooltip);
  // The same keyboard stops as the SVG (renderer/app/canvas.ts): nodes and pods; containers and volumes are reached through the panel.
  if (item.kind === 'node' || item.kind === 'pod') visit('tabindex', '0');
}

/** Everything the tree writes on an item's element, flattened. */
function attributesOf(item: SceneItem): string[] {
  const out: string[] = [];
  eachAttribute(item, (name, value) => out.push(name, value));
  return out;
}

/** Scratch for claim(): the attributes an element was written with, read back from its box. */
const written: string[] = [];
const pushWritten = (name: string, value: string): void => void written.push(name, value);

/** Whether `item` has exactly the attributes the entry was written with (from the box it was written from). */
function holdsWritten(entry: Entry, item: SceneItem): boolean {
  written.length = 0;
  eachAttribute({ kind: entry.kind, box: entry.box } as SceneItem, pushWritten);
  return holds(item, written);
}

/** Whether `item` has exactly the flattened attributes `list`, in order (making no list of its own). */
function holds(item: SceneItem, list: readonly string[]): boolean {
  let i = 0;
  let same = true;
  eachAttribute(item, (name, value) => {
    if (same && (list[i] !== name || list[i + 1] !== value)) same = false;
    i += 2;
  });
  return same && i === list.length;
}

function nameAt(list: readonly string[], name: string): number {
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return i;
  return -1;
}

/** One list per set of names, shared by every element written with it. */
const namesOf = new Map<string, readonly string[]>();

function namesIn(attrs: readonly string[]): readonly string[] {
  const list: string[] = [];
  for (let i = 0; i < attrs.length; i += 2) list.push(attrs[i]);
  const key = list.join('\u0000');
  let shared = namesOf.get(key);
  if (!shared) namesOf.set(key, (shared = list));
  return shared;
}

/**
 * Brings `el` from the attributes this tree wrote on it (`prev`: their names,
 * or none) to `next`, touching only what differs from what the element holds.
 * Attributes someone else set (the app's marks: data-selected, data-hover...)
 * are not ours and are left alone. Returns the names written.
 */
function writeAttributes(el: Element, prev: readonly string[] | undefined, next: readonly string[]): readonly string[] {
  for (let i = 0; i < next.length; i += 2) {
    const name = next[i];
    const value = next[i + 1];
    if (!prev || el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  const names = namesIn(next);
  if (prev && prev !== names) for (const name of prev) if (nameAt(next, name) < 0) el.removeAttribute(name);
  return names;
}

export function createAccessibleTree(host: HTMLElement): AccessibleTree {
  const doc = host.ownerDocument;
  /** By uid (bands by id); a uid met again in one scene gets uid + NUL + its occurrence. */
  const entries = new Map<string, Entry>();
  const entryOf = new WeakMap<Node, Entry>();
  let generation = 0;

  function claim(item: SceneItem): Entry {
    let key = item.uid;
    let entry = entries.get(key);
    // A uid met twice in one scene (layouts don't make these, but nothing stops a model): later ones get keys of their own, stable across syncs.
    for (let n = 1; entry && entry.seen === generation; n++) {
      key = `${item.uid}\u0000${n}`;
      entry = entries.get(key);
    }
    if (entry && entry.kind !== item.kind) {
      // Same key, another kind of thing: nothing of the old element fits.
      entry.el.remove();
      entryOf.delete(entry.el);
      entry = undefined;
    }
    if (!entry) {
      const el = doc.createElement('div');
      entry = { el, kind: item.kind, box: undefined, names: [], seen: generation, parent: null };
      entries.set(key, entry);
      entryOf.set(el, entry);
      entry.names = writeAttributes(el, undefined, attributesOf(item));
      entry.box = item.box;
    } else if (entry.box !== item.box) {
      // A new box with the same attributes (the same object laid out at another
      // level as the user zooms, 100,000 pods at once) is told from the box the
      // element was written from, in the page's memory: reading each attribute
      // back from the DOM to compare took about half a second there.
      // The old box's list goes into one reused array: the common case (nothing changed) makes no list at all.
      // A pod's attributes are compared field by field (samePodAttributes), the commonest case by far.
      const same = item.kind === 'pod' ? samePodAttributes(entry.box as PodBox, item.box) : holdsWritten(entry, item);
      if (!same) entry.names = writeAttributes(entry.el, entry.names, attributesOf(item));
      entry.box = item.box;
    }
    entry.seen = generation;
    return entry;
  }

  /**
   * Puts `kids` under `parent` in this order. An element already next in
   * line stays; one that belongs to another parent in this scene is stepped
   * over (its own parent will take it); everything else is moved into place.
   */
  function place(parent: Node, kids: readonly number[], els: readonly HTMLElement[]): void {
    placeEls(
      parent,
      kids.map((k) => els[k]),
    );
  }

  function placeEls(parent: Node, els: readonly HTMLElement[]): void {
    let cursor = parent.firstChild;
    for (const el of els) {
      while (cursor && cursor !== el && !belongsTo(cursor, parent)) cursor = cursor.nextSibling;
      if (cursor === el) cursor = cursor.nextSibling;
      else parent.insertBefore(el, cursor);
    }
  }

  function belongsTo(node: Node, parent: Node): boolean {
    const entry = entryOf.get(node);
    return !!entry && entry.seen === generation && entry.parent === parent;
  }

  /** The scene synced last, when every uid in it had one element keyed by the uid alone. */
  let synced: Scene | undefined;

  function sync(scene: Scene): void {
    const delta = sceneDelta(scene);
    if (delta && synced !== undefined && delta.from.deref() === synced && delta.unique) syncDelta(scene, delta);
    else syncAll(scene);
    synced = entries.size === scene.items.length && scene.byUid.size === scene.items.length ? scene : undefined;
    syncHeader(scene);
  }

  /** What changed since the scene synced last, and only that. */
  function syncDelta(scene: Scene, delta: SceneDelta): void {
    generation++;
    const items = scene.items;
    for (const item of delta.dropped) {
      // A uid still in the scene keeps its element (its new item is among the fresh, or kind changed: claim sees to it).
      if (scene.byUid.has(item.uid)) continue;
      const entry = entries.get(item.uid);
      if (!entry) continue;
      entry.el.remove();
      entryOf.delete(entry.el);
      entries.delete(item.uid);
    }
    for (const i of delta.fresh) claim(items[i]);
    // The children of each regrouped item, in order: claimed for this sync, so that place() steps over what belongs elsewhere.
    const lists: Array<[Node, HTMLElement[]]> = [];
    for (const at of delta.regrouped) {
      const parent = at < 0 ? host : entries.get(items[at].uid)?.el;
      if (!parent) continue;
      const els: HTMLElement[] = [];
      for (const k of scene.children.get(at) ?? []) {
        const entry = entries.get(items[k].uid);
        if (!entry) continue;
        entry.seen = generation;
        entry.parent = parent;
        els.push(entry.el);
      }
      lists.push([parent, els]);
    }
    for (const [parent, els] of lists) placeEls(parent, els);
  }

  function syncAll(scene: Scene): void {
    generation++;
    const items = scene.items;
    const els: HTMLElement[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const entry = claim(item);
      els[i] = entry.el;
      entry.parent = item.parent >= 0 ? els[item.parent] : host;
    }
    // Gone first, so that what stays is already in order where nothing else changed.
    // Every item claimed an entry of its own, so as many entries as items means none is gone: no pass needed.
    if (entries.size > items.length) {
      for (const [key, entry] of entries) {
        if (entry.seen === generation) continue;
        entry.el.remove();
        entryOf.delete(entry.el);
        entries.delete(key);
      }
    }
    for (const [index, kids] of scene.children) place(index < 0 ? host : els[index], kids, els);
  }

  // The picture's caption (source, counts, namespaces), first, as the SVG's header group is.
  let header: HTMLElement | undefined;
  function syncHeader(scene: Scene): void {
    const text = scene.layout.header.map((t) => t.text).join('\n');
    if (!text) {
      header?.remove();
      header = undefined;
      return;
    }
    if (!header) {
      header = doc.createElement('div');
      header.setAttribute('class', 'ka-header');
      header.setAttribute('data-kind', 'header');
    }
    if (header.textContent !== text) header.textContent = text;
    if (host.firstChild !== header) host.insertBefore(header, host.firstChild);
  }

  function clear(): void {
    synced = undefined;
    header?.remove();
    header = undefined;
    for (const entry of entries.values()) {
      entry.el.remove();
      entryOf.delete(entry.el);
    }
    entries.clear();
  }

  function element(uid: string): HTMLElement | undefined {
    return entries.get(uid)?.el;
  }

  return { root: host, sync, element, clear };
}
