import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestFromImageID, parseImageID, parseImageRef } from '../../../main/model/image.ts';

const D = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

test('a bare official image gets Docker Hub, library/ and latest', () => {
  const ref = parseImageRef('nginx');
  assert.equal(ref.registry, 'docker.io');
  assert.equal(ref.repository, 'library/nginx');
  assert.equal(ref.owner, 'library');
  assert.equal(ref.name, 'nginx');
  assert.equal(ref.tag, 'latest');
  assert.equal(ref.digest, undefined);
  assert.deepEqual(ref.defaulted, { registry: true, owner: true, tag: true });
  assert.equal(ref.official, true);
  assert.equal(ref.tagWarning, 'missing');
  assert.equal(ref.canonical, 'docker.io/library/nginx:latest');
  assert.equal(ref.invalid, undefined);
  assert.equal(ref.raw, 'nginx');
});

test('docker.io/nginx and index.docker.io/library/nginx normalise to the same image', () => {
  const a = parseImageRef('docker.io/nginx:1.27');
  const b = parseImageRef('index.docker.io/library/nginx:1.27');
  for (const ref of [a, b]) {
    assert.equal(ref.registry, 'docker.io');
    assert.equal(ref.repository, 'library/nginx');
    assert.equal(ref.canonical, 'docker.io/library/nginx:1.27');
    assert.equal(ref.official, true);
    assert.equal(ref.defaulted.registry, false);
    assert.equal(ref.tagWarning, undefined);
  }
  assert.equal(a.defaulted.owner, true);
  assert.equal(b.defaulted.owner, false);
});

test('a user image on Docker Hub has an owner and is not official', () => {
  const ref = parseImageRef('kicbase/echo-server:1.0');
  assert.equal(ref.registry, 'docker.io');
  assert.equal(ref.repository, 'kicbase/echo-server');
  assert.equal(ref.owner, 'kicbase');
  assert.equal(ref.name, 'echo-server');
  assert.equal(ref.tag, '1.0');
  assert.equal(ref.official, false);
  assert.deepEqual(ref.defaulted, { registry: true, owner: false, tag: false });
});

test('the first component is a registry only when it has a dot, a colon or is localhost', () => {
  const k8s = parseImageRef('registry.k8s.io/kube-proxy:v1.31.0');
  assert.equal(k8s.registry, 'registry.k8s.io');
  assert.equal(k8s.repository, 'kube-proxy');
  assert.equal(k8s.owner, undefined);
  assert.equal(k8s.official, false);

  const local = parseImageRef('localhost/app');
  assert.equal(local.registry, 'localhost');
  assert.equal(local.repository, 'app');
  assert.equal(local.tag, 'latest');

  // "myregistry" has no dot: it is a Docker Hub user, not a host.
  const user = parseImageRef('myregistry/app:2');
  assert.equal(user.registry, 'docker.io');
  assert.equal(user.repository, 'myregistry/app');
});

test('deep paths keep everything before the last segment as owner', () => {
  const ref = parseImageRef('registry.k8s.io/coredns/coredns:v1.11.1');
  assert.equal(ref.owner, 'coredns');
  const deep = parseImageRef('gcr.io/my-project/team/tools/builder:3');
  assert.equal(deep.repository, 'my-project/team/tools/builder');
  assert.equal(deep.owner, 'my-project/team/tools');
  assert.equal(deep.name, 'builder');
});

test('a registry with a port is not mistaken for a tag', () => {
  const ref = parseImageRef('localhost:5000/a/b:tag');
  assert.equal(ref.registry, 'localhost:5000');
  assert.equal(ref.repository, 'a/b');
  assert.equal(ref.tag, 'tag');
  assert.equal(ref.canonical, 'localhost:5000/a/b:tag');

  const untagged = parseImageRef('registry.example.com:5000/team/app');
  assert.equal(untagged.registry, 'registry.example.com:5000');
  assert.equal(untagged.repository, 'team/app');
  assert.equal(untagged.tag, 'latest');
  assert.equal(untagged.tagWarning, 'missing');
});

test('an IPv6 registry in brackets', () => {
  const ref = parseImageRef('[::1]:5000/x');
  assert.equal(ref.registry, '[::1]:5000');
  assert.equal(ref.repository, 'x');
  assert.equal(ref.name, 'x');
  assert.equal(ref.tag, 'latest');
  assert.equal(ref.invalid, undefined);
  const tagged = parseImageRef('[fd00:10::5]:443/team/app:v2');
  assert.equal(tagged.registry, '[fd00:10::5]:443');
  assert.equal(tagged.tag, 'v2');
  assert.equal(tagged.invalid, undefined);
});

test('tag and digest together keep both', () => {
  const ref = parseImageRef(`nginx:1.27@${D}`);
  assert.equal(ref.tag, '1.27');
  assert.equal(ref.digest, D);
  assert.equal(ref.tagWarning, undefined);
  assert.equal(ref.canonical, `docker.io/library/nginx:1.27@${D}`);
  assert.equal(ref.defaulted.tag, false);
});

