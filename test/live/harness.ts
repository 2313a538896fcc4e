// Shared set-up for the tests against the real test control plane
// (test/cluster/up.sh): where it is (the KUBE_ANATOMY_TEST_* variables CI
// exports from up.sh's lines), whether to fail or skip without it, kubectl,
// polling waits, and a lock so that only one live test file touches the
// cluster at a time (node --test runs files in parallel processes).

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it, type TestContext } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CTL_SH = path.join(ROOT, 'test', 'cluster', 'ctl.sh');

export const SKIP_REASON = 'no test cluster: run npm run cluster:up and export its lines as KUBE_ANATOMY_TEST_*';

export interface LiveEnv {
  kubeconfig: string;
  kubectl: string;
  clusterState: string;
  kubeconfigPodsOnly: string;
  kubeconfigNoAccess: string;
  kubeconfigToken: string;
  kubeconfigExec: string;
  kubeconfigExecFail: string;
}

const VARIABLES: Record<keyof LiveEnv, string> = {
  kubeconfig: 'KUBE_ANATOMY_TEST_KUBECONFIG',
  kubectl: 'KUBE_ANATOMY_TEST_KUBECTL',
  clusterState: 'KUBE_ANATOMY_TEST_CLUSTER_STATE',
  kubeconfigPodsOnly: 'KUBE_ANATOMY_TEST_KUBECONFIG_PODS_ONLY',
  kubeconfigNoAccess: 'KUBE_ANATOMY_TEST_KUBECONFIG_NO_ACCESS',
  kubeconfigToken: 'KUBE_ANATOMY_TEST_KUBECONFIG_TOKEN',
  kubeconfigExec: 'KUBE_ANATOMY_TEST_KUBECONFIG_EXEC',
  kubeconfigExecFail: 'KUBE_ANATOMY_TEST_KUBECONFIG_EXEC_FAIL',
};

/** The cluster's coordinates, or the names of the variables that are missing. */
export function readLiveEnv(env: NodeJS.ProcessEnv = process.env): { env: LiveEnv } | { missing: string[] } {
  const missing: string[] = [];
  const out: Partial<LiveEnv> = {};
  for (const [key, name] of Object.entries(VARIABLES) as [keyof LiveEnv, string][]) {
    const value = env[name];
    if (value === undefined || value.trim() === '') missing.push(name);
    else out[key] = value;
  }
  return missing.length > 0 ? { missing } : { env: out as LiveEnv };
}

export function clusterRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KUBE_ANATOMY_REQUIRE_CLUSTER === '1';
}

const found = readLiveEnv();
/** Set when the cluster variables are all there. */
export const live: LiveEnv | undefined = 'env' in found ? found.env : undefined;

function missingMessage(): string {
  const missing = 'missing' in found ? found.missing.join(', ') : '';
  return `KUBE_ANATOMY_REQUIRE_CLUSTER=1 but the test cluster is not described (missing ${missing}): run npm run cluster:up and export its lines as KUBE_ANATOMY_TEST_*`;
}

/**
 * A test that needs the cluster. Without it the test is skipped with the reason
 * (counted as skipped, never as passed), or fails when the cluster is required.
 */
export function liveTest(name: string, fn: (env: LiveEnv, t: TestContext) => Promise<void> | void): void {
  if (live) {
    const env = live;
    it(name, (t) => fn(env, t));
  } else if (clusterRequired()) {
    it(name, () => {
      throw new Error(missingMessage());
    });
  } else {
    it(name, { skip: SKIP_REASON }, () => {});
  }
}

// ---------------------------------------------------------------- commands

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a program; rejects with its stderr when it exits non-zero. */
export function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The cluster's kubectl with the admin kubeconfig; resolves to stdout. */
export async function kubectl(env: LiveEnv, args: string[], input?: string): Promise<string> {
  const result = await run(env.kubectl, ['--kubeconfig', env.kubeconfig, ...args], input !== undefined ? { input } : {});
  return result.stdout;
}

/** `kubectl apply -f -` of the given objects (JSON is YAML). */
export async function apply(env: LiveEnv, ...objects: unknown[]): Promise<string> {
  const list = { apiVersion: 'v1', kind: 'List', items: objects };
  return kubectl(env, ['apply', '-f', '-'], JSON.stringify(list));
}

/** test/cluster/ctl.sh for fault injection (restart-apiserver, stop-apiserver, start-apiserver, compact). */
export async function ctl(env: LiveEnv, command: string): Promise<string> {
  const result = await run('bash', [CTL_SH, command], {
    env: { ...process.env, KUBE_ANATOMY_CLUSTER_STATE: env.clusterState },
    timeoutMs: 180_000,
  });
  return result.stdout;
}

/** A name no other run uses, e.g. `live-3f9c2a1b`. */
export function uniqueName(prefix = 'live'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

// ---------------------------------------------------------------- waiting

export interface WaitOptions {
  /** What is awaited, for the failure message. */
  what: string;
  /** Generous: the cluster shares two cores with everything else. Default 120 s. */
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls until `check` returns true. A string (or false) means "not yet", the
 * string saying what is still off; it ends up in the failure message. A throw
 * counts as "not yet" too (kubectl fails while the API server restarts).
 * Never used to assert on timing: the timeout only bounds a hang.
 */
export async function waitFor(check: () => Promise<boolean | string> | boolean | string, options: WaitOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let last = 'never checked';
  for (;;) {
    try {
      const outcome = await check();
      if (outcome === true) return;
      last = outcome === false ? 'condition not met' : outcome;
    } catch (error) {
      last = `check threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${options.what}; last: ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---------------------------------------------------------------- one file at a time

const LOCK_DIR = path.join(os.tmpdir(), 'kube-anatomy-live-cluster.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the cluster for this process until the returned release is called.
 * Live test files mutate the one cluster (and restart its API server), so they
 * run one after another even when node --test runs files in parallel. A lock
 * left by a dead process is taken over.
 */
export async function lockCluster(what: string, timeoutMs = 30 * 60_000): Promise<() => void> {
  const owner = path.join(LOCK_DIR, 'owner');
  await waitFor(
    () => {
      try {
        mkdirSync(LOCK_DIR);
        writeFileSync(owner, `${process.pid} ${what}\n`);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let text = '';
      try {
        text = readFileSync(owner, 'utf8');
      } catch {
        // Being written or removed right now; look again.
      }
      const pid = Number(text.split(' ')[0]);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(LOCK_DIR, { recursive: true, force: true });
      return `held by ${text.trim() || 'another process'}`;
    },
    { what: `the live-cluster lock (${LOCK_DIR})`, timeoutMs, intervalMs: 500 },
  );
  return () => {
    try {
      if (readFileSync(owner, 'utf8').startsWith(`${process.pid} `)) rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch {
      // Already gone.
    }
  };
}
