// The *-data fields of a kubeconfig (certificate-authority-data,
// client-certificate-data, client-key-data) are checked before any connection.
// Node's TLS silently drops a CA it cannot parse, so a broken
// certificate-authority-data otherwise surfaces as "self-signed certificate",
// which sends the user to look at the server instead of at the kubeconfig.

import { X509Certificate, createPrivateKey } from 'node:crypto';

/** Why a *-data field cannot be used, without any of its content. */
export class InlineDataError extends Error {
  override name = 'InlineDataError';
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * kubectl decodes these fields as standard, padded base64; YAML line folding
 * may leave whitespace in them, which its decoder skips as well.
 */
function decodeBase64(value: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new InlineDataError('is not base64');
  }
  return Buffer.from(compact, 'base64');
}

function pemBlocks(text: string): { type: string; pem: string }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1] ?? '', pem: m[0] }));
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
      throw new InlineDataError('decodes to neither a PEM nor a DER certificate');
    }
  }
  const certificates = pemBlocks(text).filter((b) => b.type === 'CERTIFICATE');
  if (certificates.length === 0) throw new InlineDataError('holds no PEM block "CERTIFICATE"');
  certificates.forEach((block, i) => {
    try {
      new X509Certificate(block.pem);
    } catch {
      throw new InlineDataError(`holds a PEM certificate that cannot be parsed (certificate ${i + 1} of ${certificates.length})`);
    }
  });
  return value;
}

/** `value`, checked to be the base64 of a PEM private key; throws InlineDataError otherwise. */
export function inlineKey(value: string): string {
  const text = decodeBase64(value).toString('latin1');
  const key = pemBlocks(text).find((b) => b.type.endsWith('PRIVATE KEY'));
  if (!key) throw new InlineDataError('holds no PEM private key');
  try {
    createPrivateKey(key.pem);
  } catch {
    throw new InlineDataError('holds a PEM private key that cannot be parsed');
  }
  return value;
}
