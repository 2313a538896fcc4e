// The quiz's panel: the questions renderer/teach/quiz.ts made from the model,
// one at a time, each answer checked against the model as it is when the
// choice is made, and the score. The panel carries what tests read
// (data-quiz-kind, data-quiz-subject, each choice's data-value, data-quiz-score);
// texts reach the DOM only as text.

import { textOf, type Lang, type Message } from '../../main/i18n/index.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { LensTarget } from '../teach/concepts.ts';
import { checkAnswer, makeQuiz, skippedKinds, type Quiz } from '../teach/quiz.ts';
import { el } from './dom.ts';
import { withCode } from './i18n-dom.ts';
import { isTypingTarget } from './keyboard.ts';

export interface QuizHost {
  model(): AnatomyModel | undefined;
  lang(): Lang;
  zoomTo(target: LensTarget): void;
  blocked(): boolean;
  changed?(open: boolean): void;
}

export interface QuizPanel {
  /** Makes a quiz from the current model with this seed (a random one when left out). */
  open(seed?: number): void;
  close(): void;
  isOpen(): boolean;
  render(): void;
  /** An open quiz made again from the model now shown, with its seed: Redact switched, its names are others. */
  remake(): void;
}

/** What became of one answered question: right, wrong, or not counted (its subject left the model). */
type Outcome = { choice: number; right: boolean | undefined };

