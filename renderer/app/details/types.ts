// What the details panel shows, as plain data: the builders in this folder
// turn model objects into these, and panel.ts writes them into the DOM as text.

import type { Translate } from '../strings.ts';

export type ObjectKind = 'node' | 'pod' | 'container' | 'volume';

/** Something the panel can point at (and the drawing can select). */
export interface Target {
  kind: ObjectKind;
  uid: string;
}

export type RowTone = 'ok' | 'warn' | 'bad' | 'muted';

export interface DetailRow {
  label: string;
  value: string;
  tone?: RowTone;
  /** Identifiers, IPs, digests: set in a monospace face and selectable as one unit. */
  mono?: boolean;
  /** A second, smaller line under the value. */
  note?: string;
  /** Clicking the value selects this object. */
  link?: Target;
}

export interface DetailNote {
  kind: 'teach' | 'warn' | 'info';
  text: string;
}

export interface DetailSection {
  id: string;
  title: string;
  rows: DetailRow[];
  notes?: DetailNote[];
}

export interface DetailView {
  kind: ObjectKind;
  uid: string;
  title: string;
  subtitle?: string;
  status?: { text: string; tone?: RowTone };
  /** Shown at the top, before the sections. */
  notes: DetailNote[];
  sections: DetailSection[];
}

export interface DetailContext {
  t: Translate;
  /** For ages ("3d ago"); a parameter so the builders stay pure. */
  now: number;
}
