// Deep links: the part after "#" that a teacher hands out ("add #tour=1") and
// that tests drive the app with: #lens=C3, #tour=3, #quiz=<seed>, #lang=ko,
// joined with "&". Parsing is strict and pure (a bad value is reported, an
// unknown key ignored); the app applies a link once its first model is shown,
// and again whenever the hash changes.

import { message, type Lang, type Message } from '../../main/i18n/index.ts';
import { isConceptId, type ConceptId } from '../teach/concepts.ts';
import { TOUR_LENGTH } from '../teach/tour.ts';

export interface DeepLink {
  lang?: Lang;
  /** What opens: one of a lens, a tour step or a quiz. */
  view?: { kind: 'lens'; concept: ConceptId } | { kind: 'tour'; step: number } | { kind: 'quiz'; seed: number };
}

export interface ParsedLink {
  link: DeepLink;
  /** What was wrong, as messages naming the key and the value given. */
  problems: Message[];
}

const MAX_SEED = 4294967295;
/** Which view wins when a link names more than one. */
const VIEW_ORDER = ['tour', 'quiz', 'lens'] as const;

/** How much of a bad value a notice repeats: a long link is cut, so it cannot fill the page. */
export const ECHO_MAX = 40;

/** A bad value as a notice repeats it: at most ECHO_MAX characters (whole code points), then "…". */
function echo(value: string): string {
  const chars = Array.from(value);
  return chars.length > ECHO_MAX ? `${chars.slice(0, ECHO_MAX).join('')}…` : value;
}

function decoded(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export function parseDeepLink(hash: string): ParsedLink {
  const problems: Message[] = [];
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const seen = new Map<string, string>();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? decoded(part.slice(0, eq)) : undefined;
    const value = eq > 0 ? decoded(part.slice(eq + 1)) : undefined;
    if (key === undefined || value === undefined) {
      problems.push(message('deeplink.malformed', { part: echo(decoded(part) ?? part) }));
      continue;
    }
    if (key !== 'lens' && key !== 'tour' && key !== 'quiz' && key !== 'lang') continue;
    if (seen.has(key)) {
      problems.push(message('deeplink.twice', { key }));
      continue;
    }
    seen.set(key, value);
  }

  const link: DeepLink = {};
  const lang = seen.get('lang');
  if (lang !== undefined) {
    if (lang === 'en' || lang === 'ko') link.lang = lang;
    else problems.push(message('deeplink.badLang', { value: echo(lang) }));
  }
  const views: NonNullable<DeepLink['view']>[] = [];
  const tour = seen.get('tour');
  if (tour !== undefined) {
    const n = /^[1-9][0-9]?$/.test(tour) ? Number(tour) : NaN;
    if (n >= 1 && n <= TOUR_LENGTH) views.push({ kind: 'tour', step: n });
    else problems.push(message('deeplink.badTour', { value: echo(tour), max: TOUR_LENGTH }));
  }
  const quiz = seen.get('quiz');
  if (quiz !== undefined) {
    const n = /^(0|[1-9][0-9]{0,9})$/.test(quiz) ? Number(quiz) : NaN;
    if (n >= 0 && n <= MAX_SEED) views.push({ kind: 'quiz', seed: n });
    else problems.push(message('deeplink.badQuiz', { value: echo(quiz) }));
  }
  const lens = seen.get('lens');
  if (lens !== undefined) {
    // Any case, as the CLI's --lens takes it: #lens=c3 is C3.
    const concept = lens.toUpperCase();
    if (isConceptId(concept)) views.push({ kind: 'lens', concept });
    else problems.push(message('deeplink.badLens', { value: echo(lens) }));
  }
  views.sort((a, b) => VIEW_ORDER.indexOf(a.kind) - VIEW_ORDER.indexOf(b.kind));
  if (views.length > 0) link.view = views[0];
  for (const dropped of views.slice(1)) problems.push(message('deeplink.conflict', { used: views[0].kind, dropped: dropped.kind }));
  return { link, problems };
}

/** The hash for a link, in the order the parser reads it. */
export function formatDeepLink(link: DeepLink): string {
  const parts: string[] = [];
  const v = link.view;
  if (v?.kind === 'lens') parts.push(`lens=${v.concept}`);
  if (v?.kind === 'tour') parts.push(`tour=${v.step}`);
  if (v?.kind === 'quiz') parts.push(`quiz=${v.seed}`);
  if (link.lang) parts.push(`lang=${link.lang}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

export interface DeepLinkHost {
  setLang(lang: Lang): void;
  open(view: NonNullable<DeepLink['view']>): void;
  problems(problems: Message[]): void;
  /** Whether a model is shown yet: a view waits for the first one. */
  hasModel(): boolean;
}

export interface DeepLinks {
  /** Call after each model is shown: a view that waited for the first model opens now. */
  modelShown(): void;
  dispose(): void;
}

/** Applies the page's hash now (the language at once, a view once a model is shown) and at every hashchange. */
export function installDeepLinks(win: Pick<Window, 'location' | 'addEventListener' | 'removeEventListener'>, host: DeepLinkHost): DeepLinks {
  let pending: DeepLink['view'];
  const apply = () => {
    const { link, problems } = parseDeepLink(win.location.hash);
    // The language first, so what is wrong is said in the one the link asks for.
    if (link.lang) host.setLang(link.lang);
    if (problems.length > 0) host.problems(problems);
    pending = link.view;
    if (pending && host.hasModel()) flush();
  };
  const flush = () => {
    const view = pending;
    pending = undefined;
    if (view) host.open(view);
  };
  win.addEventListener('hashchange', apply);
  apply();
  return {
    modelShown() {
      if (pending) flush();
    },
    dispose: () => win.removeEventListener('hashchange', apply),
  };
}
