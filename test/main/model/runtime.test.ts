import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContainerRuntime } from '../../../main/model/runtime.ts';

test('the common runtimes', () => {
  assert.deepEqual(parseContainerRuntime('containerd://1.7.18'), { kind: 'containerd', name: 'containerd', version: '1.7.18', raw: 'containerd://1.7.18' });
  assert.deepEqual(parseContainerRuntime('cri-o://1.30.2'), { kind: 'cri-o', name: 'cri-o', version: '1.30.2', raw: 'cri-o://1.30.2' });
  assert.deepEqual(parseContainerRuntime('docker://27.0.3'), { kind: 'docker', name: 'docker', version: '27.0.3', raw: 'docker://27.0.3' });
});

test('an unknown scheme is "other" but keeps its name and version', () => {
  assert.deepEqual(parseContainerRuntime('kata://3.2.0'), { kind: 'other', name: 'kata', version: '3.2.0', raw: 'kata://3.2.0' });
  assert.deepEqual(parseContainerRuntime('remote://1.0+k3s1'), { kind: 'other', name: 'remote', version: '1.0+k3s1', raw: 'remote://1.0+k3s1' });
});

test('garbage claims nothing but keeps the raw text', () => {
  assert.deepEqual(parseContainerRuntime('garbage'), { kind: 'other', name: '', version: '', raw: 'garbage' });
  assert.deepEqual(parseContainerRuntime(''), { kind: 'other', name: '', version: '', raw: '' });
  assert.equal(parseContainerRuntime(null as unknown as string).raw, '');
  assert.equal(parseContainerRuntime('containerd://').version, '');
});
