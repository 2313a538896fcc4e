// A tiny typed event emitter. Node's EventEmitter is untyped and treats an
// 'error' event specially; the session needs neither, and this one also runs
// unchanged wherever the session is bundled.

export type Listener<T> = (payload: T) => void;

export class Emitter<Events extends object> {
  #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // Copy first: a listener may unsubscribe (or subscribe) while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[E]>)(payload);
      } catch (error) {
        // One broken listener (a closed socket, a bug in a shell) must not stop
        // the others from hearing about the new model.
        console.error(`kube-anatomy: a listener for "${String(event)}" failed:`, error);
      }
    }
  }
}
