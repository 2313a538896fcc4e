// The PATH of the user's login shell. An app started from a desktop launcher
// inherits the session's minimal PATH, without what ~/.profile, ~/.zprofile or
// ~/.bashrc add (Homebrew, ~/google-cloud-sdk/bin, asdf…), so exec credential
// plugins such as `aws` or `gke-gcloud-auth-plugin` would not be found. Asking
// an interactive login shell for its PATH gives what a terminal would see.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface LoginShellOptions {
  /** The shell to ask; $SHELL by default. */
  shell?: string;
  /** Give up (and kill the shell) after this long; default 5 s. */
  timeoutMs?: number;
  /** Environment for the shell; process.env by default. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

const MAX_OUTPUT = 256 * 1024;

/**
 * PATH as the user's login shell sets it. Resolves undefined where this does not
 * apply (Windows, no shell known); rejects with a reason when the shell fails,
 * times out or prints no PATH.
 */
export function loginShellPath(options: LoginShellOptions = {}): Promise<string | undefined> {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const shell = options.shell ?? env['SHELL'];
  if (platform === 'win32' || !shell) return Promise.resolve(undefined);
  const timeoutMs = options.timeoutMs ?? 5000;

  // Unique markers: rc files may print banners, and PATH itself is free text.
  const tag = randomBytes(8).toString('hex');
  const start = `__KA_PATH_START_${tag}__`;
  const end = `__KA_PATH_END_${tag}__`;
  const isFish = path.basename(shell) === 'fish';
  // fish keeps PATH as a list; POSIX-like shells have it as one string.
  const script = isFish
    ? `printf '%s' '${start}' (string join : $PATH) '${end}'`
    : `printf '%s%s%s' '${start}' "$PATH" '${end}'`;

  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-ilc', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so a timeout also ends whatever the rc files started.
      detached: true,
      env: { ...env, DISABLE_AUTO_UPDATE: 'true', ZSH_TMUX_AUTOSTARTED: 'true', ZSH_TMUX_AUTOSTART: 'false' },
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish(() => reject(new Error(`login shell ${shell} did not print PATH within ${timeoutMs / 1000} s`)));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
      const found = extract(stdout, start, end);
      if (found !== undefined) {
        // Some rc files keep background jobs alive; the answer is all we need.
        finish(() => resolve(found));
        killGroup();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.on('error', (err) => finish(() => reject(new Error(`cannot run login shell ${shell}: ${err.message}`))));
    child.on('close', (code) => {
      const found = extract(stdout, start, end);
      if (found !== undefined) finish(() => resolve(found));
      else {
        const detail = stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : '';
        finish(() => reject(new Error(`login shell ${shell} exited (${code ?? 'killed'}) without printing PATH${detail}`)));
      }
    });
  });
}

function extract(output: string, start: string, end: string): string | undefined {
  const from = output.indexOf(start);
  if (from < 0) return undefined;
  const to = output.indexOf(end, from + start.length);
  if (to < 0) return undefined;
  return output.slice(from + start.length, to).trim();
}

/**
 * The login shell's entries first (its order is what the user chose), then any
 * entry of the current PATH it lacks; duplicates and empty entries dropped.
 */
export function mergePath(current: string | undefined, fromShell: string | undefined, delimiter = path.delimiter): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of [fromShell, current]) {
    for (const entry of (list ?? '').split(delimiter)) {
      const dir = entry.trim();
      if (dir === '' || seen.has(dir)) continue;
      seen.add(dir);
      out.push(dir);
    }
  }
  return out.join(delimiter);
}
