// The semantic attributes of a scene item: what the SVG renderer writes on
// each object's <g> (renderer/draw/entities.ts), and what the accessible tree
// beside a canvas writes on its elements, so that a screen reader and a test
// read the same thing whichever renderer drew the picture. Attribute names
// and values are the SVG contract (README, "The semantic SVG"); test/renderer
// compares the two renderers' attributes item by item.

import type { PodBox } from '../layout/types.ts';
import type { SceneItem } from './scene.ts';

/** [name, value] pairs, in the order the SVG writes them; attributes the SVG leaves out are not listed. */
export function semanticAttributes(item: SceneItem): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  eachSemanticAttribute(item, (name, value) => out.push([name, value]));
  return out;
}

/**
 * Calls `visit` with each of semanticAttributes(item), in order, making no
 * list: the accessible tree compares 100,000 pods' attributes at a move's end,
 * and the lists were most of what that allocated.
 */
export function eachSemanticAttribute(item: SceneItem, visit: (name: string, value: string) => void): void {
  switch (item.kind) {
    case 'band':
    case 'unscheduled':
      visit('data-kind', item.kind);
      visit('data-band', item.box.id);
      return;
    case 'mount': {
      const m = item.box;
      visit('data-kind', 'mount');
      visit('data-uid', m.uid);
      visit('data-volume', m.volumeUid);
      visit('data-container', m.containerUid);
      visit('data-mount-path', m.mountPath);
      visit('data-read-only', m.readOnly ? 'true' : 'false');
      return;
    }
    default:
      break;
  }
  const b = item.box;
  visit('data-kind', item.kind);
  visit('data-uid', b.uid);
  visit('data-name', b.name);
  visit('role', 'group');
  visit('aria-label', b.label);
  switch (item.kind) {
    case 'node':
      visit('data-role', item.box.role);
      visit('data-status', item.box.status);
      break;
    case 'pod': {
      const p = item.box;
      visit('data-namespace', p.namespace);
      visit('data-ip', p.ip);
      visit('data-status', p.status);
      visit('data-tone', p.tone);
      if (p.hostNetwork) visit('data-host-network', 'true');
      break;
    }
    case 'container':
      visit('data-group', item.box.group);
      visit('data-tone', item.box.tone);
      break;
    case 'volume': {
      const v = item.box;
      visit('data-shared', v.shared ? 'true' : 'false');
      visit('data-type', v.volumeType);
      if (v.claim !== undefined) visit('data-claim', v.claim);
      break;
    }
  }
}

/**
 * Whether two pod boxes give the same semantic attributes and tooltip
 * (eachSemanticAttribute's and tooltipOf's), field by field, without making
 * or visiting them: a zoom's end at 100,000 pods gives every pod a new box
 * with the same words, and visiting both boxes' attributes to compare them
 * was most of the accessible tree's sync then. The fields are those the two
 * functions read for a pod; test/renderer/scene/semantic.test.ts holds them
 * together.
 */
export function samePodAttributes(a: PodBox, b: PodBox): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.label === b.label &&
    a.namespace === b.namespace &&
    a.ip === b.ip &&
    a.status === b.status &&
    a.tone === b.tone &&
    a.hostNetwork === b.hostNetwork &&
    a.tooltip === b.tooltip
  );
}

/** The tooltip an item's SVG carries as <title> (bands and connectors have none). */
export function tooltipOf(item: SceneItem): string | undefined {
  switch (item.kind) {
    case 'band':
    case 'unscheduled':
    case 'mount':
      return undefined;
    default:
      return item.box.tooltip;
  }
}
