// The one translation table: every catalog of the app, merged. The page, the
// drawing, the CLI and the exports all read their words here.
//
// A part of the app with texts of its own keeps them in catalogs/<part>.ts
// (`export const <part>Catalog = catalog({...en}, {...ko})`) and adds it to
// CATALOGS below: one line, so parts written side by side do not collide.

import { compileTemplate, fill, format, message, type Catalog, type CompiledTemplate, type Lang, type Message, type Params } from './message.ts';
import { uiCatalog } from './catalogs/ui.ts';
import { pictureCatalog } from './catalogs/picture.ts';
import { modelCatalog } from './catalogs/model.ts';
import { tourCatalog } from './catalogs/tour.ts';
import { quizCatalog } from './catalogs/quiz.ts';
import { lensesCatalog } from './catalogs/lenses.ts';
import { imageCatalog } from './catalogs/image.ts';
import { calloutsCatalog } from './catalogs/callouts.ts';
import { redactCatalog } from './catalogs/redact.ts';
import { eventsCatalog } from './catalogs/events.ts';
import { errorsCatalog } from './catalogs/errors.ts';
import { logsCatalog } from './catalogs/logs.ts';
import { selectCatalog } from './catalogs/select.ts';
import { paperCatalog } from './catalogs/paper.ts';
import { recordCatalog } from './catalogs/record.ts';
import { eventsTableCatalog } from './catalogs/events-table.ts';
import { storyCatalog } from './catalogs/story.ts';

export { LANGS, MessageError, catalog, format, message, type Catalog, type Lang, type Message, type MessageParams, type Params } from './message.ts';

const CATALOGS = [
  uiCatalog,
  pictureCatalog,
  modelCatalog,
  tourCatalog,
  quizCatalog,
  lensesCatalog,
  imageCatalog,
  calloutsCatalog,
  redactCatalog,
  eventsCatalog,
  errorsCatalog,
  logsCatalog,
  selectCatalog,
  paperCatalog,
  recordCatalog,
  eventsTableCatalog,
  storyCatalog,
] as const satisfies readonly Catalog[];

type Ids<C> = C extends Catalog<infer Id> ? Id : never;
export type MessageId = Ids<(typeof CATALOGS)[number]>;

const COMPILED = new Map<Lang, Map<string, CompiledTemplate>>();

/** A language's templates, each split at its placeholders once (translator fills them per call). */
function compiledFor(lang: Lang): Map<string, CompiledTemplate> {
  let c = COMPILED.get(lang);
  if (!c) {
    c = new Map();
    for (const [id, text] of tableFor(lang)) c.set(id, compileTemplate(text));
    COMPILED.set(lang, c);
  }
  return c;
}

function merged(lang: Lang): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const c of CATALOGS as readonly Catalog[]) {
    for (const [id, text] of Object.entries(c[lang])) {
      if (table.has(id)) throw new Error(`i18n: message id "${id}" is defined by two catalogs`);
      table.set(id, text);
    }
  }
  return table;
}

const TABLES = new Map<Lang, ReadonlyMap<string, string>>();

function tableFor(lang: Lang): ReadonlyMap<string, string> {
  let t = TABLES.get(lang);
  if (!t) TABLES.set(lang, (t = merged(lang)));
  return t;
}

export type Translate = (id: MessageId, params?: Params) => string;

/** The text of an id in a language; the id itself when no catalog has it (a bug the i18n test catches). */
export function translator(lang: Lang): Translate {
  const table = compiledFor(lang);
  return (id, params) => {
    const parts = table.get(id);
    return parts ? fill(parts, params) : format(id, params);
  };
}

/**
 * A message from elsewhere (the model, the wire) as text with a translator.
 * It is checked, not trusted: an unknown id shows as itself (as translator
 * does), only string and number values fill placeholders, a bare string is
 * its own text, and anything else says nothing.
 */
export function say(t: Translate, m: unknown): string {
  if (typeof m === 'string') return m;
  if (typeof m !== 'object' || m === null || typeof (m as Message).id !== 'string') return '';
  return sayChecked(t, m as Message, 0);
}

/** How deep a message may hold messages as values (the wire is not trusted): say() reads no deeper, and contract/error.ts takes no deeper. */
export const MAX_MESSAGE_DEPTH = 3;

/** A value that is a message of its own is said in the same language, MAX_MESSAGE_DEPTH levels deep at most. */
function sayChecked(t: Translate, m: Message, depth: number): string {
  const { id, params } = m;
  const plain: Record<string, string | number> = {};
  if (typeof params === 'object' && params !== null) {
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string' || typeof v === 'number') plain[k] = v;
      else if (depth < MAX_MESSAGE_DEPTH && typeof v === 'object' && v !== null && typeof (v as Message).id === 'string') plain[k] = sayChecked(t, v as Message, depth + 1);
    }
  }
  return t(id as MessageId, plain);
}

/** A message as text in a language. */
export function textOf(lang: Lang, m: Message): string {
  return sayChecked(translator(lang), m, 0);
}

/** Whether a string (a data-i18n attribute, say) is an id some catalog defines. */
export function isMessageId(id: unknown): id is MessageId {
  return typeof id === 'string' && tableFor('en').has(id);
}

/** The placeholders an id's English text names, or undefined for an id no catalog has: what a message from the wire may fill. */
export function placeholdersOf(id: string): readonly string[] | undefined {
  const parts = compiledFor('en').get(id);
  return parts?.filter((_, i) => i % 2 === 1);
}

/** The first three of a list as one message ("a; b; c; and n more"), so a long list stays short and shallow; undefined for none. */
export function listSaid(items: readonly Message[]): Message | undefined {
  const [a, b, c] = items;
  if (!a) return undefined;
  if (!b) return a;
  if (!c) return message('errors.list2', { a, b });
  if (items.length === 3) return message('errors.list3', { a, b, c });
  return message('errors.listMore', { a, b, c, n: items.length - 3 });
}

/** Every id of every catalog, for the completeness test. */
export function allMessageIds(): string[] {
  return [...tableFor('en').keys()];
}
