// Words travel through the app as message ids with parameters, and become text
// only at the edge (the page, the drawing, an export), in the language chosen
// there. This module is pure: a catalog is data, and `format` fills in values.

export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];

export type Params = Readonly<Record<string, string | number>>;

/**
 * A message's values: text and numbers as written, or a message of their own
 * (a place, a reason) said in the same language as the one around it.
 */
export type MessageParams = Readonly<Record<string, string | number | Message>>;

/** A sentence or label not yet in any language: its id, and the values it names. */
export interface Message<Id extends string = string> {
  readonly id: Id;
  readonly params?: MessageParams;
}

/**
 * One part of the app's texts, in every language. English defines the ids; the
 * type makes every other language give each of them, so a missing Korean text
 * is a compile error, not a fallback found by a user.
 */
export interface Catalog<Id extends string = string> {
  readonly en: Readonly<Record<Id, string>>;
  readonly ko: Readonly<Record<Id, string>>;
}

export function catalog<const En extends Record<string, string>>(en: En, ko: Readonly<Record<keyof En & string, string>>): Catalog<keyof En & string> {
  return { en, ko };
}

export function message<Id extends string>(id: Id, params?: MessageParams): Message<Id> {
  return params ? { id, params } : { id };
}

/**
 * A template split at its placeholders: literal text at even indices, a
 * placeholder's name at odd ones ("{n} pods" → ["", "n", " pods"]).
 */
export type CompiledTemplate = readonly string[];

export function compileTemplate(template: string): CompiledTemplate {
  return template.split(/\{(\w+)\}/);
}

/**
 * Fills a compiled template. The layout writes several messages per pod, so
 * this is a concatenation, not a regular expression run per call.
 */
export function fill(parts: CompiledTemplate, params?: Params): string {
  if (parts.length === 1) return parts[0];
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    out += (params !== undefined && Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : `{${key}}`) + parts[i + 1];
  }
  return out;
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return fill(compileTemplate(template), params);
}

/**
 * An error the app itself raises with words for the user: `said` is what the
 * page shows, in its language (say(t, error.said)); `message` stays English for logs.
 */
export class MessageError extends Error {
  override name = 'MessageError';
  constructor(
    readonly said: Message,
    english: string,
  ) {
    super(english);
  }
}
