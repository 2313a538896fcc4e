// The *-data fields of a kubeconfig (certificate-authority-data,
// client-certificate-data, client-key-data) are checked before any connection.
// Node's TLS silently drops a CA it cannot parse, so a broken
// certificate-authority-data otherwise surfaces as "self-signed certificate",
// which sends the user to look at the server instead of at the kubeconfig.

import { X509Certificate, createPrivateKey } from 'node:crypto';
import { message, MessageError, textOf, type Message } from '../i18n/index.ts';

/** Why a *-data field cannot be used, without any of its content. */
export class InlineDataError extends MessageError {
  override name = 'InlineDataError';
  /** Said as a message of catalogs/errors.ts (errors.pem.*); the English is its English text. */
  constructor(said: Message) {
    super(said, textOf('en', said));
  }
}

/**
 * kubectl decodes these fields as standard, padded base64; YAML line folding
 * may leave whitespace in them, which its decoder skips as well.
 */
function decodeBase64(value: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new InlineDataError(message('errors.pem.notBase64'));
  }
  return Buffer.from(compact, 'base64');
}

// The type is bounded so that messages can quote it: it is all they quote of the field.
const BEGIN_LINE = /^-----BEGIN ([A-Z0-9 ]{1,64})-----[ \t\r]*$/;
const END_LINE = /^-----END ([A-Z0-9 ]{1,64})-----[ \t\r]*$/;

/**
 * The PEM blocks of `text`, read line by line as OpenSSL reads them for Node's
 * TLS: a block starts at a line of its own "-----BEGIN TYPE-----" and runs to
 * the first line that starts with "-----END "; lines outside blocks are
 * skipped. What TLS would pass over, or stop at, without a word is an
 * InlineDataError here: a BEGIN inside a line (TLS never sees that block), a
 * block with no END line, or one whose END line is not its own (TLS stops
 * there and drops the certificates after it). One pass over the lines,
 * whatever they hold.
 */
function pemBlocks(text: string): { type: string; pem: string }[] {
  const blocks: { type: string; pem: string }[] = [];
  let open: { type: string; lines: string[] } | undefined;
  for (const [i, line] of text.split('\n').entries()) {
    if (!open) {
      const begin = BEGIN_LINE.exec(line);
      if (begin) open = { type: begin[1] ?? '', lines: [line] };
      else if (line.startsWith('-----BEGIN ')) throw new InlineDataError(message('errors.pem.badBegin', { line: i + 1, begin: '-----BEGIN TYPE-----' }));
      else if (line.includes('-----BEGIN ')) {
        throw new InlineDataError(message('errors.pem.beginInside', { line: i + 1, begin: '-----BEGIN' }));
      }
      continue;
    }
    open.lines.push(line);
    if (!line.startsWith('-----END ')) continue;
    if (END_LINE.exec(line)?.[1] !== open.type) {
      throw new InlineDataError(message('errors.pem.badEnd', { type: open.type, line: i + 1, end: `-----END ${open.type}-----` }));
    }
    blocks.push({ type: open.type, pem: open.lines.join('\n') });
    open = undefined;
  }
  if (open) throw new InlineDataError(message('errors.pem.noEnd', { type: open.type }));
  return blocks;
}

/**
 * The base64 of the PEM certificates in `value` (base64 of PEM, or of one DER
 * certificate, which is turned into PEM because Node's TLS reads only PEM).
 * Throws InlineDataError saying what is wrong.
 */
export function inlineCertificates(value: string): string {
  const bytes = decodeBase64(value);
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN ')) {
    try {
      return Buffer.from(new X509Certificate(bytes).toString()).toString('base64');
    } catch {
      throw new InlineDataError(message('errors.pem.notCertificate'));
    }
  }
  const certificates = pemBlocks(text).filter((b) => b.type === 'CERTIFICATE');
  if (certificates.length === 0) throw new InlineDataError(message('errors.pem.noCertificate', { type: 'CERTIFICATE' }));
  certificates.forEach((block, i) => {
    try {
      new X509Certificate(block.pem);
    } catch {
      throw new InlineDataError(message('errors.pem.badCertificate', { n: i + 1, count: certificates.length }));
    }
  });
  return value;
}

/** `value`, checked to be the base64 of a PEM private key; throws InlineDataError otherwise. */
export function inlineKey(value: string): string {
  const text = decodeBase64(value).toString('latin1');
  const key = pemBlocks(text).find((b) => b.type.endsWith('PRIVATE KEY'));
  if (!key) throw new InlineDataError(message('errors.pem.noKey'));
  try {
    createPrivateKey(key.pem);
  } catch {
    throw new InlineDataError(message('errors.pem.badKey'));
  }
  return value;
}
