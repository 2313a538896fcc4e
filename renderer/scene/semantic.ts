// The semantic attributes of a scene item: what the SVG renderer writes on
// each object's <g> (renderer/draw/entities.ts), and what the accessible tree
// beside a canvas writes on its elements, so that a screen reader and a test
// read the same thing whichever renderer drew the picture. Attribute names
// and values are the SVG contract (README, "The semantic SVG"); test/renderer
// compares the two renderers' attributes item by item.

import type { SceneItem } from './scene.ts';

/** [name, value] pairs, in the order the SVG writes them; attributes the SVG leaves out are not listed. */
export function semanticAttributes(item: SceneItem): Array<[string, string]> {
  switch (item.kind) {
    case 'band':
    case 'unscheduled':
      return [
        ['data-kind', item.kind],
        ['data-band', item.box.id],
      ];
    case 'mount': {
      const m = item.box;
      return [
        ['data-kind', 'mount'],
        ['data-uid', m.uid],
        ['data-volume', m.volumeUid],
        ['data-container', m.containerUid],
        ['data-mount-path', m.mountPath],
        ['data-read-only', m.readOnly ? 'true' : 'false'],
      ];
    }
    default:
      break;
  }
  const b = item.box;
  const out: Array<[string, string]> = [
    ['data-kind', item.kind],
    ['data-uid', b.uid],
    ['data-name', b.name],
    ['role', 'group'],
    ['aria-label', b.label],
  ];
  switch (item.kind) {
    case 'node':
      out.push(['data-role', item.box.role], ['data-status', item.box.status]);
      break;
    case 'pod': {
      const p = item.box;
      out.push(['data-namespace', p.namespace], ['data-ip', p.ip], ['data-status', p.status], ['data-tone', p.tone]);
      if (p.hostNetwork) out.push(['data-host-network', 'true']);
      break;
    }
    case 'container':
      out.push(['data-group', item.box.group], ['data-tone', item.box.tone]);
      break;
    case 'volume': {
      const v = item.box;
      out.push(['data-shared', v.shared ? 'true' : 'false'], ['data-type', v.volumeType]);
      if (v.claim !== undefined) out.push(['data-claim', v.claim]);
      break;
    }
  }
  return out;
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
