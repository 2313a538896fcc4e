// Exec credential plugins (client.authentication.k8s.io v1 and v1beta1), as an
// authenticator plugged into client-node's KubeConfig. client-node 2.0.1 has its
// own ExecAuth, but it leaves the plugin's stdin open (a plugin that prompts
// hangs forever), has no timeout, does not pass KUBERNETES_EXEC_INFO, runs one
// plugin per concurrent request on a cold cache (five resources → five `aws eks
// get-token` at once), and fails with nothing but the plugin's stderr as the
// message. This one fixes those and names the command in every error.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import type { User } from '@kubernetes/client-node';
import { message, type Message } from '../i18n/index.ts';
import { CredentialError } from './errors.ts';
import type { KubeconfigExec } from './kubeconfig-file.ts';

/** authProvider name our users carry so that only this authenticator claims them. */
export const EXEC_PROVIDER = 'kube-anatomy-exec';

const SUPPORTED_VERSIONS = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);
const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR_SHOWN = 2000;

export interface ExecClusterInfo {
  server: string;
  tlsServerName?: string;
  insecureSkipTlsVerify: boolean;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  proxyUrl?: string;
}

export interface ExecAuthOptions {
  /** Longest a plugin may run; default 60 s (cloud CLIs can be slow on a cold start). */
  timeoutMs?: number;
  /** Environment base for plugins; read at spawn time so a PATH fixed up later is seen. Default process.env. */
  env?: () => NodeJS.ProcessEnv;
}

interface Credential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Epoch ms; undefined = valid until the server rejects it. */
  expiresAt?: number;
}

interface Registered {
  exec: KubeconfigExec;
  cluster: ExecClusterInfo;
}

type RequestOptions = https.RequestOptions & { headers?: Record<string, unknown> };

export class ExecAuthenticator {
  private readonly timeoutMs: number;
  private readonly env: () => NodeJS.ProcessEnv;
  private readonly users = new Map<string, Registered>();
  private readonly cache = new Map<string, Credential>();
  private readonly pending = new Map<string, Promise<Credential>>();
  /** Kill switches of the plugins running now, with what each is, oldest first. */
  private readonly running = new Map<() => void, Message>();

  constructor(options: ExecAuthOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.env = options.env ?? (() => process.env);
  }

  register(userName: string, exec: KubeconfigExec, cluster: ExecClusterInfo): void {
    this.users.set(userName, { exec, cluster });
  }

  isAuthProvider(user: User): boolean {
    const provider = (user as { authProvider?: { name?: unknown } }).authProvider;
    return provider?.name === EXEC_PROVIDER && this.users.has(user.name);
  }

  async applyAuthentication(user: User, opts: RequestOptions): Promise<void> {
    const credential = await this.credential(user.name);
    if (credential.token) {
      opts.headers ??= {};
      opts.headers['Authorization'] = `Bearer ${credential.token}`;
    }
    if (credential.clientCertificateData && credential.clientKeyData) {
      opts.cert = credential.clientCertificateData;
      opts.key = credential.clientKeyData;
    }
  }

  /** Forget cached credentials, e.g. after the server answered 401. */
  invalidate(): void {
    this.cache.clear();
  }

  /** Kills plugins still running (their requests fail); later requests run plugins again. */
  dispose(): void {
    for (const stop of [...this.running.keys()]) stop();
  }

  /**
   * The plugin that has been running longest, e.g. `exec credential plugin "aws"
   * (user u)`, or undefined. A caller whose own deadline passes first (export's
   * --timeout is shorter than the plugin's) names it instead of the API server.
   */
  waitingFor(): Message | undefined {
    return this.running.values().next().value;
  }

