// main/export/event-target.ts stands in for linkedom's EventTarget in the
// command line's bundle: the same script of listeners, run on a chain of
// targets of each class, must call the same listeners with the same phases,
// targets and results.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Event, EventTarget as LinkedomEventTarget } from 'linkedom';
import { EventTarget as LazyEventTarget } from '../../../main/export/event-target.ts';

type Target = {
  addEventListener(type: string, listener: unknown, options?: unknown): void;
  removeEventListener(type: string, listener: unknown): void;
  dispatchEvent(event: unknown): boolean;
};
type TargetClass = new () => Target;
/** linkedom's Event, with the fields a listener reads while it runs (its types leave currentTarget out). */
type Seen = InstanceType<typeof Event> & { currentTarget?: unknown };

/** Three targets, child → middle → root, each bubbling to the next as a linkedom node does to its parent. */
function chain(Base: TargetClass): { root: Target; middle: Target; child: Target; name: (t: unknown) => string } {
  const make = (label: string, parent: Target | null): Target => {
    const t = new Base() as Target & { label: string; _getParent(): unknown };
    t.label = label;
    t._getParent = () => parent;
    return t;
  };
  const root = make('root', null);
  const middle = make('middle', root);
  const child = make('child', middle);
  return { root, middle, child, name: (t) => (t as { label?: string } | null)?.label ?? String(t) };
}

/** Runs the same steps on targets of a class; returns what the listeners saw and what dispatch returned. */
function script(Base: TargetClass): string[] {
  const { root, middle, child, name } = chain(Base);
  const log: string[] = [];
  const listener = (tag: string, act?: (e: Seen) => void) =>
    function (this: unknown, e: Seen) {
      log.push(`${tag} phase=${e.eventPhase} current=${name(e.currentTarget)} target=${name(e.target)} this=${name(this)}`);
      act?.(e);
    };
  const send = (target: Target, type: string, init: { bubbles?: boolean; cancelable?: boolean } = {}) => {
    const e = new Event(type, init);
    const result = target.dispatchEvent(e);
    log.push(`dispatch ${type} → ${result} phase=${e.eventPhase} path=${(e as unknown as { _path: unknown[] })._path.length}`);
  };

  send(child, 'nothing', { bubbles: true });
  child.addEventListener('ping', listener('child a'));
  const b = listener('child b');
  child.addEventListener('ping', b);
  root.addEventListener('ping', listener('root'));
  send(child, 'ping');
  send(child, 'ping', { bubbles: true });
  child.removeEventListener('ping', b);
  child.removeEventListener('ping', b);
  send(child, 'ping', { bubbles: true });
  middle.addEventListener('ping', listener('middle once'), { once: true });
  send(child, 'ping', { bubbles: true });
  send(child, 'ping', { bubbles: true });
  middle.addEventListener('stop', listener('middle stops', (e) => e.stopPropagation()));
  middle.addEventListener('stop', listener('middle after stop'));
  root.addEventListener('stop', listener('root after stop'));
  send(child, 'stop', { bubbles: true });
  middle.addEventListener('now', listener('middle stops now', (e) => e.stopImmediatePropagation()));
  middle.addEventListener('now', listener('middle never'));
  send(middle, 'now', { bubbles: true });
  child.addEventListener('cancel', listener('child cancels', (e) => e.preventDefault()));
  send(child, 'cancel', { bubbles: true, cancelable: true });
  root.addEventListener('object', { handleEvent: (e: Seen) => log.push(`object current=${name(e.currentTarget)} target=${name(e.target)}`) });
  send(child, 'object', { bubbles: true });
  // Removing every listener of a type, then adding one again.
  const only = listener('root only');
  root.addEventListener('again', only);
  root.removeEventListener('again', only);
  send(root, 'again');
  root.addEventListener('again', only);
  send(root, 'again');
  // A target that never had a listener.
  new Base().removeEventListener('ping', b);
  return log;
}

describe('the EventTarget of the command line bundle', () => {
  it('calls the same listeners as linkedom\'s, with the same phases, targets and results', () => {
    const expected = script(LinkedomEventTarget as unknown as TargetClass);
    const actual = script(LazyEventTarget as unknown as TargetClass);
    // The script exercises what it should: bubbling, once, both stops, cancel, handleEvent, removal.
    assert.ok(expected.some((l) => l.startsWith('middle once')));
    assert.ok(expected.includes('dispatch cancel → false phase=0 path=0'));
    assert.ok(expected.some((l) => l.startsWith('object current=root target=child')));
    assert.ok(expected.some((l) => l.startsWith('middle after stop')));
    assert.ok(!expected.some((l) => l.startsWith('root after stop') || l.startsWith('middle never')));
    assert.deepEqual(actual, expected);
  });

  it('dispatches to, and removes from, a target that never had a listener', () => {
    const t = new LazyEventTarget();
    t.removeEventListener('x', () => {});
    assert.equal(t.dispatchEvent(new Event('x', { bubbles: true }) as never), true);
  });
});
