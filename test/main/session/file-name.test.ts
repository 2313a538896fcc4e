import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotFileName } from '../../../main/session/file-name.ts';

const at = new Date('2026-11-30T04:12:59.999Z');

test('snapshot file names carry the source and the UTC minute', () => {
  assert.equal(snapshotFileName('kind', at, 'json'), 'kind-2026-11-30T0412.json');
  assert.equal(snapshotFileName('prod.yaml', at, 'yaml'), 'prod-2026-11-30T0412.yaml');
});

test('unsafe characters in the source name do not reach the file name', () => {
  assert.equal(snapshotFileName('../../etc/passwd', at, 'json'), 'etc-passwd-2026-11-30T0412.json');
  assert.equal(snapshotFileName('arn:aws:eks:eu-west-1:123:cluster/prod', at, 'json'), 'arn-aws-eks-eu-west-1-123-cluster-prod-2026-11-30T0412.json');
  assert.equal(snapshotFileName('<script>', at, 'json'), 'script-2026-11-30T0412.json');
  assert.equal(snapshotFileName('', at, 'json'), 'cluster-2026-11-30T0412.json');
  assert.equal(snapshotFileName('x'.repeat(500), at, 'json').length, 64 + '-2026-11-30T0412.json'.length);
});
