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

/**
 * A language's templates, each looked up in the catalogs and split at its
 * placeholders when first used (null: no catalog has the id). Not all at
 * once: the page's start compiled both tables, some 2,000 texts each, in about
 * 20 ms of its first 400, for the few dozen its first view says.
 */
const COMPILED = new Map<Lang, Map<string, CompiledTemplate>>();

function compiledOf(lang: Lang, id: string): CompiledTemplate | null {
  let cache = COMPILED.get(lang);
  if (!cache) COMPILED.set(lang, (cache = new Map()));
  let parts = cache.get(id);
  if (parts === undefined) {
    const text = textIn(lang, id);
    // An unknown id (isMessageId asks about strings from files and the wire) is not kept: a few lookups each time.
    if (text === undefined) return null;
    parts = compileTemplate(text);
    cache.set(id, parts);
  }
  return parts;
}

/** An id's text from the catalog that defines it (allMessageIds checks that only one does). */
function textIn(lang: Lang, id: string): string | undefined {
  for (const c of CATALOGS as readonly Catalog[]) {
    const texts = c[lang] as Readonly<Record<string, string>>;
    if (Object.hasOwn(texts, id)) return texts[id];
  }
  return undefined;
}

export type Translate = (id: MessageId, params?: Params) => string;

const translators = new Map<Lang, Translate>();

/**
 * The text of an id in a language; the id itself when no catalog has it (a bug the i18n test catches).
 * The same function each time for a language, so that what was made with it can be told apart by it.
 */
export function translator(lang: Lang): Translate {
  let t = translators.get(lang);
  if (!t) {
    t = (id, params) => {
      const parts = compiledOf(lang, id);
      return parts ? fill(parts, params) : format(id, params);
    };
    translators.set(lang, t);
  }
  return t;
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
  return typeof id === 'string' && compiledOf('en', id) !== null;
}

/** The placeholders an id's English text names, or undefined for an id no catalog has: what a message from the wire may fill. */
export function placeholdersOf(id: string): readonly string[] | undefined {
  return compiledOf('en', id)?.filter((_, i) => i % 2 === 1);
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

/** Every id of every catalog, for the completeness test; throws when two catalogs define the same id. */
export function allMessageIds(): string[] {
  const ids = new Set<string>();
  for (const c of CATALOGS as readonly Catalog[]) {
    for (const id of Object.keys(c.en)) {
      if (ids.has(id)) throw new Error(`i18n: message id "${id}" is defined by two catalogs`);
      ids.add(id);
    }
  }
  return [...ids];
}
