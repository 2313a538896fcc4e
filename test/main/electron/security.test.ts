import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isPermissionAllowed,
  secureWebPreferences,
  type HardenableContents,
  type HardenableSession,
} from '../../../main/electron/security.ts';
import { APP_ENTRY_URL } from '../../../main/electron/origin.ts';
import { FakeEvent, FakeWebContents } from './stand-ins.ts';

function hardened(url = APP_ENTRY_URL) {
  const contents = new FakeWebContents(url);
  const opened: string[] = [];
  const logged: string[] = [];
  hardenWebContents(contents as unknown as HardenableContents, {
    openExternal: (u) => {
      opened.push(u);
    },
    log: (m) => logged.push(m),
  });
  return { contents, opened, logged };
}

describe('secureWebPreferences', () => {
  it('has exactly the hardened values', () => {
    const prefs = secureWebPreferences('/app/dist/main/preload.cjs');
    assert.deepEqual(prefs, {
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
      safeDialogs: true,
      devTools: false,
    });
  });
  it('enables dev tools only when asked', () => {
    assert.equal(secureWebPreferences('/p.cjs', { devTools: true }).devTools, true);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the strict policy, directive by directive', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }));
    assert.deepEqual(Object.fromEntries(directives), {
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*|https?:|ws:/);
  });
});

describe('hardenWebContents', () => {
  it('prevents navigation to another URL', () => {
    const { contents, opened, logged } = hardened();
    for (const target of ['https://evil.example/', 'file:///etc/passwd', 'app://kube-anatomy/other.html', 'app://other-host/index.html', 'javascript:alert(1)']) {
      const event = new FakeEvent();
      contents.emit('will-navigate', event, target);
      assert.equal(event.prevented, true, target);
    }
    assert.deepEqual(opened, []);
    assert.equal(logged.length, 5);
  });

  it('uses details.url over the positional url (Electron ≥ 25 passes both)', () => {
    const { contents } = hardened();
    const event = new FakeEvent('https://evil.example/');
    contents.emit('will-navigate', event, APP_ENTRY_URL);
    assert.equal(event.prevented, true);
  });

  it('allows the same document (an in-page anchor)', () => {
    const { contents } = hardened();
    const event = new FakeEvent();
    contents.emit('will-navigate', event, `${APP_ENTRY_URL}#node-1`);
    assert.equal(event.prevented, false);
  });

  it('opens an allow-listed documentation link externally instead of navigating', () => {
    const { contents, opened } = hardened();
    const event = new FakeEvent();
    contents.emit('will-navigate', event, 'https://kubernetes.io/docs/concepts/workloads/pods/');
    assert.equal(event.prevented, true);
    assert.deepEqual(opened, ['https://kubernetes.io/docs/concepts/workloads/pods/']);
  });

  it('denies every window.open, opening only allow-listed links externally', () => {
    const { contents, opened } = hardened();
    assert.ok(contents.windowOpenHandler);
    assert.deepEqual(contents.windowOpenHandler({ url: 'https://evil.example/' }), { action: 'deny' });
    assert.deepEqual(contents.windowOpenHandler({ url: APP_ENTRY_URL }), { action: 'deny' });
    assert.deepEqual(contents.windowOpenHandler({ url: 'https://kubernetes.io/docs/' }), { action: 'deny' });
    assert.deepEqual(opened, ['https://kubernetes.io/docs/']);
  });

  it('prevents <webview> and redirects off the app', () => {
    const { contents } = hardened();
    const attach = new FakeEvent();
    contents.emit('will-attach-webview', attach, {}, {});
    assert.equal(attach.prevented, true);
    const redirect = new FakeEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    assert.equal(redirect.prevented, true);
    const ours = new FakeEvent();
    contents.emit('will-redirect', ours, APP_ENTRY_URL);
    assert.equal(ours.prevented, false);
  });
});

describe('permissions', () => {
  type RequestHandler = (wc: unknown, p: string, cb: (g: boolean) => void, d: { requestingUrl?: string }) => void;
  type CheckHandler = (wc: unknown, p: string, origin: string, d: unknown) => boolean;
  interface FakeSession {
    request?: RequestHandler;
    check?: CheckHandler;
    device?: (d: unknown) => boolean;
    setPermissionRequestHandler(h: RequestHandler): void;
    setPermissionCheckHandler(h: CheckHandler): void;
    setDevicePermissionHandler(h: (d: unknown) => boolean): void;
    blockFilter?: string[];
    beforeRequest?: (details: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    webRequest: { onBeforeRequest(filter: { urls: string[] }, l: NonNullable<FakeSession['beforeRequest']>): void };
  }
  function session() {
    const s: FakeSession = {
      setPermissionRequestHandler(h) {
        s.request = h;
      },
      setPermissionCheckHandler(h) {
        s.check = h;
      },
      setDevicePermissionHandler(h) {
        s.device = h;
      },
      webRequest: {
        onBeforeRequest(filter, l) {
          s.blockFilter = filter.urls;
          s.beforeRequest = l;
        },
      },
    };
    const logged: string[] = [];
    hardenSession(s as HardenableSession, (m) => logged.push(m));
    return { s, logged };
  }
  const ask = (s: FakeSession, permission: string, url: string) => {
    let granted: boolean | undefined;
    s.request!(null, permission, (g: boolean) => (granted = g), { requestingUrl: url });
    return granted;
  };

  it('denies requests by default', () => {
    const { s, logged } = session();
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'fullscreen', 'unknown']) {
      assert.equal(ask(s, p, APP_ENTRY_URL), false, p);
      assert.equal(s.check!(null, p, 'app://kube-anatomy', {}), false, p);
    }
    assert.equal(logged.length, 8);
    assert.equal(s.device!({}), false);
  });

  it('cancels every network request from pages', () => {
    const { s, logged } = session();
    assert.deepEqual(s.blockFilter, ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    let response: { cancel: boolean } | undefined;
    s.beforeRequest!({ url: 'https://evil.example/x.js' }, (r) => (response = r));
    assert.deepEqual(response, { cancel: true });
    assert.match(logged.at(-1)!, /request blocked: "https:\/\/evil.example\/x.js"/);
  });

  it('allows clipboard-sanitized-write from our page only', () => {
    const { s } = session();
    assert.equal(ask(s, 'clipboard-sanitized-write', APP_ENTRY_URL), true);
    assert.equal(s.check!(null, 'clipboard-sanitized-write', 'app://kube-anatomy', {}), true);
    assert.equal(ask(s, 'clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.equal(s.check!(null, 'clipboard-sanitized-write', 'file://', {}), false);
    assert.equal(isPermissionAllowed('clipboard-sanitized-write', undefined), false);
  });
});
