// Bearer tokens read from a kubeconfig user's `tokenFile`. client-node 2.0.1
// reads only a `token-file` key (not kubectl's `tokenFile`), once, relative to
// the process's working directory, and does not trim the trailing newline most
// token files end with (which makes Node refuse the header). This reads the
// file like client-go does: trimmed, re-read at most once a minute so rotated
// tokens (projected service-account tokens) are picked up.

import { readFile } from 'node:fs/promises';
import type https from 'node:https';
import type { User } from '@kubernetes/client-node';
import { CredentialError } from './errors.ts';
import { message } from '../i18n/index.ts';

export const TOKEN_FILE_PROVIDER = 'kube-anatomy-token-file';

const REREAD_MS = 60_000;
const MAX_TOKEN_BYTES = 64 * 1024;

type RequestOptions = https.RequestOptions & { headers?: Record<string, unknown> };

export class TokenFileAuthenticator {
  private readonly files = new Map<string, string>();
  private readonly cache = new Map<string, { token: string; readAt: number }>();

  register(userName: string, file: string): void {
    this.files.set(userName, file);
  }

  isAuthProvider(user: User): boolean {
    const provider = (user as { authProvider?: { name?: unknown } }).authProvider;
    return provider?.name === TOKEN_FILE_PROVIDER && this.files.has(user.name);
  }

  async applyAuthentication(user: User, opts: RequestOptions): Promise<void> {
    const token = await this.token(user.name);
    opts.headers ??= {};
    opts.headers['Authorization'] = `Bearer ${token}`;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async token(userName: string): Promise<string> {
    const cached = this.cache.get(userName);
    if (cached && Date.now() - cached.readAt < REREAD_MS) return cached.token;
    const file = this.files.get(userName);
    if (!file) throw CredentialError.said(message('errors.tokenFile.none', { user: userName }));
    let text: string;
    try {
      const data = await readFile(file);
      if (data.length > MAX_TOKEN_BYTES) throw CredentialError.said(message('errors.tokenFile.unreadable', { file, user: userName, error: message('errors.tokenFile.tooLarge', { size: data.length }) }));
      text = data.toString('utf8');
    } catch (err) {
      if (err instanceof CredentialError) throw err;
      // The OS's text stays as written inside the app's sentence.
      throw CredentialError.said(message('errors.tokenFile.unreadable', { file, user: userName, error: (err as Error).message }));
    }
    const token = text.trim();
    if (!token) throw CredentialError.said(message('errors.tokenFile.empty', { file, user: userName }));
    if (/[\r\n\0]/.test(token)) throw CredentialError.said(message('errors.tokenFile.lines', { file, user: userName }));
    this.cache.set(userName, { token, readAt: Date.now() });
    return token;
  }
}

