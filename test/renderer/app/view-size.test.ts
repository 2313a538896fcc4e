// watchedSize on a stand-in element and ResizeObserver: the size is measured
// once and kept (no read of the DOM per model), measured again after a resize
// is seen, and read every time where no observer exists; pinnedSize gives
// an element its box's size in px as it reads it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pinnedSize, watchedSize, type ResizeHost } from '../../../renderer/app/view-size.ts';

function stage(observer = true) {
  let reads = 0;
  let width = 1440;
  let height = 900;
  const el = {
    get clientWidth() {
      reads++;
      return width;
    },
    get clientHeight() {
      return height;
    },
  };
  const observers: Array<() => void> = [];
  const host: ResizeHost = observer
    ? {
        ResizeObserver: class {
          constructor(readonly callback: () => void) {}
          observe() {
            observers.push(this.callback);
          }
        },
      }
    : {};
  const view = watchedSize(el as unknown as Element & { clientWidth: number; clientHeight: number }, host);
  return {
    view,
    reads: () => reads,
    resize(w: number, h: number) {
      width = w;
      height = h;
      for (const o of observers) o();
    },
  };
}

test('the size is measured once and kept until a resize is seen', () => {
  const s = stage();
  assert.deepEqual(s.view(), { width: 1440, height: 900 });
  for (let i = 0; i < 100; i++) s.view();
  assert.equal(s.reads(), 1, 'one read of the DOM for many uses');
  s.resize(800, 500);
  assert.deepEqual(s.view(), { width: 800, height: 500 }, 'a resize is followed');
  s.view();
  assert.equal(s.reads(), 2);
});

test('an element not laid out yet gives the fallback, which is not kept', () => {
  const s = stage();
  s.resize(0, 0);
  assert.deepEqual(s.view(), { width: 800, height: 600 });
  s.resize(1000, 700);
  assert.deepEqual(s.view(), { width: 1000, height: 700 });
});

test('without a ResizeObserver every use measures', () => {
  const s = stage(false);
  s.view();
  s.view();
  assert.equal(s.reads(), 2);
  s.resize(640, 480);
  assert.deepEqual(s.view(), { width: 640, height: 480 });
});

test("pinnedSize reads the box's size as watchedSize does, and gives it to the element in px when it changes", () => {
  let width = 0;
  let height = 0;
  let reads = 0;
  const box = {
    get clientWidth() {
      reads++;
      return width;
    },
    get clientHeight() {
      return height;
    },
  };
  const callbacks: Array<() => void> = [];
  const host: ResizeHost = {
    ResizeObserver: class {
      constructor(readonly callback: () => void) {}
      observe() {
        callbacks.push(this.callback);
      }
    },
  };
  const el = { style: { width: '', height: '' } };
  const view = pinnedSize(el, box as unknown as Element & { clientWidth: number; clientHeight: number }, host);
  assert.equal(reads, 0, 'nothing is read before the size is asked for');
  // Not laid out yet: the fallback, and the stylesheet's size stands.
  assert.deepEqual(view(), { width: 800, height: 600 });
  assert.deepEqual(el.style, { width: '', height: '' });
  width = 1060;
  height = 786;
  assert.deepEqual(view(), { width: 1060, height: 786 });
  assert.deepEqual(el.style, { width: '1060px', height: '786px' });
  const before = reads;
  view();
  assert.equal(reads, before, 'kept until a resize is seen');
  width = 700;
  for (const c of callbacks) c();
  assert.deepEqual(view(), { width: 700, height: 786 });
  assert.deepEqual(el.style, { width: '700px', height: '786px' });
});