  private async credential(userName: string): Promise<Credential> {
    const cached = this.cache.get(userName);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > Date.now())) return cached;
    const inFlight = this.pending.get(userName);
    if (inFlight) return inFlight;
    const registered = this.users.get(userName);
    if (!registered) throw CredentialError.said(message('errors.exec.notConfigured', { user: userName }));
    const promise = this.run(userName, registered).finally(() => this.pending.delete(userName));
    this.pending.set(userName, promise);
    const credential = await promise;
    this.cache.set(userName, credential);
    return credential;
  }

  private run(userName: string, { exec, cluster }: Registered): Promise<Credential> {
    const command = exec.command;
    // The plugin's name as a message: it is said inside every error below, and names what a stalled connection waits for.
    const plugin = message('errors.exec.plugin', { command: command ?? '', user: userName });
    if (!command) return Promise.reject(CredentialError.said(message('errors.exec.noCommand', { user: userName })));
    if (!exec.apiVersion) return Promise.reject(CredentialError.said(message('errors.exec.noApiVersion', { plugin, field: 'exec.apiVersion', version: 'client.authentication.k8s.io/v1' })));
    if (!SUPPORTED_VERSIONS.has(exec.apiVersion)) {
      return Promise.reject(CredentialError.said(message('errors.exec.unsupportedVersion', { plugin, field: 'exec.apiVersion', version: exec.apiVersion, supported: 'v1, v1beta1' })));
    }
    if (exec.interactiveMode === 'Always') return Promise.reject(CredentialError.said(message('errors.exec.interactive', { plugin, setting: 'interactiveMode: Always' })));

    const env: NodeJS.ProcessEnv = { ...this.env() };
    for (const { name, value } of exec.env) env[name] = value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify(execInfo(exec, cluster));

    return new Promise<Credential>((resolve, reject) => {
      let child: ChildProcess;
      try {
        // Own process group, so that a timeout or stop also ends what the plugin started
        // (a wrapper script's children would otherwise keep the pipes open).
        child = spawn(command, exec.args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: process.platform !== 'win32' });
      } catch (err) {
        reject(CredentialError.said(message('errors.exec.notStarted', { plugin, error: (err as Error).message })));
        return;
      }
      let stdout = '';
      let stderr = '';
      let spawnError: (Error & { code?: string }) | undefined;
      let settled = false;
      const stderrPart = (): string => {
        const shown = stderr.trim().slice(-MAX_STDERR_SHOWN);
        return shown ? `: ${shown}` : '';
      };
      const settle = (outcome: Credential | Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.running.delete(stop);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const kill = (why: Error): void => {
        try {
          if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
        child.stdout?.destroy();
        child.stderr?.destroy();
        settle(why);
      };
      const stop = (): void => kill(CredentialError.said(message('errors.exec.stopped', { plugin })));
      this.running.set(stop, plugin);
      const timer = setTimeout(
        () => kill(CredentialError.said(message('errors.exec.timeout', { plugin, seconds: this.timeoutMs / 1000, stderr: stderrPart() }))),
        this.timeoutMs,
      );
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout.length < MAX_STDOUT) stdout += chunk;
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-MAX_STDERR_SHOWN * 2);
      });
      child.on('error', (err) => {
        spawnError = err;
      });
      child.on('close', (code, signal) => {
        if (spawnError) {
          const notFound = spawnError.code === 'ENOENT';
          const hint = exec.installHint ? ` ${exec.installHint.trim()}` : '';
          settle(CredentialError.said(notFound ? message('errors.exec.notFound', { plugin, path: 'PATH', hint }) : message('errors.exec.notStartedHint', { plugin, error: spawnError.message, hint })));
        } else if (code !== 0) {
          settle(
            CredentialError.said(
              code === null
                ? message('errors.exec.killed', { plugin, signal: signal ?? 'a signal', stderr: stderrPart() })
                : message('errors.exec.exitCode', { plugin, code, stderr: stderrPart() }),
            ),
          );
        } else {
          try {
            settle(parseCredential(stdout, exec.apiVersion ?? '', plugin));
          } catch (err) {
            settle(err as Error);
          }
        }
      });
    });
  }
}

function execInfo(exec: KubeconfigExec, cluster: ExecClusterInfo): unknown {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo) {
    let caData = cluster.certificateAuthorityData;
    if (!caData && cluster.certificateAuthority) {
      try {
        caData = readFileSync(cluster.certificateAuthority).toString('base64');
      } catch {
        // The plugin gets no CA then; the TLS connection itself will report the unreadable file.
      }
    }
    const info: Record<string, unknown> = { server: cluster.server };
    if (cluster.tlsServerName) info['tls-server-name'] = cluster.tlsServerName;
    if (cluster.insecureSkipTlsVerify) info['insecure-skip-tls-verify'] = true;
    if (caData) info['certificate-authority-data'] = caData;
    if (cluster.proxyUrl) info['proxy-url'] = cluster.proxyUrl;
    spec['cluster'] = info;
  }
  return { apiVersion: exec.apiVersion, kind: 'ExecCredential', spec };
}


function parseCredential(stdout: string, apiVersion: string, plugin: Message): Credential {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    // Not a word of stdout in the message: a cut-off or malformed answer still holds the token.
    const size = stdout.trim().length;
    throw CredentialError.said(size === 0 ? message('errors.exec.printedNothing', { plugin }) : message('errors.exec.notJson', { plugin, n: size }));
  }
  const obj = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (obj['kind'] !== 'ExecCredential') throw CredentialError.said(message('errors.exec.notCredential', { plugin, kind: 'ExecCredential' }));
  if (obj['apiVersion'] !== apiVersion) {
    const got = obj['apiVersion'];
    const shown = typeof got === 'string' ? got.slice(0, 100) : `(${got === null ? 'null' : typeof got === 'object' ? 'an object' : typeof got})`;
    throw CredentialError.said(message('errors.exec.versionMismatch', { plugin, field: 'apiVersion', got: shown, version: apiVersion }));
  }
  const status = obj['status'] !== null && typeof obj['status'] === 'object' ? (obj['status'] as Record<string, unknown>) : {};
  const str = (key: string): string | undefined => (typeof status[key] === 'string' && status[key] !== '' ? (status[key] as string) : undefined);
  const credential: Credential = {
    token: str('token'),
    clientCertificateData: str('clientCertificateData'),
    clientKeyData: str('clientKeyData'),
  };
  if (!credential.token && !(credential.clientCertificateData && credential.clientKeyData)) {
    throw CredentialError.said(message('errors.exec.noToken', { plugin, kind: 'ExecCredential' }));
  }
  const expiry = str('expirationTimestamp');
  if (expiry !== undefined) {
    const at = Date.parse(expiry);
    if (Number.isFinite(at)) credential.expiresAt = at;
  }
  return credential;
}
