// The tour, the quiz and the deep links wired together for app.ts: one of the
// tour and the quiz is open at a time, a deep link opens a lens, a tour step or
// a quiz once the first model is shown, and both follow the model and the
// language. app.ts hands in what it owns (zoom, the lens API, the source).

import { textOf, type Lang } from '../../main/i18n/index.ts';
import { installDeepLinks } from './deep-link.ts';
import { createQuizPanel } from './quiz-panel.ts';
import { createTourPanel, type TourHost } from './tour-panel.ts';

/** What the tour needs (and the quiz, a part of it), and the page's own parts. */
export interface TourQuizHost extends Omit<TourHost, 'changed'> {
  doc: Document;
  /** Where the panels sit (over the picture). */
  parent: HTMLElement;
  /** For #lang=: this page only, not saved as the user's setting. */
  setLang(lang: Lang): void;
  notice(text: string): void;
}

export interface TourQuiz {
  startTour(step?: number): void;
  startQuiz(seed?: number): void;
  /** Call after each model is shown (laid out, so zooming finds its boxes). */
  modelShown(): void;
  langChanged(): void;
  /** Redact switched: an open quiz's questions name the other model's objects, so it is made again (the tour follows modelShown). */
  redactSwitched(): void;
}

export function createTourQuiz(host: TourQuizHost): TourQuiz {
  const { doc, parent } = host;
  // One of the two is open at a time.
  const quiz = createQuizPanel(doc, parent, { ...host, changed: (open) => { if (open) tour.close(); } });
  const tour = createTourPanel(doc, parent, { ...host, changed: (open) => { if (open) quiz.close(); } });
  const links = installDeepLinks(doc.defaultView!, {
    setLang: host.setLang,
    hasModel: () => !!host.model(),
    problems: (problems) => host.notice(problems.map((p) => textOf(host.lang(), p)).join(' ')),
    open(view) {
      if (view.kind === 'tour') tour.open(view.step);
      else if (view.kind === 'quiz') quiz.open(view.seed);
      else {
        tour.close();
        quiz.close();
        host.showLens(view.concept);
      }
    },
  });
  return {
    startTour: (step = tour.isOpen() ? tour.step() : 1) => tour.open(step),
    startQuiz: (seed) => quiz.open(seed),
    modelShown() {
      links.modelShown();
      tour.modelShown();
    },
    langChanged() {
      tour.render();
      quiz.render();
    },
    redactSwitched() {
      quiz.remake();
    },
  };
}
