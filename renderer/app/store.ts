// A minimal observable store: one state object, replaced (never mutated) on
// every change, and listeners told which keys changed so each part of the UI
// redraws only what it shows.

export interface Store<S extends object> {
  get(): S;
  set(patch: Partial<S>): void;
  /** Calls `listener` after every change with the set of changed keys. */
  subscribe(listener: (state: S, changed: ReadonlySet<keyof S>) => void): () => void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<(state: S, changed: ReadonlySet<keyof S>) => void>();
  return {
    get: () => state,
    set(patch) {
      const changed = new Set<keyof S>();
      for (const key of Object.keys(patch) as Array<keyof S>) {
        if (!Object.is(state[key], patch[key])) changed.add(key);
      }
      if (changed.size === 0) return;
      state = { ...state, ...patch };
      for (const listener of [...listeners]) {
        try {
          listener(state, changed);
        } catch (error) {
          console.error('kube-anatomy: a view failed to update', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
