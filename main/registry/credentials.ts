// Registry credentials the way the docker CLI finds them, from the user's
// ~/.docker/config.json (or $DOCKER_CONFIG/config.json):
//   credHelpers[host] → docker-credential-<helper> get
//   credsStore        → docker-credential-<store> get, for every host
//   auths[host]       → auth (base64 user:password), username/password, identitytoken
// A helper gets the server address on stdin and answers {Username, Secret};
// Username "<token>" means Secret is an identity (refresh) token. Helpers run
// with a timeout. The cluster's imagePullSecrets are not read: that would
// mean reading Secrets.
//
// Nothing here ever puts a secret into a message: errors name the helper and
// the host, never what the helper printed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistryError } from './errors.ts';

export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's identitytoken), exchanged at the token endpoint. */
  identityToken?: string;
  /** Where it came from, for messages: "~/.docker/config.json auths", "helper docker-credential-pass". */
  source: string;
}

export interface CredentialOptions {
  /** The folder holding config.json; $DOCKER_CONFIG, else ~/.docker. */
  dockerConfigDir?: string;
  helperTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Docker Hub's key in config.json and the address its helpers are asked for. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

/** "https://host:port/v1/" or "host" → "host:port", lower-cased; Docker Hub's names all become docker.io. */
export function normalizeServer(key: string): string {
  let host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  host = host.split('/')[0].toLowerCase();
  return HUB_NAMES.has(host) ? 'docker.io' : host;
}

function readConfig(dir: string): DockerConfig | undefined {
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as DockerConfig) : undefined;
  } catch {
    throw new RegistryError('auth', `${file} is not valid JSON, so its registry credentials cannot be read`);
  }
}

/** Credentials for a registry host ("docker.io", "ghcr.io", "127.0.0.1:5000"), or undefined for anonymous access. */
export async function credentialsFor(registry: string, options: CredentialOptions = {}): Promise<Credential | undefined> {
  const env = options.env ?? process.env;
  const dir = options.dockerConfigDir ?? dockerConfigDir(env);
  const config = readConfig(dir);
  if (!config) return undefined;
  const host = normalizeServer(registry);
  const server = host === 'docker.io' ? DOCKER_HUB_SERVER : host;

  const helperOf = (map: Record<string, string> | undefined): string | undefined => {
    if (!map || typeof map !== 'object') return undefined;
    for (const [key, value] of Object.entries(map)) if (normalizeServer(key) === host && typeof value === 'string') return value;
    return undefined;
  };
  const helper = helperOf(config.credHelpers) ?? (typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : undefined);
  if (helper !== undefined) {
    const fromHelper = await runHelper(helper, server, options.helperTimeoutMs ?? 10_000, env);
    if (fromHelper) return fromHelper;
    // docker falls back to the file's auths when the store has nothing for the host.
  }

  if (!config.auths || typeof config.auths !== 'object') return undefined;
  for (const [key, entry] of Object.entries(config.auths)) {
    if (normalizeServer(key) !== host || !entry || typeof entry !== 'object') continue;
    const source = `${path.join(dir, 'config.json')} auths`;
    if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') return { identityToken: entry.identitytoken, source };
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw new RegistryError('auth', `the auths entry for ${host} in ${path.join(dir, 'config.json')} is not base64 of user:password`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password, source };
  }
  return undefined;
}

/** Runs docker-credential-<name> get; undefined when it has nothing for the server. */
async function runHelper(name: string, server: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<Credential | undefined> {
  if (!HELPER_NAME.test(name)) throw new RegistryError('auth', `the credential helper name "${name.slice(0, 64)}" in docker's config.json is not a plain name`);
  const program = `docker-credential-${name}`;
  // Loaded only when a helper runs: most answers need none, and every command start pays for what it loads.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const child = execFile(program, ['get'], { maxBuffer: 64 * 1024, env, windowsHide: true }, (error, stdout) => {
      clearTimeout(timer);
      if (timedOut) return;
      if (error) {
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (e.code === 'ENOENT') reject(new RegistryError('auth', `docker's config.json names the credential helper ${program}, which is not on PATH`));
        // "credentials not found" is how every helper says it has none: anonymous, then.
        else if (/credentials not found/i.test(String(stdout))) resolve(undefined);
        else reject(new RegistryError('auth', `the credential helper ${program} failed (exit code ${String(e.code)}) for ${server}`));
        return;
      }
      let answer: { Username?: unknown; Secret?: unknown };
      try {
        answer = JSON.parse(stdout) as typeof answer;
      } catch {
        reject(new RegistryError('auth', `the credential helper ${program} printed something that is not JSON`));
        return;
      }
      if (typeof answer?.Secret !== 'string' || answer.Secret === '') {
        resolve(undefined);
        return;
      }
      const source = `credential helper ${program}`;
      if (answer.Username === '<token>') resolve({ identityToken: answer.Secret, source });
      else resolve({ username: typeof answer.Username === 'string' ? answer.Username : '', password: answer.Secret, source });
    });
    // Our own timeout, with SIGKILL: execFile's sends SIGTERM, which a helper may ignore, and then waits for
    // the helper's output to close, which a process it started may hold open; either way the answer would hang.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      reject(new RegistryError('auth', `the credential helper ${program} did not answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    timer.unref();
    child.stdin?.on('error', () => {});
    child.stdin?.end(server);
  });
}
