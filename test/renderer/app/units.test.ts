import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupDigits, humanBytes, humanQuantity, parseQuantity } from '../../../renderer/app/units.ts';

test('humanBytes uses binary units with at most three significant digits', () => {
  assert.equal(humanBytes(0), '0 B');
  assert.equal(humanBytes(1023), '1023 B');
  assert.equal(humanBytes(1024), '1 KiB');
  assert.equal(humanBytes(1536), '1.5 KiB');
  assert.equal(humanBytes(72_000_000), '68.7 MiB');
  assert.equal(humanBytes(734_003_200), '700 MiB');
  assert.equal(humanBytes(5 * 1024 ** 3), '5 GiB');
  assert.equal(humanBytes('2048'), '2 KiB');
});

test('humanBytes rejects what is not a size', () => {
  assert.equal(humanBytes(-1), '');
  assert.equal(humanBytes(NaN), '');
  assert.equal(humanBytes('12x'), '');
  assert.equal(humanBytes({}), '');
  assert.equal(humanBytes(''), '');
});

test('parseQuantity reads Kubernetes quantities', () => {
  assert.equal(parseQuantity('128Mi'), 128 * 1024 * 1024);
  assert.equal(parseQuantity('250m'), 0.25);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity('1k'), 1000);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('lots'), undefined);
});

test('humanQuantity adds a readable size only when it helps', () => {
  assert.equal(humanQuantity('memory', '3920492Ki'), '3920492Ki (3.74 GiB)');
  assert.equal(humanQuantity('memory', '128Mi'), '128Mi');
  assert.equal(humanQuantity('ephemeral-storage', '1Gi'), '1Gi');
  assert.equal(humanQuantity('cpu', '250m'), '250m (0.25 CPU)');
  assert.equal(humanQuantity('cpu', '8'), '8');
  assert.equal(humanQuantity('pods', '110'), '110');
  assert.equal(humanQuantity('memory', undefined), '');
});

test('groupDigits', () => {
  assert.equal(groupDigits(1500), '1,500');
  assert.equal(groupDigits(5000000), '5,000,000');
  assert.equal(groupDigits('x'), '0');
  for (const n of [0, 7, 999, 1000, -1000, 12345, -987654321, 100000, 2 ** 40, 5.9]) assert.equal(groupDigits(n), Math.trunc(n).toLocaleString('en-US'), String(n));
});
