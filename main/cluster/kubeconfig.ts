// Kubeconfig loading with kubectl's rules, from explicit inputs so it can be
// tested without touching the real environment:
//   - $KUBECONFIG lists files (path-delimiter separated); missing ones are skipped;
//   - otherwise ~/.kube/config;
//   - --kubeconfig FILE replaces the list, and then a missing file is an error;
//   - clusters, users and contexts merge by name, the FIRST file to define a name
//     wins, silently; current-context comes from the first file that sets it
//     (a name defined twice within ONE file is an error, see kubeconfig-file.ts);
//   - --context NAME overrides current-context.
// client-node's own merge throws on duplicate names, so files are merged here
// and only the chosen context is handed to client-node (cluster-access.ts).

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ContextInfo, ContextList } from '../contract/api.ts';
import { buildClusterAccess, type AccessOptions, type ClusterAccess } from './cluster-access.ts';
import { KubeconfigError, sanitizeServer } from './errors.ts';
import { message, MessageError, textOf, type Message } from '../i18n/index.ts';
import {
  readKubeconfigFile,
  type KubeconfigCluster,
  type KubeconfigContext,
  type KubeconfigFile,
  type KubeconfigUser,
} from './kubeconfig-file.ts';

export interface KubeconfigInputs {
  /** The value of $KUBECONFIG, if set. */
  kubeconfigEnv?: string;
  /** The user's home directory, for ~/.kube/config. */
  home?: string;
  /** --kubeconfig FILE. */
  kubeconfigFlag?: string;
  /** --context NAME. */
  contextFlag?: string;
  /** Separator between $KUBECONFIG entries; path.delimiter by default. */
  delimiter?: string;
  /** Base for relative file names; process.cwd() by default. */
  cwd?: string;
}

export interface LoadedKubeconfig {
  /** Contexts and problems, without any credential: safe to send to the renderer. */
  readonly list: ContextList;
  /**
   * Client access for a context (the current one when omitted). Throws
   * KubeconfigError when the context is unknown or incomplete.
   */
  access(context?: string, options?: AccessOptions): ClusterAccess;
}

interface Merged {
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
  currentContext?: string;
  currentContextFile?: string;
}

/**
 * Loads and merges kubeconfig files. Throws KubeconfigError only for an explicit
 * --kubeconfig file that is missing or broken and for an unknown --context;
 * a broken file in $KUBECONFIG or ~/.kube/config becomes a `problems` entry and
 * the other files are still used.
 */
export function loadKubeconfig(inputs: KubeconfigInputs): LoadedKubeconfig {
  const cwd = inputs.cwd ?? process.cwd();
  const said: Message[] = [];
  const files: string[] = [];
  const parsed: KubeconfigFile[] = [];

  if (inputs.kubeconfigFlag !== undefined && inputs.kubeconfigFlag !== '') {
    const file = path.resolve(cwd, inputs.kubeconfigFlag);
    if (!existsSync(file)) throw new KubeconfigError(message('errors.kubeconfig.flagMissing', { file, flag: '--kubeconfig' }), { file });
    parsed.push(readKubeconfigFile(file));
    files.push(file);
  } else {
    for (const file of candidateFiles(inputs, cwd)) {
      if (!existsSync(file)) continue;
      try {
        parsed.push(readKubeconfigFile(file));
        files.push(file);
      } catch (err) {
        said.push(err instanceof MessageError ? err.said : message('errors.generic', { text: err instanceof Error ? err.message : String(err) }));
      }
    }
    if (files.length === 0 && said.length === 0) {
      const looked = candidateFiles(inputs, cwd);
      said.push(looked.length > 0 ? message('errors.kubeconfig.noneFoundAt', { files: looked.join(', ') }) : message('errors.kubeconfig.noneFound'));
    }
  }

  const merged = merge(parsed);
  let current = merged.currentContext;
  if (inputs.contextFlag !== undefined && inputs.contextFlag !== '') {
    if (!merged.contexts.has(inputs.contextFlag)) throw unknownContext(inputs.contextFlag, merged, files);
    current = inputs.contextFlag;
  } else if (current !== undefined && !merged.contexts.has(current)) {
    said.push(message('errors.kubeconfig.currentUndefined', { name: current, file: merged.currentContextFile ?? '' }));
    current = undefined;
  }

  const contexts: ContextInfo[] = [...merged.contexts.values()].map((ctx) => {
    const info: ContextInfo = { name: ctx.name, cluster: ctx.cluster ?? '', user: ctx.user ?? '', file: ctx.file };
    if (ctx.namespace) info.namespace = ctx.namespace;
    const server = ctx.cluster ? merged.clusters.get(ctx.cluster)?.server : undefined;
    if (server) info.server = sanitizeServer(server);
    return info;
  });

  // English for the CLI and logs, and the same as messages for the page.
  const list: ContextList = { contexts, files, problems: said.map((m) => textOf('en', m)), problemsSaid: said };
  if (current !== undefined) list.current = current;

  return {
    list,
    access(name?: string, options?: AccessOptions): ClusterAccess {
      const chosen = name ?? current;
      if (chosen === undefined) {
        throw new KubeconfigError(
          merged.contexts.size === 0
            ? files.length
              ? message('errors.kubeconfig.noContextsIn', { files: files.join(', ') })
              : message('errors.kubeconfig.noContextsNoFile')
            : message('errors.kubeconfig.noCurrent', { contexts: [...merged.contexts.keys()].join(', ') }),
        );
      }
      const ctx = merged.contexts.get(chosen);
      if (!ctx) throw unknownContext(chosen, merged, files);
      const cluster = ctx.cluster ? merged.clusters.get(ctx.cluster) : undefined;
      const user = ctx.user ? merged.users.get(ctx.user) : undefined;
      return buildClusterAccess(ctx, cluster, user, options);
    },
  };
}

/** The $KUBECONFIG list (absolute, deduplicated) or ~/.kube/config. */
export function candidateFiles(inputs: KubeconfigInputs, cwd = inputs.cwd ?? process.cwd()): string[] {
  const delimiter = inputs.delimiter ?? path.delimiter;
  if (inputs.kubeconfigEnv !== undefined && inputs.kubeconfigEnv.trim() !== '') {
    const seen = new Set<string>();
    for (const entry of inputs.kubeconfigEnv.split(delimiter)) {
      if (entry.trim() === '') continue;
      seen.add(path.resolve(cwd, entry));
    }
    return [...seen];
  }
  if (inputs.home) return [path.join(inputs.home, '.kube', 'config')];
  return [];
}

function merge(files: KubeconfigFile[]): Merged {
  const merged: Merged = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of files) {
    if (merged.currentContext === undefined && file.currentContext) {
      merged.currentContext = file.currentContext;
      merged.currentContextFile = file.file;
    }
    for (const c of file.clusters) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, c);
    for (const u of file.users) if (!merged.users.has(u.name)) merged.users.set(u.name, u);
    for (const c of file.contexts) if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, c);
  }
  return merged;
}

function unknownContext(name: string, merged: Merged, files: string[]): KubeconfigError {
  const available = [...merged.contexts.keys()];
  const choice = available.length ? message('errors.kubeconfig.available', { contexts: available.join(', ') }) : message('errors.kubeconfig.noContexts');
  return new KubeconfigError(
    files.length
      ? message('errors.kubeconfig.unknownContextRead', { name, files: files.join(', '), choice })
      : message('errors.kubeconfig.unknownContext', { name, choice }),
  );
}
