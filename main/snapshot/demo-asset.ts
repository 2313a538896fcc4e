// The demo cluster as the app ships it: assets/demo-cluster.json, a snapshot
// file like any other (see write-demo.ts for how it is made). Imported rather
// than read from disk so bundlers carry it along and no path can go stale.

import type { ClusterObjects } from '../model/kube.ts';
import demoList from '../../assets/demo-cluster.json' with { type: 'json' };
import { parseSnapshot } from './read.ts';
import { writeSnapshot } from './write.ts';

export const DEMO_FILE_NAME = 'demo-cluster.json';

/** The exact text of the asset for a set of objects. */
export function demoAssetText(objects: ClusterObjects): string {
  return writeSnapshot(objects, 'json', { source: 'demo' });
}

/** A fresh copy of the demo cluster's objects each call, so callers may mutate it. */
export function loadDemo(): ClusterObjects {
  return parseSnapshot(JSON.stringify(demoList), DEMO_FILE_NAME).objects;
}
