// Which objects the marks fall on: selected, hovered, found by a search, or
// dimmed because a search is active and they are neither found nor the
// context of something found. Both renderers draw these marks; neither
// decides them on its own.

import type { ClusterLayout } from '../layout/types.ts';
import type { SceneMarks } from './scene.ts';

export interface SearchLight {
  /** What the search found. */
  hits: ReadonlySet<string>;
  /** What holds or sits beside what it found (a hit pod's node), kept undimmed. */
  context: ReadonlySet<string>;
}

/**
 * Dims at the outermost level only, so that opacity does not compound: a node
 * with nothing lit is dimmed whole, and a lit node's pods are dimmed one by
 * one, except under a node that is itself a hit, whose pods all stay.
 */
export function sceneMarks(
  layout: Pick<ClusterLayout, 'nodes' | 'pods'>,
  selected: string | undefined,
  search: SearchLight | null | undefined,
  hovered?: string,
): SceneMarks {
  const marks: SceneMarks = { selected, hovered, searching: !!search, hits: new Set(), dimmed: new Set() };
  if (!search) return marks;
  const hits = new Set<string>();
  const dimmed = new Set<string>();
  const lit = (uid: string) => search.hits.has(uid) || search.context.has(uid);
  const dimmedNodes = new Set<string>();
  const hitNodes = new Set<string>();
  for (const node of layout.nodes) {
    if (search.hits.has(node.uid)) hitNodes.add(node.uid);
    else if (!lit(node.uid)) {
      dimmedNodes.add(node.uid);
      dimmed.add(node.uid);
    }
  }
  for (const pod of layout.pods) {
    if (pod.nodeUid && (dimmedNodes.has(pod.nodeUid) || hitNodes.has(pod.nodeUid))) continue;
    if (!lit(pod.uid)) dimmed.add(pod.uid);
  }
  for (const uid of search.hits) hits.add(uid);
  return { ...marks, hits, dimmed };
}
