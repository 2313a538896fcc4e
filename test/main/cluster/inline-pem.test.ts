// The *-data fields are checked so that a CA which Node's TLS would drop
// without a word is named instead (issue 7, clarity). The check is held to
// TLS itself: whatever way of writing the CA it takes, a real TLS connection
// then trusts. A block TLS would skip or stop at is refused, even after a good
// one, since the certificate lost may be the one the server needs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https, { type Server } from 'node:https';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inlineCertificates, inlineKey } from '../../../main/cluster/inline-pem.ts';
import { TLS_DIR } from '../../fixtures/fake-apiserver.ts';

const CA = readFileSync(path.join(TLS_DIR, 'ca.crt'), 'utf8');
const KEY = readFileSync(path.join(TLS_DIR, 'client.key'), 'utf8');
const b64 = (text: string) => Buffer.from(text).toString('base64');

let server: Server;
let port: number;
before(async () => {
  server = https.createServer({ cert: readFileSync(path.join(TLS_DIR, 'server.crt')), key: readFileSync(path.join(TLS_DIR, 'server.key')) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Whether a TLS connection that trusts `ca` (and only it) accepts the fixture server's certificate. */
function tlsTrusts(ca: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    // The chain is the question here, not the host name.
    const req = https.get({ host: '127.0.0.1', port, ca, agent: false, checkServerIdentity: () => undefined }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ? resolve(false) : reject(error)));
  });
}

function checkAccepts(value: string): boolean {
  try {
    inlineCertificates(value);
    return true;
  } catch {
    return false;
  }
}

const lines = CA.trimEnd().split('\n');
const BROKEN = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';

describe('certificate-authority-data, held to what TLS trusts', () => {
  // [how the CA is written, whether the check takes it]. Whatever it takes, TLS must trust:
  // a CA that TLS passes over without a word is what the check is for.
  const cases: [string, string, boolean][] = [
    ['as written', CA, true],
    ['with CRLF line ends', CA.replace(/\n/g, '\r\n'), true],
    ['with blanks after its BEGIN and END lines', CA.replace('CERTIFICATE-----\n', 'CERTIFICATE-----\t \n').trimEnd() + '  \n', true],
    ['with lines of text around it', `Subject: CN=test\n${CA}trailing words\n`, true],
    ['twice, with a line of text between', `${CA}between\n${CA}`, true],
    ['after a private key, which TLS passes over', `${KEY}${CA}`, true],
    ['with text before BEGIN on its line', `junk${CA}`, false],
    ['with its BEGIN line indented', `  ${CA}`, false],
    ['with text after END on its line', `${CA.trimEnd()}junk\n`, false],
    ['after a broken certificate', `${BROKEN}${CA}`, false],
    ['after a block that never ends', `-----BEGIN CERTIFICATE-----\nAAAA\n${CA}`, false],
    ['after a block closed by an END of another type', `-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n${CA}`, false],
    ['followed by a block that never ends', `${CA}-----BEGIN CERTIFICATE-----\nAAAA\n`, false],
    ['with a blank line inside', [lines[0], lines[1], '', ...lines.slice(2)].join('\n'), false],
    ['with CR alone as line end', CA.replace(/\n/g, '\r'), false],
    ['all on one line', CA.replace(/\n/g, ''), false],
    ['with its type in lower case', CA.replace(/CERTIFICATE/g, 'certificate'), false],
  ];
  for (const [label, ca, takes] of cases) {
    it(`${label}: ${takes ? 'taken' : 'refused'}, and TLS trusts whatever is taken`, async () => {
      const accepted = checkAccepts(b64(ca));
      assert.equal(accepted, takes);
      if (accepted) assert.equal(await tlsTrusts(ca), true, 'the check took a CA that TLS drops without a word');
    });
  }

  it('names what is wrong when a BEGIN or END line is not a line of its own, or missing', () => {
    assert.throws(() => inlineCertificates(b64(`junk${CA}`)), {
      message: 'has "-----BEGIN" inside line 1, where TLS does not read it (a BEGIN line must be a line of its own)',
    });
    assert.throws(() => inlineCertificates(b64(`${CA.trimEnd()}junk\n`)), {
      message: `holds a PEM block "CERTIFICATE" whose END line (line ${lines.length}) is not "-----END CERTIFICATE-----"`,
    });
    assert.throws(() => inlineCertificates(b64(`${CA}-----BEGIN CERTIFICATE-----\nAAAA\n`)), { message: 'holds a PEM block "CERTIFICATE" with no END line' });
    assert.throws(() => inlineCertificates(b64(CA.replace(/CERTIFICATE/g, 'certificate'))), { message: 'has a BEGIN line that is not "-----BEGIN TYPE-----" (line 1)' });
  });

  it('reads a large hostile value in one pass: every BEGIN line without an END', () => {
    // The earlier pattern searched the rest of the text again from each BEGIN,
    // so its time grew with the square of the lines (this took 20 s to 2 min).
    // Speed is not asserted here; the outcome is.
    const hostile = '-----BEGIN CERTIFICATE-----\n'.repeat(100_000);
    assert.throws(() => inlineCertificates(b64(hostile)), { message: 'holds a PEM block "CERTIFICATE" with no END line' });
  });
});

describe('client-key-data', () => {
  it('takes a key whose BEGIN and END are lines of their own, and refuses one written inside a line, as TLS does', () => {
    assert.equal(inlineKey(b64(KEY)), b64(KEY));
    assert.throws(() => inlineKey(b64(`junk${KEY}`)), {
      message: 'has "-----BEGIN" inside line 1, where TLS does not read it (a BEGIN line must be a line of its own)',
    });
    assert.throws(() => https.createServer({ key: `junk${KEY}`, cert: readFileSync(path.join(TLS_DIR, 'client.crt')) }));
  });
});
