import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_SIZE,
  initialBounds,
  loadWindowState,
  nodeStateFs,
  parseWindowState,
  saveWindowState,
  serializeWindowState,
  type Rectangle,
} from '../../../main/electron/window-state.ts';

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rectangle = { x: 1440, y: -200, width: 2560, height: 1415 };

describe('parseWindowState', () => {
  it('reads a well-formed state', () => {
    assert.deepEqual(parseWindowState('{"bounds":{"x":10,"y":20,"width":1000,"height":700},"maximized":true}'), {
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('round-trips what it writes', () => {
    const state = { bounds: { x: -1200, y: 40, width: 900, height: 600 }, maximized: false };
    assert.deepEqual(parseWindowState(serializeWindowState(state)), state);
  });

  it('rejects garbage', () => {
    for (const text of [
      '',
      'not json',
      'null',
      '[]',
      '"x"',
      '{}',
      '{"bounds":null}',
      '{"bounds":{"x":"10","y":0,"width":800,"height":600}}',
      '{"bounds":{"x":1.5,"y":0,"width":800,"height":600}}',
      '{"bounds":{"x":0,"y":0,"width":10,"height":600}}',
      '{"bounds":{"x":0,"y":0,"width":800,"height":1e9}}',
      '{"bounds":{"x":1e308,"y":0,"width":800,"height":600}}',
      '{"bounds":{"x":0,"y":0,"width":800}}',
      `{"bounds":{"x":0,"y":0,"width":800,"height":600},"pad":"${'x'.repeat(5000)}"}`,
    ]) {
      assert.equal(parseWindowState(text), undefined, text.slice(0, 60));
    }
    assert.equal(parseWindowState(undefined), undefined);
  });

  it('does not let __proto__ keys through', () => {
    const state = parseWindowState('{"__proto__":{"polluted":1},"bounds":{"x":0,"y":0,"width":800,"height":600},"maximized":"yes"}');
    assert.deepEqual(state, { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('initialBounds', () => {
  it('uses the default size, centred, without a saved state', () => {
    assert.deepEqual(initialBounds(undefined, [laptop]), { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false });
  });

  it('restores a saved state that is on a display', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1200, height: 800 }, maximized: true };
    assert.deepEqual(initialBounds(saved, [laptop, external]), { x: 1600, y: 0, width: 1200, height: 800, maximized: true });
  });

  it('drops the position of a window on a display that is gone (keeps size and maximized)', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1200, height: 800 }, maximized: true };
    assert.deepEqual(initialBounds(saved, [laptop]), { width: 1200, height: 800, maximized: true });
  });

  it('drops a position whose title bar would be off-screen', () => {
    const above = { bounds: { x: 100, y: -790, width: 1000, height: 800 }, maximized: false };
    assert.equal(initialBounds(above, [laptop]).x, undefined);
    const sliver = { bounds: { x: 1400, y: 100, width: 1000, height: 800 }, maximized: false };
    assert.equal(initialBounds(sliver, [laptop]).x, undefined, 'only 40 px visible');
    const farAway = { bounds: { x: 50000, y: 50000, width: 1000, height: 800 }, maximized: false };
    assert.equal(initialBounds(farAway, [laptop, external]).x, undefined);
  });

  it('shrinks a saved size to the largest display', () => {
    const huge = { bounds: { x: 0, y: 0, width: 5000, height: 4000 }, maximized: false };
    const b = initialBounds(huge, [laptop]);
    assert.equal(b.width, laptop.width);
    assert.equal(b.height, laptop.height);
  });
});

describe('load and save', () => {
  it('saves atomically and loads back; a missing or corrupt file loads as nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-state-'));
    try {
      const file = path.join(dir, 'nested', 'window-state.json');
      assert.equal(loadWindowState(nodeStateFs, file), undefined);
      const state = { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: false };
      saveWindowState(nodeStateFs, file, state);
      assert.deepEqual(loadWindowState(nodeStateFs, file), state);
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['window-state.json']);
      if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o077, 0, 'only the user may read it');
      fs.writeFileSync(file, '{"bounds":');
      assert.equal(loadWindowState(nodeStateFs, file), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not write through a symlink planted at the temporary name it used to pick', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-state-'));
    try {
      const file = path.join(dir, 'window-state.json');
      const victim = path.join(dir, 'victim');
      fs.writeFileSync(victim, 'precious');
      fs.symlinkSync(victim, `${file}.tmp`);
      const state = { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: true };
      saveWindowState(nodeStateFs, file, state);
      assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
      assert.equal(fs.lstatSync(file).isFile(), true);
      assert.deepEqual(loadWindowState(nodeStateFs, file), state);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves no temporary file behind when the save fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-state-'));
    try {
      // A folder where the file should be: the rename at the end fails.
      const file = path.join(dir, 'window-state.json');
      fs.mkdirSync(path.join(file, 'in-the-way'), { recursive: true });
      assert.throws(() => saveWindowState(nodeStateFs, file, { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: false }), /cannot write .*window-state\.json/);
      assert.deepEqual(fs.readdirSync(dir), ['window-state.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
