// `export --events`: the events of a source read once, beside its objects. A
// live cluster's through the same EventWatch the app uses (its first list,
// then the source is stopped); a snapshot's as saved in the file; the demo
// has none. Made into the table of the drawn part by main/model/events-table.ts.

import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { EventFeed, EventsAnswer, EventTarget } from '../model/events.ts';
import type { KubeObject } from '../model/kube.ts';
import type { AnatomyModel } from '../model/types.ts';
import { eventsTable, type EventsTable } from '../model/events-table.ts';

/** A source's events as read once. */
export type EventsRead =
  | { state: 'ok'; events: readonly KubeObject[] }
  /** A source that has no events: the demo, a snapshot saved without them. */
  | { state: 'none' }
  | { state: 'forbidden' | 'unavailable'; message: string };

/** How often a live feed is looked at while its first list is read: a refusal says nothing to subscribers. */
const POLL_MS = 50;

/**
 * The events of a live feed once its first list is in, in each of
 * `namespaces` (the feed watches one scope per namespace; none: one for all),
 * or why there are none, within `timeoutMs`; undefined feed: none.
 */
export function readEventsOnce(feed: EventFeed | undefined, timeoutMs: number, clock: Clock = systemClock, namespaces: readonly string[] = []): Promise<EventsRead> {
  if (!feed) return Promise.resolve({ state: 'none' });
  return new Promise((resolve) => {
    let poll: TimerHandle | undefined;
    let settled = false;
    const finish = (read: EventsRead) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(poll);
      clock.clearTimeout(deadline);
      unsubscribe();
      resolve(read);
    };
    // A node's events are looked for in every scope; a pod's of a namespace only in that namespace's.
    const targets: EventTarget[] = namespaces.length > 0 ? namespaces.map((namespace) => ({ kind: 'Pod', namespace, name: '' })) : [{ kind: 'Node', name: '' }];
    const check = (): boolean => {
      const answers = targets.map((t) => feed.answer(t));
      if (answers.some((a) => a.state === 'loading')) return false;
      // Events of the namespaces that could be read, when some could.
      const refused = answers.find((a): a is Extract<EventsAnswer, { message: string }> => a.state === 'forbidden' || a.state === 'unavailable');
      if (answers.some((a) => a.state === 'ok')) finish({ state: 'ok', events: feed.objects() });
      else if (refused) finish({ state: refused.state, message: refused.message });
      else finish({ state: 'none' });
      return true;
    };
    const unsubscribe = feed.subscribe(() => void check());
    const deadline = clock.setTimeout(() => finish({ state: 'unavailable', message: `no complete list of events within ${Math.round(timeoutMs / 1000)} s (raise --timeout)` }), timeoutMs);
    const tick = () => {
      if (!settled && !check()) poll = clock.setTimeout(tick, POLL_MS);
    };
    tick();
  });
}

/** The table of the events regarding what `model` (the drawn part, before any redaction) holds. */
export function eventsTableOf(model: AnatomyModel, read: EventsRead): EventsTable {
  if (read.state === 'ok') return eventsTable(model, read.events);
  if (read.state === 'none') return { state: 'none' };
  return { state: read.state, message: read.message };
}

/** What the CLI says on stderr of the table: how many events, what was left out, or why there are none. */
export function eventsNote(table: EventsTable): string | undefined {
  switch (table.state) {
    case 'none':
      return 'note: --events: this source has no events (a snapshot carries them only when saved with them); the table says so';
    case 'forbidden':
      return `note: --events: events could not be read (forbidden${table.message ? `: ${table.message}` : ''}); the picture is exported without them`;
    case 'unavailable':
      return `note: --events: events could not be read${table.message ? ` (${table.message})` : ''}; the picture is exported without them`;
    case 'ok': {
      const parts = [table.total === 0 ? 'no events regard what is drawn' : `${table.total} events regard what is drawn`];
      if (table.total > table.rows.length) parts.push(`the newest ${table.rows.length} are listed`);
      if (table.hidden) parts.push(`${table.hidden} messages hidden by --redact (only messages of a known form are shown)`);
      return `note: --events: ${parts.join('; ')}`;
    }
  }
}
