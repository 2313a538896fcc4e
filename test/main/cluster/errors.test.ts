import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApiStatusError,
  classifyError,
  CredentialError,
  describeError,
  isHopeless,
  KubeconfigError,
  RequestTimeoutError,
  sanitizeServer,
  WatchDroppedError,
  WatchIdleError,
  type ErrorPlace,
} from '../../../main/cluster/errors.ts';

const place: ErrorPlace = { context: 'kind-kind', server: 'https://127.0.0.1:6443', resource: 'pods', action: 'list' };

function nodeError(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('describeError', () => {
  it('says which server could not be reached, for which context', () => {
    assert.equal(
      describeError(nodeError('connect ECONNREFUSED 127.0.0.1:6443', 'ECONNREFUSED'), place),
      'cannot reach https://127.0.0.1:6443 (context kind-kind): connect ECONNREFUSED 127.0.0.1:6443',
    );
    assert.equal(
      describeError(nodeError('getaddrinfo ENOTFOUND api.example.test', 'ENOTFOUND'), { ...place, server: 'https://api.example.test' }),
      'cannot reach https://api.example.test (context kind-kind): getaddrinfo ENOTFOUND api.example.test',
    );
  });

  it('explains TLS failures in words, keeping the code', () => {
    assert.equal(
      describeError(nodeError('certificate has expired', 'CERT_HAS_EXPIRED'), place),
      "TLS connection to https://127.0.0.1:6443 failed (context kind-kind): the server's certificate has expired [CERT_HAS_EXPIRED]",
    );
    assert.match(
      describeError(nodeError("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), place),
      /does not name this host \(see tls-server-name\) \[ERR_TLS_CERT_ALTNAME_INVALID\]$/,
    );
    assert.match(
      describeError(nodeError('tlsv13 alert certificate required', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), place),
      /requires a client certificate/,
    );
  });

  it('names the resource, namespace and the API server message for HTTP errors', () => {
    const forbidden = new ApiStatusError(403, 'Forbidden', 'Forbidden', 'pods is forbidden: User "dev" cannot list resource "pods" in the namespace "shop"');
    assert.equal(
      describeError(forbidden, { ...place, namespace: 'shop' }),
      'not allowed to list pods in namespace shop on https://127.0.0.1:6443 (context kind-kind, 403 Forbidden: pods is forbidden: User "dev" cannot list resource "pods" in the namespace "shop")',
    );
    assert.equal(
      describeError(new ApiStatusError(404, 'Not Found'), { ...place, resource: 'persistentvolumes' }),
      'https://127.0.0.1:6443 does not serve persistentvolumes (context kind-kind, 404 Not Found)',
    );
    assert.equal(
      describeError(new ApiStatusError(500, 'Internal Server Error', undefined, 'etcdserver: request timed out'), { ...place, action: 'watch' }),
      'https://127.0.0.1:6443 answered 500 Internal Server Error: etcdserver: request timed out when trying to watch pods (context kind-kind)',
    );
    assert.equal(
      describeError(new ApiStatusError(401, 'Unauthorized', 'Unauthorized', 'Unauthorized'), place),
      'https://127.0.0.1:6443 rejected the credentials of context kind-kind (401 Unauthorized: Unauthorized)',
    );
  });

  it('tells timeouts, silent watches and cut watches apart', () => {
    assert.equal(
      describeError(new RequestTimeoutError(30_000), place),
      'https://127.0.0.1:6443 did not answer (context kind-kind) when trying to list pods: no answer within 30 s',
    );
    assert.equal(
      describeError(new WatchIdleError(330_000), { ...place, action: 'watch' }),
      'the watch of pods on https://127.0.0.1:6443 went silent (context kind-kind): no data for 330 s',
    );
    assert.equal(
      describeError(new WatchDroppedError(nodeError('aborted', 'ECONNRESET')), { ...place, action: 'watch' }),
      'the watch of pods on https://127.0.0.1:6443 was cut (context kind-kind): aborted',
    );
  });

  it('names the file behind credential problems', () => {
    const enoent = nodeError("ENOENT: no such file or directory, open '/home/u/.minikube/client.crt'", 'ENOENT', { path: '/home/u/.minikube/client.crt' });
    assert.equal(
      describeError(enoent, place),
      "cannot read /home/u/.minikube/client.crt for context kind-kind: ENOENT: no such file or directory, open '/home/u/.minikube/client.crt'",
    );
    assert.equal(
      describeError(new CredentialError('exec credential plugin "aws" (user u) failed with exit code 255: expired'), place),
      'exec credential plugin "aws" (user u) failed with exit code 255: expired (context kind-kind)',
    );
  });

  it('keeps API server messages to one bounded line', () => {
    const text = describeError(new ApiStatusError(500, 'Internal Server Error', undefined, `line\n${'x'.repeat(5000)}`), place);
    assert.ok(!text.includes('\n'));
    assert.ok(text.length < 800);
  });

  it('escapes terminal control sequences a hostile API server puts in its messages', () => {
    const hostile = '\u001b]0;owned\u0007\u001b[2Jdenied\u009b31m\u202e';
    for (const err of [new ApiStatusError(403, 'Forbidden', undefined, hostile), new ApiStatusError(500, 'Internal Server Error', undefined, hostile)]) {
      const text = describeError(err, place);
      assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/, text);
      assert.match(text, /\\u001b\]0;owned\\u0007\\u001b\[2Jdenied\\u009b31m\\u202e/);
    }
  });
});

describe('classifyError', () => {
  it('knows what retrying cannot fix', () => {
    assert.equal(isHopeless(new ApiStatusError(401, 'Unauthorized')), true);
    assert.equal(isHopeless(new CredentialError('x')), true);
    assert.equal(isHopeless(new KubeconfigError('x')), true);
    assert.equal(isHopeless(nodeError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT')), true);
    assert.equal(isHopeless(nodeError('connect ECONNREFUSED', 'ECONNREFUSED')), false);
    assert.equal(isHopeless(new ApiStatusError(503, 'Service Unavailable')), false);
    assert.equal(classifyError(new ApiStatusError(410, 'Gone')), 'gone');
    assert.equal(classifyError(new WatchDroppedError(new Error('x'))), 'dropped');
  });
});

describe('sanitizeServer', () => {
  it('removes user info and trailing slashes', () => {
    assert.equal(sanitizeServer('https://admin:hunter2@k8s.example.test:6443/'), 'https://k8s.example.test:6443');
    assert.equal(sanitizeServer('https://k8s.example.test/prefix'), 'https://k8s.example.test/prefix');
    assert.equal(sanitizeServer('not a url://user:pw@x'), 'not a url://x');
  });

  it('masks the query and the fragment, where some setups put a token', () => {
    assert.equal(sanitizeServer('https://k8s.example.test:6443/?token=abc123'), 'https://k8s.example.test:6443/?***');
    assert.equal(sanitizeServer('https://u:pw@k8s.example.test/prefix?s3cr3t#frag'), 'https://k8s.example.test/prefix?***#***');
    assert.equal(sanitizeServer('not a url://x/?token=abc123'), 'not a url://x/?***');
  });
});
