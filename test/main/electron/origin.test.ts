import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ENTRY_URL, isAppUrl, isSameDocument } from '../../../main/electron/origin.ts';

describe('isAppUrl', () => {
  it('accepts our pages', () => {
    assert.equal(APP_ENTRY_URL, 'app://kube-anatomy/index.html');
    for (const url of [APP_ENTRY_URL, 'app://kube-anatomy', 'app://kube-anatomy/', 'app://kube-anatomy/index.html#x']) assert.equal(isAppUrl(url), true, url);
  });
  it('refuses everything else', () => {
    for (const url of [
      'app://kube-anatomy.evil/index.html',
      'app://evil/index.html',
      'app://x@kube-anatomy/index.html',
      'app://kube-anatomy:1/index.html',
      'file:///srv/dist/renderer/index.html',
      'https://kube-anatomy/index.html',
      'about:blank',
      '',
      'app:kube-anatomy',
    ]) {
      assert.equal(isAppUrl(url), false, url);
    }
    for (const value of [undefined, null, 1, {}]) assert.equal(isAppUrl(value), false);
  });
});

describe('isSameDocument', () => {
  it('ignores only the fragment', () => {
    assert.equal(isSameDocument(`${APP_ENTRY_URL}#a`, APP_ENTRY_URL), true);
    assert.equal(isSameDocument(`${APP_ENTRY_URL}?x=1`, APP_ENTRY_URL), false);
    assert.equal(isSameDocument('app://kube-anatomy/other.html', APP_ENTRY_URL), false);
    assert.equal(isSameDocument('not a url', APP_ENTRY_URL), false);
  });
});
