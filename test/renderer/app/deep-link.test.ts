import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textOf, type Message } from '../../../main/i18n/index.ts';
import { ECHO_MAX, formatDeepLink, installDeepLinks, parseDeepLink, type DeepLink } from '../../../renderer/app/deep-link.ts';

const ids = (ms: Message[]) => ms.map((m) => m.id);

describe('parseDeepLink', () => {
  it('reads each key, with or without the #', () => {
    assert.deepEqual(parseDeepLink('#lens=C3').link, { view: { kind: 'lens', concept: 'C3' } });
    assert.deepEqual(parseDeepLink('tour=3').link, { view: { kind: 'tour', step: 3 } });
    assert.deepEqual(parseDeepLink('#quiz=42').link, { view: { kind: 'quiz', seed: 42 } });
    assert.deepEqual(parseDeepLink('#quiz=0').link, { view: { kind: 'quiz', seed: 0 } });
    assert.deepEqual(parseDeepLink('#quiz=4294967295').link, { view: { kind: 'quiz', seed: 4294967295 } });
    assert.deepEqual(parseDeepLink('#lang=ko').link, { lang: 'ko' });
    assert.deepEqual(parseDeepLink(''), { link: {}, problems: [] });
    assert.deepEqual(parseDeepLink('#'), { link: {}, problems: [] });
  });

  it('combines keys with &, ignoring unknown keys and empty parts', () => {
    assert.deepEqual(parseDeepLink('#lens=C3&lang=ko'), { link: { lang: 'ko', view: { kind: 'lens', concept: 'C3' } }, problems: [] });
    assert.deepEqual(parseDeepLink('#&tour=11&utm_source=mail&&lang=en&'), { link: { lang: 'en', view: { kind: 'tour', step: 11 } }, problems: [] });
  });

  it('reports bad values by key and value, and keeps what was good', () => {
    const cases: Array<[string, string]> = [
      ['#lens=C12', 'deeplink.badLens'],
      ['#lens=c33', 'deeplink.badLens'],
      ['#lens=', 'deeplink.badLens'],
      ['#tour=0', 'deeplink.badTour'],
      ['#tour=12', 'deeplink.badTour'],
      ['#tour=03', 'deeplink.badTour'],
      ['#tour=2.5', 'deeplink.badTour'],
      ['#tour=+3', 'deeplink.badTour'],
      ['#quiz=-1', 'deeplink.badQuiz'],
      ['#quiz=4294967296', 'deeplink.badQuiz'],
      ['#quiz=1e3', 'deeplink.badQuiz'],
      ['#quiz=abc', 'deeplink.badQuiz'],
      ['#lang=fr', 'deeplink.badLang'],
      ['#tour', 'deeplink.malformed'],
      ['#=3', 'deeplink.malformed'],
      ['#tour=%E0%A4%A', 'deeplink.malformed'],
    ];
    for (const [hash, id] of cases) {
      const langCase = hash.startsWith('#lang');
      const { link, problems } = parseDeepLink(langCase ? `${hash}&tour=2` : `${hash}&lang=ko`);
      assert.deepEqual(ids(problems), [id], hash);
      assert.deepEqual(link, langCase ? { view: { kind: 'tour', step: 2 } } : { lang: 'ko' }, hash);
    }
    const bad = parseDeepLink('#tour=99');
    assert.equal(textOf('en', bad.problems[0]), 'The link asks for tour step "99", but the steps are 1 to 11.');
  });

  it('keeps the first of a repeated key, and one view when several are named', () => {
    const twice = parseDeepLink('#tour=2&tour=5');
    assert.deepEqual(twice.link, { view: { kind: 'tour', step: 2 } });
    assert.deepEqual(ids(twice.problems), ['deeplink.twice']);
    const both = parseDeepLink('#lens=C3&quiz=7&tour=4');
    assert.deepEqual(both.link, { view: { kind: 'tour', step: 4 } });
    assert.deepEqual(both.problems.map((p) => p.params), [{ used: 'tour', dropped: 'quiz' }, { used: 'tour', dropped: 'lens' }]);
  });

  it('decodes percent-escapes and never lets a value through unchecked', () => {
    assert.deepEqual(parseDeepLink('#lens=%43%33').link, { view: { kind: 'lens', concept: 'C3' } });
    const hostile = parseDeepLink('#lens=%3Cimg%20src%3Dx%3E');
    assert.deepEqual(hostile.link, {});
    assert.equal(hostile.problems[0].params?.value, '<img src=x>');
  });

  it('takes a lens in any case, as the CLI does', () => {
    assert.deepEqual(parseDeepLink('#lens=c3').link, { view: { kind: 'lens', concept: 'C3' } });
    assert.deepEqual(parseDeepLink('#lens=c10').problems, []);
  });

  it('repeats at most ECHO_MAX characters of a bad value', () => {
    const long = 'x'.repeat(5000);
    for (const hash of [`#lens=${long}`, `#tour=${long}`, `#quiz=${long}`, `#lang=${long}`, `#${long}`]) {
      const [p] = parseDeepLink(hash).problems;
      const echoed = String(p.params?.value ?? p.params?.part);
      assert.equal(echoed, `${'x'.repeat(ECHO_MAX)}…`, hash.slice(0, 8));
    }
    // Whole characters: a cut never splits a surrogate pair.
    const [p] = parseDeepLink(`#lens=${'😀'.repeat(100)}`).problems;
    assert.equal(p.params?.value, `${'😀'.repeat(ECHO_MAX)}…`);
  });

  it('formats what it parses', () => {
    const links: DeepLink[] = [{ view: { kind: 'lens', concept: 'C10' }, lang: 'ko' }, { view: { kind: 'tour', step: 3 } }, { view: { kind: 'quiz', seed: 42 } }, {}];
    for (const link of links) assert.deepEqual(parseDeepLink(formatDeepLink(link)).link, link);
  });
});

describe('installDeepLinks', () => {
  function fakeWindow(hash: string) {
    const listeners: Array<() => void> = [];
    return {
      location: { hash } as Location,
      addEventListener: (_: string, l: () => void) => listeners.push(l),
      removeEventListener: () => {},
      change(next: string) {
        this.location.hash = next;
        for (const l of listeners) l();
      },
    };
  }

  it('sets the language at once, opens the view after the first model, and follows hashchange', () => {
    const win = fakeWindow('#tour=3&lang=ko');
    const calls: string[] = [];
    let model = false;
    const links = installDeepLinks(win as never, {
      setLang: (l) => calls.push(`lang ${l}`),
      open: (v) => calls.push(`open ${JSON.stringify(v)}`),
      problems: (p) => calls.push(`problems ${ids(p).join(',')}`),
      hasModel: () => model,
    });
    assert.deepEqual(calls, ['lang ko']);
    model = true;
    links.modelShown();
    links.modelShown();
    assert.deepEqual(calls, ['lang ko', 'open {"kind":"tour","step":3}']);
    win.change('#quiz=9&lens=C99');
    assert.deepEqual(calls.slice(2), ['problems deeplink.badLens', 'open {"kind":"quiz","seed":9}']);
  });
});
