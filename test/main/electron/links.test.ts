import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedExternalLink, createLinkOpener, describe as describeValue } from '../../../main/electron/links.ts';

describe('allowedExternalLink', () => {
  it('allows http(s) links to hosts on the list', () => {
    assert.equal(allowedExternalLink('https://kubernetes.io/docs/concepts/'), 'https://kubernetes.io/docs/concepts/');
    assert.equal(allowedExternalLink('http://kubernetes.io/'), 'http://kubernetes.io/');
    assert.equal(allowedExternalLink('https://KUBERNETES.io/docs'), 'https://kubernetes.io/docs');
    assert.equal(allowedExternalLink('https://github.com/kube-anatomy/kube-anatomy'), 'https://github.com/kube-anatomy/kube-anatomy');
  });

  it('refuses other schemes, hosts, paths and disguises', () => {
    for (const href of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vscode://file/x',
      'smb://kubernetes.io/share',
      'ftp://kubernetes.io/',
      'https://evil.example/',
      'https://kubernetes.io.evil.example/',
      'https://evilkubernetes.io/',
      'https://docs.kubernetes.io/',
      'https://kubernetes.io@evil.example/',
      'https://user:pw@kubernetes.io/',
      'https://kubernetes.io:8443/',
      'https://github.com/someone-else/repo',
      'not a url',
      '',
      'https://kubernetes.io/' + 'a'.repeat(3000),
    ]) {
      assert.equal(allowedExternalLink(href), undefined, href);
    }
    for (const value of [undefined, null, 42, {}, ['https://kubernetes.io/']]) {
      assert.equal(allowedExternalLink(value), undefined);
    }
  });
});

describe('createLinkOpener', () => {
  it('opens allowed links and rejects the rest without calling the shell', async () => {
    const opened: string[] = [];
    const logged: string[] = [];
    const open = createLinkOpener({ openExternal: async (u) => void opened.push(u) }, (m) => logged.push(m));
    await open({ href: 'https://kubernetes.io/docs/' });
    await assert.rejects(open({ href: 'file:///etc/passwd' }), /not on the list/);
    await assert.rejects(open({ href: 'javascript:alert(1)' }), /not on the list/);
    await assert.rejects(open(null), /not on the list/);
    assert.deepEqual(opened, ['https://kubernetes.io/docs/']);
    assert.equal(logged.length, 3);
    assert.match(logged[0], /file:\/\/\/etc\/passwd/);
  });
});

describe('describe (for the log)', () => {
  it('leaves no C0, C1 or bidi-override character for the terminal the log goes to', () => {
    const text = describeValue('https://evil.example/\u001b[2J\u009b31m\u202eexe.txt');
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.equal(text, '"https://evil.example/?[2J?31m?exe.txt"');
  });

  it('cuts long values', () => {
    assert.equal(describeValue('x'.repeat(300)), JSON.stringify(`${'x'.repeat(200)}…`));
    assert.equal(describeValue(42), '(number)');
  });
});
