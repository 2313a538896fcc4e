// The EventTarget under every linkedom node in the command line's bundles:
// main/tools/build.mjs puts this module where linkedom imports its own
// interface/event-target.js. linkedom's gives each node it makes (every
// element, text and attribute) a table of listeners as it is constructed: an
// entry in a WeakMap holding a new Map. An export of 100,000 pods makes
// millions of nodes and listens to none of them; making those tables cost
// about 3 s of the export's 30, and collecting them (weak entries are marked
// in a pass of their own) more. Here a node gets its table with its first
// listener, and nothing else changes: events go through the same path, in the
// same order, with the same phases and flags as linkedom's own, which the
// test compares with this one event by event.

/** What linkedom's Event carries (interface/event.js): the fields dispatch reads and writes. */
interface LinkedomEvent {
  type: string;
  bubbles: boolean;
  eventPhase: number;
  cancelBubble: boolean;
  defaultPrevented: boolean;
  _stopImmediatePropagationFlag: boolean;
  _path: Array<{ currentTarget: object; target: object }>;
  currentTarget?: object;
  target?: object;
  readonly NONE: number;
  readonly CAPTURING_PHASE: number;
  readonly AT_TARGET: number;
  readonly BUBBLING_PHASE: number;
}

type Listener = ((this: unknown, event: LinkedomEvent) => void) | { handleEvent(event: LinkedomEvent): void };

/** Per target that has ever had a listener: its listeners by event type, each with the options it was added with. */
const tables = new WeakMap<object, Map<string, Map<Listener, unknown>>>();

/** Calls the listeners of one target on the event's path; true when propagation was stopped there. */
function atTarget(this: LinkedomEvent, { currentTarget, target }: { currentTarget: object; target: object }): boolean | undefined {
  const listeners = tables.get(currentTarget)?.get(this.type);
  // As linkedom: a target without listeners of this type neither calls anything nor ends the walk.
  if (listeners === undefined) return undefined;
  this.eventPhase = currentTarget === target ? this.AT_TARGET : this.BUBBLING_PHASE;
  this.currentTarget = currentTarget;
  this.target = target;
  for (const [listener, options] of listeners) {
    if ((options as { once?: boolean } | undefined)?.once) listeners.delete(listener);
    if (typeof listener === 'function') listener.call(this.target, this);
    else listener.handleEvent(this);
    if (this._stopImmediatePropagationFlag) break;
  }
  delete this.currentTarget;
  delete this.target;
  return this.cancelBubble;
}

class LazyEventTarget {
  /** Where an event bubbles next: a node's parent (linkedom's Node overrides this). */
  _getParent(): unknown {
    return null;
  }

  addEventListener(type: string, listener: Listener, options?: unknown): void {
    let table = tables.get(this);
    if (table === undefined) {
      table = new Map();
      tables.set(this, table);
    }
    let listeners = table.get(type);
    if (listeners === undefined) {
      listeners = new Map();
      table.set(type, listeners);
    }
    listeners.set(listener, options);
  }

  removeEventListener(type: string, listener: Listener): void {
    const table = tables.get(this);
    const listeners = table?.get(type);
    if (listeners?.delete(listener) && listeners.size === 0) table?.delete(type);
  }

  dispatchEvent(event: LinkedomEvent): boolean {
    event.eventPhase = event.CAPTURING_PHASE;
    // The target, then (when it bubbles) each parent that can take events.
    let node: unknown = this;
    while (node) {
      const at = node as { dispatchEvent?: unknown; _getParent?: () => unknown };
      if (at.dispatchEvent) event._path.push({ currentTarget: at, target: this });
      node = event.bubbles && at._getParent && at._getParent();
    }
    event._path.some(atTarget, event);
    event._path = [];
    event.eventPhase = event.NONE;
    return !event.defaultPrevented;
  }
}

export { LazyEventTarget as EventTarget };