export function createQuizPanel(doc: Document, parent: HTMLElement, host: QuizHost, randomSeed: () => number = () => Math.floor(Math.random() * 4294967296)): QuizPanel {
  const panel = el(doc, 'section', { class: 'teach-panel quiz-panel', attrs: { id: 'quiz-panel', 'data-testid': 'quiz-panel', tabindex: '-1' } });
  panel.hidden = true;
  parent.appendChild(panel);
  let quiz: Quiz | undefined;
  let index = 0;
  let outcomes: Outcome[] = [];
  let done = false;

  const text = (m: Message) => textOf(host.lang(), m);
  const t = (id: string, params?: Message['params']) => text(params ? { id, params } : { id });

  function score(): { correct: number; total: number } {
    const counted = outcomes.filter((o) => o.right !== undefined);
    const gone = outcomes.filter((o) => o.right === undefined).length;
    return { correct: counted.filter((o) => o.right).length, total: (quiz?.questions.length ?? 0) - gone };
  }

  function render(): void {
    if (!quiz) return;
    const q = quiz.questions[index];
    const { correct, total } = score();
    panel.dataset.quizSeed = String(quiz.seed);
    panel.dataset.quizScore = `${correct}/${total}`;
    panel.dataset.quizDone = String(done || quiz.questions.length === 0);
    panel.setAttribute('aria-label', t('quiz.title'));
    const head = el(doc, 'div', { class: 'teach-head' }, [
      el(doc, 'span', { class: 'teach-kicker', text: t('quiz.title') }),
      el(doc, 'span', { class: 'teach-counter', text: quiz.questions.length && !done ? t('quiz.progress', { n: index + 1, total: quiz.questions.length }) : '' }),
      el(doc, 'button', { class: 'btn btn-icon btn-small teach-close', text: '×', attrs: { type: 'button', 'data-quiz': 'close', title: t('quiz.close'), 'aria-label': t('quiz.close') } }),
    ]);
    const body: Node[] = [];
    const skipped = quiz.skipped.length && !quiz.empty
      ? el(doc, 'p', { class: 'teach-hint', text: t('quiz.skipped', { kinds: skippedKinds(quiz).map(text).join(', ') }), attrs: { 'data-testid': 'quiz-skipped' } })
      : undefined;
    if (quiz.empty) {
      delete panel.dataset.quizKind;
      body.push(el(doc, 'p', { class: 'teach-missing', text: t('quiz.empty'), attrs: { 'data-testid': 'quiz-empty' } }));
    } else if (done || !q) {
      delete panel.dataset.quizKind;
      body.push(el(doc, 'p', { class: 'quiz-score', text: t('quiz.score', { correct, total }), attrs: { 'data-testid': 'quiz-score' } }));
      body.push(el(doc, 'p', { text: t('quiz.final', { correct, total }) }));
      if (skipped) body.push(skipped);
      body.push(el(doc, 'div', { class: 'teach-foot' }, [
        el(doc, 'button', { class: 'btn btn-small', text: t('quiz.again'), attrs: { type: 'button', 'data-quiz': 'again' } }),
        el(doc, 'button', { class: 'btn btn-small btn-primary', text: t('quiz.close'), attrs: { type: 'button', 'data-quiz': 'close' } }),
      ]));
    } else {
      const outcome = outcomes[index];
      panel.dataset.quizIndex = String(index);
      panel.dataset.quizKind = q.kind;
      panel.dataset.quizConcept = q.concept;
      panel.dataset.quizSubject = JSON.stringify(q.subject);
      body.push(el(doc, 'p', { class: 'teach-hint', text: t('quiz.score', { correct, total }) }));
      body.push(el(doc, 'h2', { class: 'teach-title quiz-prompt', text: `${q.concept} · ${text(q.prompt)}`, attrs: { 'data-testid': 'quiz-prompt' } }));
      body.push(el(doc, 'div', { class: 'quiz-choices', attrs: { role: 'group' } }, q.choices.map((c, i) => {
        const state = !outcome ? undefined : i === q.answer ? 'answer' : i === outcome.choice ? 'chosen' : undefined;
        return el(doc, 'button', {
          class: 'btn quiz-choice',
          text: `${i + 1}. ${text(c.label)}`,
          attrs: { type: 'button', 'data-choice': i, 'data-value': c.value, 'data-state': state, disabled: !!outcome, 'aria-pressed': outcome ? String(i === outcome.choice) : undefined },
        });
      })));
      if (outcome) {
        const verdict = outcome.right === undefined ? t('quiz.gone') : outcome.right ? t('quiz.right') : t('quiz.wrong', { answer: text(q.choices[q.answer].label) });
        body.push(el(doc, 'p', { class: 'quiz-verdict', text: verdict, attrs: { 'data-testid': 'quiz-verdict', 'data-result': outcome.right === undefined ? 'gone' : outcome.right ? 'right' : 'wrong', role: 'status' } }));
        body.push(el(doc, 'p', { class: 'teach-summary', text: text(q.explain) }));
        const last = index === quiz.questions.length - 1;
        body.push(el(doc, 'div', { class: 'teach-foot' }, [
          q.focus ? el(doc, 'button', { class: 'btn btn-small', text: t('quiz.show'), attrs: { type: 'button', 'data-quiz': 'show' } }) : el(doc, 'span'),
          el(doc, 'button', { class: 'btn btn-small btn-primary', text: last ? t('quiz.finish') : t('quiz.next'), attrs: { type: 'button', 'data-quiz': 'next', 'data-testid': 'quiz-next' } }),
        ]));
      }
      if (skipped && index === 0) body.push(skipped);
    }
    body.push(el(doc, 'p', { class: 'teach-hint' }, withCode(doc, t('quiz.link'), 'link', `#quiz=${quiz.seed}`)));
    panel.replaceChildren(head, ...body);
  }

  function answer(choice: number): void {
    const model = host.model();
    const q = quiz?.questions[index];
    if (!model || !q || outcomes[index] || choice < 0 || choice >= q.choices.length) return;
    outcomes[index] = { choice, right: checkAnswer(model, q, choice) };
    render();
    (panel.querySelector('[data-quiz=next]') as HTMLElement | null)?.focus();
  }

  function next(): void {
    if (!quiz || !outcomes[index]) return;
    if (index < quiz.questions.length - 1) index++;
    else done = true;
    render();
    (panel.querySelector('.quiz-choice, [data-quiz=close]') as HTMLElement | null)?.focus();
  }

  function open(seed?: number): void {
    const model = host.model();
    if (!model) return;
    const wasOpen = !!quiz;
    quiz = makeQuiz(model, seed ?? randomSeed());
    index = 0;
    outcomes = [];
    done = false;
    panel.hidden = false;
    render();
    (panel.querySelector('.quiz-choice') as HTMLElement | null)?.focus();
    if (!wasOpen) host.changed?.(true);
  }

  function close(): void {
    if (!quiz) return;
    quiz = undefined;
    panel.hidden = true;
    panel.replaceChildren();
    for (const key of Object.keys(panel.dataset)) if (key.startsWith('quiz')) delete panel.dataset[key];
    host.changed?.(false);
  }

  panel.addEventListener('click', (e) => {
    const target = e.target as Element | null;
    const choice = target?.closest?.('[data-choice]')?.getAttribute('data-choice');
    if (choice != null) return answer(Number(choice));
    const action = target?.closest?.('[data-quiz]')?.getAttribute('data-quiz');
    if (action === 'next') next();
    else if (action === 'close') close();
    else if (action === 'again') open();
    else if (action === 'show') {
      const focus = quiz?.questions[index]?.focus;
      if (focus) host.zoomTo(focus);
    }
  });

  // Number keys answer, Esc leaves; taken before the app's own keys.
  doc.addEventListener(
    'keydown',
    (e) => {
      if (!quiz || e.defaultPrevented || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
      if (host.blocked() || isTypingTarget(e.target)) return;
      if (e.key === 'Escape') close();
      else if (/^[1-9]$/.test(e.key) && !done && quiz.questions[index] && !outcomes[index]) answer(Number(e.key) - 1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
    true,
  );

  return { open, close, isOpen: () => !!quiz, render, remake: () => {
    if (quiz) open(quiz.seed);
  } };
}
