import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, type KeyInput } from '../../../renderer/app/keyboard.ts';

const key = (k: string, over: Partial<KeyInput> = {}) => keyAction({ key: k, typing: false, menuOwnsAccelerators: false, ...over });

test('single keys map to view actions', () => {
  assert.equal(key('/'), 'focus-search');
  assert.equal(key('+'), 'zoom-in');
  assert.equal(key('='), 'zoom-in');
  assert.equal(key('-'), 'zoom-out');
  assert.equal(key('0'), 'zoom-fit');
  assert.equal(key('ArrowLeft'), 'pan-left');
  assert.equal(key('ArrowDown'), 'pan-down');
  assert.equal(key('?'), 'help');
  assert.equal(key('Escape'), 'escape');
  assert.equal(key('x'), null);
});

test('typing in a field disables the shortcuts but not Escape', () => {
  assert.equal(key('/', { typing: true }), null);
  assert.equal(key('0', { typing: true }), null);
  assert.equal(key('ArrowLeft', { typing: true }), null);
  assert.equal(key('Escape', { typing: true }), 'escape');
});

test('modified keys are not single-key shortcuts', () => {
  assert.equal(key('0', { ctrlKey: true }), null);
  assert.equal(key('=', { metaKey: true }), null);
  assert.equal(key('/', { altKey: true }), null);
});

test('Ctrl/Cmd accelerators only when no app menu owns them', () => {
  assert.equal(key('f', { ctrlKey: true }), 'find');
  assert.equal(key('O', { metaKey: true }), 'open-snapshot');
  assert.equal(key('s', { ctrlKey: true, typing: true }), 'save-snapshot');
  assert.equal(key('f', { ctrlKey: true, menuOwnsAccelerators: true }), null);
  // Copy the picture as PNG: Ctrl/Cmd+Shift+C (the desktop app's menu owns it there).
  assert.equal(key('C', { ctrlKey: true, shiftKey: true }), 'copy-image');
  assert.equal(key('c', { metaKey: true, shiftKey: true }), 'copy-image');
  assert.equal(key('c', { ctrlKey: true }), null);
  assert.equal(key('C', { ctrlKey: true, shiftKey: true, menuOwnsAccelerators: true }), null);
});

test('T starts the guided tour and Q a quiz, not while typing', () => {
  assert.equal(key('t'), 'start-tour');
  assert.equal(key('T', { shiftKey: true }), 'start-tour');
  assert.equal(key('q'), 'start-quiz');
  assert.equal(key('n'), 'add-callout');
  assert.equal(key('N'), 'add-callout');
  assert.equal(key('n', { typing: true }), null, 'N typed into a note is text');
  assert.equal(key('t', { typing: true }), null);
  assert.equal(key('q', { ctrlKey: true }), null);
});
