// A tiny stand-in for a Kubernetes API server, enough for the live source:
// lists and watches of the core resources it reads, over plain HTTP on
// 127.0.0.1. Tests change its objects and every open watch hears about it,
// so a context backed by it behaves like a small live cluster.

import { createServer, type ServerResponse } from 'node:http';
import type { KubeObject } from '../../main/model/kube.ts';

const KINDS: Record<string, string> = {
  nodes: 'Node',
  namespaces: 'Namespace',
  pods: 'Pod',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  persistentvolumes: 'PersistentVolume',
};

export interface FakeApiServer {
  url: string;
  /** Requests seen, as "GET /api/v1/pods?watch=true…". */
  requests: string[];
  put(object: KubeObject): void;
  remove(object: KubeObject): void;
  close(): Promise<void>;
}

interface Watch {
  resource: string;
  namespace?: string;
  res: ServerResponse;
}

const keyOf = (o: KubeObject) => {
  const m = o.metadata as { namespace?: string; name: string };
  return `${o.kind}/${m.namespace ?? ''}/${m.name}`;
};

export async function startFakeApiServer(initial: KubeObject[]): Promise<FakeApiServer> {
  const objects = new Map<string, KubeObject>();
  let revision = 100;
  const stamp = (o: KubeObject): KubeObject => {
    revision += 1;
    return { ...o, metadata: { ...(o.metadata as object), resourceVersion: String(revision) } };
  };
  for (const o of initial) objects.set(keyOf(o), stamp(o));
  const watches = new Set<Watch>();
  const requests: string[] = [];

  const matches = (o: KubeObject, resource: string, namespace?: string) =>
    o.kind === KINDS[resource] && (namespace === undefined || (o.metadata as { namespace?: string }).namespace === namespace);

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = url.pathname.match(/^\/api\/v1\/(?:namespaces\/([a-z0-9-]+)\/)?([a-z]+)$/);
    if (req.method !== 'GET' || !m || !KINDS[m[2]]) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${url.pathname} not found` }));
      return;
    }
    const [, namespace, resource] = m;
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      const watch: Watch = { resource, namespace, res };
      watches.add(watch);
      res.on('close', () => watches.delete(watch));
      return;
    }
    const items = [...objects.values()].filter((o) => matches(o, resource, namespace)).map((o) => ({ ...o, kind: undefined, apiVersion: undefined }));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: `${KINDS[resource]}List`, apiVersion: 'v1', metadata: { resourceVersion: String(revision) }, items }));
  });

  const notify = (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => {
    for (const watch of watches) {
      if (matches(object, watch.resource, watch.namespace)) watch.res.write(`${JSON.stringify({ type, object })}\n`);
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    put(object) {
      const key = keyOf(object);
      const existed = objects.has(key);
      const stamped = stamp(object);
      objects.set(key, stamped);
      notify(existed ? 'MODIFIED' : 'ADDED', stamped);
    },
    remove(object) {
      const key = keyOf(object);
      const old = objects.get(key);
      if (!old) return;
      objects.delete(key);
      notify('DELETED', stamp(old));
    },
    async close() {
      for (const watch of watches) watch.res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A kubeconfig naming one context per server (plain HTTP, a dummy token). */
export function kubeconfigText(contexts: { name: string; server: string }[], current: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  user:', '    token: not-a-real-token');
  lines.push('contexts:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`);
  return `${lines.join('\n')}\n`;
}
