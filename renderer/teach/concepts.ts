// The ideas the app teaches (../shared/seed/CONCEPTS.md, C1–C11) as data: what
// a concept lens finds on a model, and what it says about it. Pure: the lens,
// the tour and the quiz read the model and answer with uids and messages; the
// app highlights the uids and puts the messages into the user's language.

import type { Message } from '../../main/i18n/message.ts';

export const CONCEPT_IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11'] as const;
export type ConceptId = (typeof CONCEPT_IDS)[number];

export function isConceptId(v: unknown): v is ConceptId {
  return typeof v === 'string' && (CONCEPT_IDS as readonly string[]).includes(v);
}

/** Something drawn that a concept points at: the same data-kind and data-uid as in the drawing. */
export interface LensTarget {
  kind: 'node' | 'pod' | 'container' | 'volume';
  uid: string;
  /** For a container or volume: the uid of the pod holding it (what stands for it where it is not drawn). */
  within?: string;
}

/** One real instance of a concept on the model, e.g. one pod with two containers. */
export interface ConceptExample {
  /** What the tour zooms to for this example. */
  focus: LensTarget;
  /** Everything this example highlights (the focus included). */
  targets: LensTarget[];
  /** What to say about it, filled in with real names and values. */
  says: Message[];
}

export interface LensResult {
  concept: ConceptId;
  /** The concept's short name, e.g. "A pod has one IP". */
  title: Message;
  /** The idea in general, a sentence or two. */
  summary: Message;
  /** Every instance the model holds, best teaching example first. */
  examples: ConceptExample[];
  /** Caveats about the data, e.g. that the kubelet lists at most 50 images per node. */
  notes: Message[];
  /** Set when the model has no example: what is missing. */
  missing?: Message;
}