test('a digest alone pins the image: no tag and no warning', () => {
  const ref = parseImageRef(`docker.io/bitnami/kubectl@${D}`);
  assert.equal(ref.tag, undefined);
  assert.equal(ref.digest, D);
  assert.equal(ref.tagWarning, undefined);
  assert.equal(ref.defaulted.tag, false);
  assert.equal(ref.canonical, `docker.io/bitnami/kubectl@${D}`);
  assert.equal(ref.invalid, undefined);
});

test('explicit latest is flagged differently from a missing tag', () => {
  const ref = parseImageRef('busybox:latest');
  assert.equal(ref.tag, 'latest');
  assert.equal(ref.tagWarning, 'latest');
  assert.equal(ref.defaulted.tag, false);
  // Pinned by digest, "latest" is only a label.
  assert.equal(parseImageRef(`busybox:latest@${D}`).tagWarning, undefined);
});

test('other digest algorithms follow the grammar', () => {
  const sha512 = `sha512:${'ab'.repeat(64)}`;
  const ref = parseImageRef(`quay.io/org/app@${sha512}`);
  assert.equal(ref.digest, sha512);
  assert.equal(ref.invalid, undefined);
  assert.equal(parseImageRef(`app@multihash+base58:${'0123456789abcdef'.repeat(2)}`).invalid, undefined);
});

test('bad references are flagged with a reason and best-effort fields', () => {
  const upper = parseImageRef('docker.io/Library/Nginx:1');
  assert.match(upper.invalid ?? '', /lowercase/);
  assert.equal(upper.registry, 'docker.io');
  assert.equal(upper.tag, '1');

  const empty = parseImageRef('');
  assert.match(empty.invalid ?? '', /empty/);
  assert.equal(empty.raw, '');

  assert.match(parseImageRef('nginx:bad tag').invalid ?? '', /tag/);
  assert.match(parseImageRef('nginx:-dash').invalid ?? '', /tag/);
  assert.match(parseImageRef(`nginx:${'t'.repeat(129)}`).invalid ?? '', /tag/);
  assert.match(parseImageRef('nginx@sha256:1234').invalid ?? '', /digest/);
  assert.match(parseImageRef(`nginx@sha256:${'a'.repeat(63)}`).invalid ?? '', /digest/);
  // Lower-case only, as the OCI spec writes them and the runtime (and the registry client) checks them.
  assert.match(parseImageRef(`nginx@sha256:${'A'.repeat(64)}`).invalid ?? '', /sha256 digest must be 64 lower-case hex digits/);
  assert.match(parseImageRef(`nginx@sha512:${'AB'.repeat(64)}`).invalid ?? '', /sha512 digest must be 128 lower-case hex digits/);
  assert.match(parseImageRef('my_registry..x/app').invalid ?? '', /registry/);
  assert.match(parseImageRef('team/app--/x').invalid ?? '', /repository/);
  assert.match(parseImageRef(' nginx').invalid ?? '', /whitespace/);
  assert.match(parseImageRef('a'.repeat(64)).invalid ?? '', /image id/);
  assert.match(parseImageRef(`${'a/'.repeat(130)}b`).invalid ?? '', /255/);
  // Not a string at all (untrusted JSON): still no throw.
  assert.match(parseImageRef(42 as unknown as string).invalid ?? '', /empty/);
});

test('valid separators in repository names', () => {
  for (const raw of ['a_b/c__d', 'team/my-app', 'team/my--app', 'team/v1.2']) {
    assert.equal(parseImageRef(raw).invalid, undefined, raw);
  }
});

test('imageID: repo digests from containerd and Docker', () => {
  assert.deepEqual(parseImageID(`docker.io/library/nginx@${D}`), { digest: D, kind: 'repo-digest' });
  assert.deepEqual(parseImageID(`docker-pullable://nginx@${D}`), { digest: D, kind: 'repo-digest' });
  assert.equal(digestFromImageID(`docker-pullable://registry.k8s.io/pause@${D}`), D);
  assert.equal(digestFromImageID(`localhost:5000/tools/migrate@${D}`), D);
});

test('imageID: a bare config digest is returned but marked as an image id', () => {
  assert.deepEqual(parseImageID(D), { digest: D, kind: 'image-id' });
  assert.deepEqual(parseImageID(`docker://${D}`), { digest: D, kind: 'image-id' });
  assert.equal(digestFromImageID(D), D);
});

test('imageID: empty or junk gives nothing', () => {
  assert.equal(digestFromImageID(''), undefined);
  assert.equal(digestFromImageID('nginx:latest'), undefined);
  assert.equal(digestFromImageID('nginx@notadigest'), undefined);
  assert.equal(digestFromImageID(undefined as unknown as string), undefined);
});
