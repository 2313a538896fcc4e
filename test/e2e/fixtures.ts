// Snapshot files for the end-to-end tests, written to a temporary folder: the
// recorded kind cluster from the model fixtures (as one kubectl List) and the
// small hand-made cluster.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../main/model/kube.ts';
import { listText, smallCluster } from '../fixtures/session/objects.ts';
import { ROOT } from './helpers.ts';

export function kindItems(): KubeObject[] {
  const dir = path.join(ROOT, 'test', 'fixtures', 'model', 'kind');
  return ['namespaces', 'nodes', 'pods', 'pvcs', 'pvs'].flatMap(
    (name) => (JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { items: KubeObject[] }).items,
  );
}

export interface TempDir {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { listText, smallCluster };
