import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveTheme, toggledPreference } from '../../../renderer/app/theme.ts';

test('the theme follows the OS unless overridden', () => {
  assert.equal(effectiveTheme('system', true), 'dark');
  assert.equal(effectiveTheme('system', false), 'light');
  assert.equal(effectiveTheme('light', true), 'light');
});

test('toggling flips what is shown; landing on the OS choice follows the OS again', () => {
  assert.equal(toggledPreference('system', false), 'dark');
  assert.equal(toggledPreference('dark', false), 'system');
  assert.equal(toggledPreference('system', true), 'light');
  assert.equal(toggledPreference('light', true), 'system');
  assert.equal(toggledPreference('light', false), 'dark');
});
