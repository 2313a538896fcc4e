import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../../main/session/emitter.ts';

test('listeners hear their event until they unsubscribe, and a throwing one does not stop the rest', () => {
  const events = new Emitter<{ a: number; b: string }>();
  const heard: string[] = [];
  const errors: unknown[] = [];
  const originalError = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    events.on('a', () => {
      throw new Error('broken listener');
    });
    const off = events.on('a', (n) => heard.push(`first ${n}`));
    events.on('a', (n) => heard.push(`second ${n}`));
    events.on('b', (s) => heard.push(`b ${s}`));
    events.emit('a', 1);
    off();
    events.emit('a', 2);
    events.emit('b', 'x');
  } finally {
    console.error = originalError;
  }
  assert.deepEqual(heard, ['first 1', 'second 1', 'second 2', 'b x']);
  assert.equal(errors.length, 2, 'each failure is reported');
});
