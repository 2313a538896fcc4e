// Stand-ins for the modules a session uses: a controllable live cluster and a
// kubeconfig that says whatever the test needs. Model building and snapshot
// parsing are the real ones.

import type { ConnectionState, ContextList } from '../../../main/contract/api.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import type { LiveSourceInput, SessionDeps } from '../../../main/session/deps.ts';
import type { Session, SessionEvents } from '../../../main/session/session.ts';
import type { ObjectSource, SourceHandlers } from '../../../main/source/object-source.ts';
import type { EventFeed } from '../../../main/model/events.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { listText, node, objectsOf, pod } from '../../fixtures/session/objects.ts';

export class FakeLive implements ObjectSource {
  readonly description;
  readonly input: LiveSourceInput;
  handlers: SourceHandlers | undefined;
  stopped = false;
  /** An event watch, when a test gives one (test/fixtures/recorded-events.ts FakeEventFeed). */
  events?: EventFeed;
  /** How many times the session said a page drew this source's first model (listEventsNow). */
  eventsAsked = 0;

  constructor(input: LiveSourceInput) {
    this.input = input;
    this.description = { kind: 'cluster' as const, name: input.context, server: `https://${input.context}.example:6443`, namespaces: input.namespaces };
  }

  start(handlers: SourceHandlers): void {
    this.handlers = handlers;
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  listEventsNow(): void {
    this.eventsAsked += 1;
  }

  objects(objects: ClusterObjects): void {
    this.handlers?.objects(objects);
  }

  state(state: ConnectionState): void {
    this.handlers?.state(state);
  }
}

export const DEMO_ITEMS = [node('demo-node', '192.0.2.1'), pod({ name: 'demo-pod', node: 'demo-node', ip: '10.0.0.1' })];

export function contextList(names: string[], current?: string): ContextList {
  return {
    contexts: names.map((name) => ({ name, cluster: name, user: name, server: `https://${name}.example:6443` })),
    current,
    files: names.length > 0 ? ['/home/test/.kube/config'] : [],
    problems: [],
  };
}

export interface Fakes {
  deps: SessionDeps;
  live: FakeLive[];
  contexts: ContextList;
}

export function fakes(contexts: ContextList = contextList([])): Fakes {
  const state: Fakes = {
    live: [],
    contexts,
    deps: {
      buildModel,
      loadDemo: () => objectsOf(DEMO_ITEMS),
      parseSnapshot: (text, fileName) => parseSnapshot(text, fileName).objects,
      writeSnapshot: (objects) => listText([...(objects.nodes ?? []), ...(objects.pods ?? [])]),
      loadContexts: () => structuredClone(state.contexts),
      createLiveSource: (input) => {
        const source = new FakeLive(input);
        state.live.push(source);
        return source;
      },
    },
  };
  return state;
}

export const FAST = { coalesceMs: 20, backoff: { initialMs: 40, maxMs: 80, jitter: 0 }, connectTimeoutMs: 2000, watchDebounceMs: 30 };

/** On a fake clock: longer than every timer a session with FAST sets (coalescing, reconnect delays, the connect timeout). */
export const PAST_EVERY_TIMER = 10 * FAST.connectTimeoutMs;

/** Resolves with the next event that satisfies `test`, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof SessionEvents>(
  session: Session,
  event: E,
  test: (payload: SessionEvents[E]) => boolean = () => true,
  timeoutMs = 3000,
): Promise<SessionEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching "${String(event)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = session.on(event, (payload) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export async function until(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function podNames(session: Session): string[] {
  const model = session.model()?.model;
  if (!model) return [];
  return [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled].map((p) => `${p.namespace}/${p.name}`).sort();
}
