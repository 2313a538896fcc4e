// The registry's answer to a request without credentials is a 401 with a
// WWW-Authenticate challenge, and what to send next depends on it, as in
// docker and containerd:
//   Basic realm="…"                           → the user's credentials, Basic
//   Bearer realm="…",service="…",scope="…"    → a token from the realm: GET
//     realm?service=…&scope=… (anonymous, or with Basic credentials), or a POST
//     of the identity token as an OAuth2 refresh token.
// Tokens live in memory only, per realm, service and scope, until shortly
// before they expire.

import { RegistryError } from './errors.ts';
import { isLoopbackHost, plainHttpAllowed, safeUrl, type Transport } from './transport.ts';
import type { Credential } from './credentials.ts';
import type { Clock } from '../common/clock.ts';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses a WWW-Authenticate header: one or more challenges, each a scheme and auth-params (quoted or token values). */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const s = header;
  const skip = (): void => {
    while (i < s.length && /[\s,]/.test(s[i])) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skip();
    const scheme = token();
    if (scheme === '') break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      while (i < s.length && /\s/.test(s[i])) i++;
      const save = i;
      if (s[i] === ',') i++;
      while (i < s.length && /\s/.test(s[i])) i++;
      const key = token();
      while (i < s.length && /\s/.test(s[i])) i++;
      if (key === '' || s[i] !== '=') {
        // Not a parameter: the next challenge's scheme (or the end).
        i = key === '' && s[save] === ',' ? save + 1 : save;
        break;
      }
      i++;
      while (i < s.length && /\s/.test(s[i])) i++;
      let value = '';
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          value += s[i++];
        }
        i++;
      } else {
        // Unquoted: a token in the RFC, but registries write URLs bare too; read to the next comma or space.
        const start = i;
        while (i < s.length && !/[\s,]/.test(s[i])) i++;
        value = s.slice(start, i);
      }
      challenge.params[key.toLowerCase()] = value;
    }
  }
  return out;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** The token endpoint's reply is untrusted as well: it must be small JSON with a string token. */
const MAX_TOKEN_REPLY = 1024 * 1024;

export class Authorizer {
  private readonly tokens = new Map<string, CachedToken>();
  /** Per registry host: the challenge last seen, so later requests send a token at once. */
  private readonly challenges = new Map<string, Challenge>();

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
    /** Resolved lazily and once per host: reading a helper costs a process. */
    private readonly credentials: (host: string) => Promise<Credential | undefined>,
  ) {}

  /** The Authorization header for a request to host/repository, when a challenge is already known. */
  async header(host: string, repository: string): Promise<string | undefined> {
    const challenge = this.challenges.get(host);
    return challenge ? this.answer(host, repository, challenge) : undefined;
  }

  /** After a 401: remembers the challenge and returns the header to retry with, or undefined when nothing better can be sent. */
  async onUnauthorized(host: string, repository: string, wwwAuthenticate: string | undefined, sent: string | undefined): Promise<string | undefined> {
    const challenges = parseChallenges(wwwAuthenticate ?? '');
    const challenge = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!challenge) return undefined;
    this.challenges.set(host, challenge);
    // A token the registry refused (expired early, revoked) is not asked for again from the cache.
    if (sent) for (const [key, cached] of this.tokens) if (sent === `Bearer ${cached.token}`) this.tokens.delete(key);
    const header = await this.answer(host, repository, challenge);
    return header === sent ? undefined : header;
  }

  private async answer(host: string, repository: string, challenge: Challenge): Promise<string | undefined> {
    const credential = await this.credentials(host);
    if (challenge.scheme === 'basic') {
      if (!credential?.username && !credential?.password) return undefined;
      return `Basic ${Buffer.from(`${credential.username ?? ''}:${credential.password ?? ''}`).toString('base64')}`;
    }
    const token = await this.token(host, repository, challenge, credential);
    return `Bearer ${token}`;
  }

  private async token(host: string, repository: string, challenge: Challenge, credential: Credential | undefined): Promise<string> {
    const realmText = challenge.params.realm;
    if (!realmText) throw new RegistryError('auth', `${host} asks for a bearer token but names no realm to get it from`);
    let realm: URL;
    try {
      realm = new URL(realmText);
    } catch {
      throw new RegistryError('auth', `${host} names a token realm that is not a URL`);
    }
    // Plain HTTP only from a loopback registry to a loopback realm: a remote registry (named by any pod's image) must not make this machine ask its own local services and read their answer as a token.
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && plainHttpAllowed(realm.hostname, new URL(`http://${host}`).hostname))) {
      throw new RegistryError('auth', `${host} names a token realm over ${realm.protocol}//${realm.protocol === 'http:' && isLoopbackHost(realm.hostname) ? ' on this machine, which only a registry on this machine may' : ', neither HTTPS nor a loopback address; credentials would travel in the clear'}`);
    }
    const service = challenge.params.service;
    const scopes = new Set([`repository:${repository}:pull`]);
    // A challenge's own scope (another repository, a registry-wide one) is asked for too, as docker does.
    if (challenge.params.scope) for (const s of challenge.params.scope.split(' ')) if (s) scopes.add(s);
    const key = `${realm.href}\n${service ?? ''}\n${[...scopes].sort().join(' ')}\n${credential ? credential.source + (credential.username ?? '') : ''}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.clock.now()) return cached.token;

    const what = `a token for ${repository} from ${safeUrl(realm)}`;
    let reply;
    if (credential?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.identityToken, client_id: 'kube-anatomy', access_type: 'offline' });
      if (service) form.set('service', service);
      form.set('scope', [...scopes].join(' '));
      reply = await this.transport.request(realm, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), maxBytes: MAX_TOKEN_REPLY, what });
    } else {
      const url = new URL(realm.href);
      if (service) url.searchParams.set('service', service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      const headers: Record<string, string> = {};
      if (credential && (credential.username || credential.password)) {
        headers.Authorization = `Basic ${Buffer.from(`${credential.username ?? ''}:${credential.password ?? ''}`).toString('base64')}`;
      }
      reply = await this.transport.request(url, { method: 'GET', headers, maxBytes: MAX_TOKEN_REPLY, what });
    }
    if (reply.status === 401 || reply.status === 403) {
      throw new RegistryError('auth', `the token service of ${host} refused ${credential ? `the credentials from ${credential.source}` : 'anonymous access'} to ${repository} (${reply.status})${privateHint(credential)}`);
    }
    if (reply.status !== 200) throw new RegistryError('auth', `the token service of ${host} answered ${reply.status} for ${repository}`);
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(reply.body.toString('utf8')) as typeof parsed;
    } catch {
      throw new RegistryError('invalid', `the token service of ${host} answered with something that is not JSON`);
    }
    const token = typeof parsed?.token === 'string' && parsed.token ? parsed.token : typeof parsed?.access_token === 'string' ? parsed.access_token : '';
    if (!token || !/^[\x21-\x7e]+$/.test(token)) throw new RegistryError('invalid', `the token service of ${host} answered without a usable token`);
    // The spec's default lifetime is 60 s; renew a little early.
    const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
    this.tokens.set(key, { token, expiresAt: this.clock.now() + Math.max(0, seconds - 10) * 1000 });
    return token;
  }
}

/** Said wherever a private image cannot be opened: where credentials come from, and where they do not. */
export function privateHint(credential: Credential | undefined): string {
  return credential
    ? ''
    : "; no credentials for it in docker's config.json (kube-anatomy reads ~/.docker/config.json and its credential helpers, never the cluster's imagePullSecrets)";
}
