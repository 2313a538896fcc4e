import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppProtocolHandler, resolveAppFile } from '../../../main/electron/protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security.ts';

const ROOT = path.resolve('/srv/app/dist/renderer');

describe('resolveAppFile', () => {
  it('maps our URLs to files under the root', () => {
    assert.equal(resolveAppFile(ROOT, 'app://kube-anatomy/index.html'), path.join(ROOT, 'index.html'));
    assert.equal(resolveAppFile(ROOT, 'app://kube-anatomy/'), path.join(ROOT, 'index.html'));
    assert.equal(resolveAppFile(ROOT, 'app://kube-anatomy/fonts/Pretendard-Regular.woff2?v=1#x'), path.join(ROOT, 'fonts', 'Pretendard-Regular.woff2'));
    assert.equal(resolveAppFile(ROOT, 'app://kube-anatomy/app%20x.js'), path.join(ROOT, 'app x.js'));
  });

  it('refuses every way out of the root', () => {
    for (const url of [
      'app://kube-anatomy/../main/electron.mjs',
      'app://kube-anatomy/%2e%2e/%2e%2e/etc/passwd.js',
      'app://kube-anatomy/..%2F..%2Fetc%2Fpasswd.css',
      'app://kube-anatomy/..%5C..%5Csecret.js',
      'app://kube-anatomy/fonts/..%2f..%2f..%2fx.js',
      'app://kube-anatomy/%00.js',
      'app://kube-anatomy/C:%5Cwindows%5Cx.js',
      'app://kube-anatomy//etc/passwd.js',
      'app://kube-anatomy/%E0%A4%A.js',
    ]) {
      const file = resolveAppFile(ROOT, url);
      assert.ok(file === undefined || (file.startsWith(ROOT + path.sep) && !file.includes('..')), `${url} → ${file}`);
    }
    assert.equal(resolveAppFile(ROOT, 'app://kube-anatomy/..%2F..%2Fetc%2Fpasswd.css'), undefined);
    assert.equal(resolveAppFile(ROOT, 'app://kube-anatomy/%2e%2e%2fsecret.js'), undefined);
  });

  it('refuses other hosts, schemes, credentials, ports and unknown file types', () => {
    for (const url of [
      'app://other/index.html',
      'app://user@kube-anatomy/index.html',
      'app://kube-anatomy:8080/index.html',
      'file:///srv/app/dist/renderer/index.html',
      'https://kube-anatomy/index.html',
      'app://kube-anatomy/secrets.txt',
      'app://kube-anatomy/.env',
      'app://kube-anatomy/fonts',
      'not a url',
    ]) {
      assert.equal(resolveAppFile(ROOT, url), undefined, url);
    }
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  let root: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-proto-'));
    root = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(root, 'fonts'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>k</title>');
    fs.writeFileSync(path.join(root, 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'fonts', 'a.woff2'), Buffer.from([1, 2, 3]));
    fs.writeFileSync(path.join(dir, 'outside.js'), 'secret');
    fs.mkdirSync(path.join(root, 'dir.js'));
    try {
      fs.symlinkSync(path.join(dir, 'outside.js'), path.join(root, 'link.js'));
    } catch {
      // No symlinks on this file system: the symlink case is then just another 404.
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves files with their type and the CSP header', async () => {
    const handle = createAppProtocolHandler(root, fsp);
    const page = await handle({ url: 'app://kube-anatomy/index.html', method: 'GET' });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await page.text(), '<!doctype html><title>k</title>');
    const script = await handle({ url: 'app://kube-anatomy/app.js' });
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const font = await handle({ url: 'app://kube-anatomy/fonts/a.woff2' });
    assert.deepEqual([...new Uint8Array(await font.arrayBuffer())], [1, 2, 3]);
    assert.equal(font.headers.get('content-type'), 'font/woff2');
  });

  it('answers 404 (with the CSP) for missing files, directories, traversal and symlinks out', async () => {
    const handle = createAppProtocolHandler(root, fsp);
    for (const url of [
      'app://kube-anatomy/missing.js',
      'app://kube-anatomy/dir.js',
      'app://kube-anatomy/..%2Foutside.js',
      'app://kube-anatomy/link.js',
      'app://evil/index.html',
    ]) {
      const res = await handle({ url });
      assert.equal(res.status, 404, url);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      assert.doesNotMatch(await res.text(), /secret/);
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const handle = createAppProtocolHandler(root, fsp);
    assert.equal((await handle({ url: 'app://kube-anatomy/index.html', method: 'POST' })).status, 405);
    const head = await handle({ url: 'app://kube-anatomy/index.html', method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
});
