// Picks the builder for whatever is selected.

import type { IndexEntry, ModelIndex } from '../model-index.ts';
import { containerDetails } from './container.ts';
import { nodeDetails } from './node.ts';
import { podDetails } from './pod.ts';
import type { DetailContext, DetailView } from './types.ts';
import { volumeDetails } from './volume.ts';

export function detailsFor(entry: IndexEntry, index: ModelIndex, ctx: DetailContext): DetailView {
  switch (entry.kind) {
    case 'node':
      return nodeDetails(entry.node, ctx);
    case 'pod':
      return podDetails(entry.pod, entry.node, ctx);
    case 'container':
      return containerDetails(entry.container, entry.pod, ctx);
    case 'volume':
      return volumeDetails(entry.volume, entry.pod, ctx, (name) => index.pod(name));
  }
}
