// The app's Redact toggle (issue 11, item 5): while it is on, the page shows
// and exports the redacted model (main/model/redact.ts), so the picture, the
// search, the details panel, the lenses and every export hold pseudonyms.
//
// The key lives in this page only: 32 random bytes from Web Crypto, made when
// the toggle is first switched on and kept for as long as the page is open,
// so switching off and on again gives the same pseudonyms, and a reload new
// ones. It never leaves the page: the session keeps the real model, and what
// the page asks of it (a whole pod, object:get) it asks by the real uid.

import type { AnatomyModel, PodModel, NodeModel } from '../../main/model/types.ts';
import type { Callout } from '../../main/model/callouts.ts';
import { createRedactor, type Redactor } from '../../main/model/redact.ts';

export interface Redaction {
  on(): boolean;
  /**
   * Switches redaction, with the notes the page holds now (the callouts panel's): they are shown pinned
   * by the pseudonyms while on, and by the real names again when off, edits made meanwhile kept.
   */
  set(on: boolean, notes?: readonly Callout[]): void;
  /** The model to show: the redacted one while the toggle is on, else the model itself. */
  view(model: AnatomyModel): AnatomyModel;
  /** The uid to ask the session for: the real one behind a pseudonym. */
  askUid(uid: string): string;
  /** A reply of object:get as the page shows it (its pod or node redacted when the toggle is on). */
  reply<R extends { pod?: PodModel; node?: NodeModel } | null | undefined>(reply: R): R;
  /** A namespace as the page shows it: its pseudonym while the toggle is on (the model's own), else itself. */
  namespace(real: string): string;
  /** The namespace a shown one stands for (the namespace filter asks the session by the real name). */
  realNamespace(shown: string): string;
  /** Notes as the session keeps them, pinned by the real names (a snapshot saved while the toggle is on). */
  realNotes(notes: readonly Callout[]): Callout[];
}

export function createRedaction(randomBytes: (n: number) => Uint8Array): Redaction {
  let redactor: Redactor | undefined;
  let on = false;
  // One redacted model per model: a repaint of the same model shows the same object.
  let last: { model: AnatomyModel; view: AnatomyModel } | undefined;
  // The notes the page shows in place of its model's own (model.callouts), and which array of the model they
  // stand in for: the callouts panel takes a model's notes when they differ from those it took last, so the
  // same array must come with every model until the model brings notes of its own (another snapshot).
  let notes: { of: readonly Callout[] | undefined; shown: Callout[] } | undefined;
  let ownNotes: readonly Callout[] | undefined;
  // Pseudonym to namespace, of every namespace shown redacted: the filter's choice goes back by it.
  const namespaces = new Map<string, string>();
  const withNotes = (model: AnatomyModel, own: readonly Callout[] | undefined): AnatomyModel => {
    if (!notes || own !== notes.of) return model;
    return { ...model, callouts: notes.shown };
  };
  return {
    on: () => on,
    set(value, held) {
      if (value === on) return;
      on = value;
      if (on && !redactor) redactor = createRedactor(randomBytes(32));
      if (held && redactor) notes = { of: ownNotes, shown: on ? redactor.callouts(held) : redactor.restoreCallouts(held) };
      last = undefined;
    },
    view(model) {
      if (last?.model === model) return last.view;
      ownNotes = model.callouts;
      const view = on && redactor ? redactor.model(model) : model;
      // The redacted model's namespaces are the model's, in order, under their pseudonyms.
      if (view !== model && Array.isArray(model.namespaces)) model.namespaces.forEach((real, i) => namespaces.set(view.namespaces[i], real));
      last = { model, view: withNotes(view, model.callouts) };
      return last.view;
    },
    askUid(uid) {
      return (on && redactor?.originalUid(uid)) || uid;
    },
    reply(reply) {
      if (!on || !redactor || !reply || typeof reply !== 'object') return reply;
      const out = { ...reply };
      if (reply.pod) out.pod = redactor.pod(reply.pod);
      // A node alone is redacted as part of a model of it: the same pseudonyms, as the redactor keeps them.
      if (reply.node) out.node = redactor.model({ schema: 'kube-anatomy/model@1', source: { kind: 'demo', name: '', namespaces: [] }, nodes: [reply.node], unscheduled: [], sharedClaims: [], namespaces: [], gaps: [], stats: { nodes: 1, pods: 0, containers: 0, volumes: 0 } }).nodes[0];
      return out;
    },
    namespace(real) {
      if (!on || !redactor) return real;
      const shown = redactor.name('namespace', real);
      namespaces.set(shown, real);
      return shown;
    },
    realNotes(list) {
      return on && redactor ? redactor.restoreCallouts(list) : [...list];
    },
    realNamespace(shown) {
      // Also after the toggle is released: a choice made while it was on may still be on its way.
      return namespaces.get(shown) ?? shown;
    },
  };
}

/** Web Crypto's random bytes, the page's source of keys. */
export function pageRandom(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** The toolbar's Redact button (#redact-toggle): pressed while the page shows pseudonyms. */
export function bindRedactToggle(doc: Document, redaction: Redaction, notes: () => readonly Callout[] | undefined, changed: (on: boolean) => void): void {
  const button = doc.getElementById('redact-toggle');
  if (!button) return;
  button.setAttribute('aria-pressed', String(redaction.on()));
  button.addEventListener('click', () => {
    redaction.set(!redaction.on(), notes());
    button.setAttribute('aria-pressed', String(redaction.on()));
    doc.documentElement.toggleAttribute('data-redacted', redaction.on());
    changed(redaction.on());
  });
}
