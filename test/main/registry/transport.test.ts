// The transport's rules that need no registry: which hosts may use plain
// HTTP, which go around the proxy, how Retry-After is read, what a URL in a
// message shows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bypassesProxy, isLoopbackHost, retryAfterMs, safeUrl } from '../../../main/registry/transport.ts';

describe('registry transport rules', () => {
  it('allows plain HTTP only for localhost, 127.0.0.0/8 and ::1', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]']) assert.ok(isLoopbackHost(h), h);
    // *.localhost resolves wherever the resolver says: not loopback for plain HTTP, as in containerd.
    for (const h of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', 'example.com', '[::2]', '127.0.0.1.nip.io', 'registry.localhost', 'a.b.localhost']) assert.ok(!isLoopbackHost(h), h);
  });

  it('reads NO_PROXY as docker does: *, hosts, domain suffixes, with or without a port', () => {
    const no = 'internal.example.com, .corp, registry.local:5000, *.svc';
    assert.ok(bypassesProxy('internal.example.com', '443', no));
    assert.ok(bypassesProxy('a.internal.example.com', '443', no));
    assert.ok(bypassesProxy('x.corp', '443', no));
    assert.ok(bypassesProxy('corp', '443', no));
    assert.ok(bypassesProxy('registry.local', '5000', no));
    assert.ok(!bypassesProxy('registry.local', '443', no));
    assert.ok(bypassesProxy('a.b.svc', '443', no));
    assert.ok(!bypassesProxy('ghcr.io', '443', no));
    assert.ok(!bypassesProxy('notinternal.example.com', '443', no));
    assert.ok(bypassesProxy('ghcr.io', '443', '*'));
    assert.ok(!bypassesProxy('ghcr.io', '443', undefined));
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });

  it('shows a URL without its credentials or query (a signed blob URL carries its signature there)', () => {
    assert.equal(safeUrl(new URL('https://user:pw@cdn.example.com/blob/x?X-Amz-Signature=abc')), 'https://cdn.example.com/blob/x');
  });
});
