// Regenerates assets/demo-cluster.json from demo.ts:
//   node --import tsx main/snapshot/write-demo.ts
// A test fails when the asset and the code disagree.

import { fileURLToPath } from 'node:url';
import { buildDemoCluster } from './demo.ts';
import { demoAssetText } from './demo-asset.ts';
import { writeFileAtomicSync } from '../files/atomic-write.ts';

const target = fileURLToPath(new URL('../../assets/demo-cluster.json', import.meta.url));
writeFileAtomicSync(target, demoAssetText(buildDemoCluster()));
console.log(`wrote ${target}`);
