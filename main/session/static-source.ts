// A source whose objects never change: the built-in demo, or a snapshot the
// user picked in the window (its text came from the renderer, so there is no
// file to watch).

import type { ClusterObjects } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import type { ObjectSource } from '../source/object-source.ts';

export function createStaticSource(description: ModelSource, objects: ClusterObjects): ObjectSource {
  let stopped = false;
  return {
    description,
    start(handlers) {
      stopped = false;
      // Deliver asynchronously like every other source, so the session has one
      // code path and a listener added right after start() still hears it.
      queueMicrotask(() => {
        if (stopped) return;
        handlers.state({ phase: 'static' });
        handlers.objects(objects);
      });
    },
    async stop() {
      stopped = true;
    },
  };
}
