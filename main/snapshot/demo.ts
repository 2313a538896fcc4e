// The built-in demo cluster: a three-node kind cluster with the system pods
// kind runs and a handful of workloads that exercise every part of the
// picture. Built in code so every uid, digest and timestamp is fixed;
// write-demo.ts stores it as assets/demo-cluster.json, which the app loads.

import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import { later as after, makeIds } from './demo/ids.ts';
import { CONTAINERD_VERSION, CRIO_VERSION, imageSize, KUBERNETES_VERSION, PodNetwork, PRELOADED } from './demo/kind.ts';
import { namespaceObject } from './demo/namespace.ts';
import { buildNode, nodeImages } from './demo/node.ts';
import type { NodeInput } from './demo/node.ts';
import type { Placement } from './demo/pod.ts';
import { localPathClaim, nfsClaim } from './demo/storage.ts';
import { corednsPod, kindnetPod, kubeProxyPod, localPathProvisionerPod, staticPods } from './demo/system.ts';
import { demoWorkloads } from './demo/workloads.ts';

export const DEMO_CLUSTER_NAME = 'kind';

const CREATED = '2026-11-24T09:12:31Z';
const HEARTBEAT = '2026-11-30T03:58:12Z';

interface DemoNode {
  input: Omit<NodeInput, 'images'>;
  placement: Placement;
  network: PodNetwork;
}

function demoNode(
  name: string,
  controlPlane: boolean,
  internalIPs: string[],
  podCIDRs: string[],
  runtime: NodeInput['runtime'],
  createdAt: string,
): DemoNode {
  const placement: Placement = { name, hostIPs: internalIPs, runtime: runtime.kind };
  return {
    input: {
      name,
      clusterName: DEMO_CLUSTER_NAME,
      controlPlane,
      internalIPs,
      podCIDRs,
      runtime,
      kubeletVersion: KUBERNETES_VERSION,
      createdAt,
      heartbeat: HEARTBEAT,
      cpu: '8',
      memory: '16283236Ki',
      maxPods: 110,
    },
    placement,
    network: new PodNetwork(placement, podCIDRs),
  };
}

export function buildDemoCluster(): ClusterObjects {
  const ids = makeIds('kube-anatomy-demo');
  const later = (seconds: number): string => after(CREATED, seconds);
  const containerd = { kind: 'containerd' as const, version: CONTAINERD_VERSION };
  const controlPlane = demoNode('kind-control-plane', true, ['172.18.0.3'], ['10.244.0.0/24'], containerd, CREATED);
  const worker = demoNode('kind-worker', false, ['172.18.0.2'], ['10.244.1.0/24'], { kind: 'cri-o', version: CRIO_VERSION }, later(20));
  const worker2 = demoNode(
    'kind-worker2',
    false,
    ['172.18.0.4', 'fc00:f853:ccd:e793::4'],
    ['10.244.2.0/24', 'fd00:10:244:2::/64'],
    containerd,
    later(21),
  );
  const nodes = [controlPlane, worker, worker2];

  const pods: KubeObject[] = [
    ...staticPods(controlPlane.placement, ids.uid(`node/${controlPlane.input.name}`), later(9), ids),
    corednsPod(controlPlane.network, 'coredns-66bc5c9577', later(31), ids),
    corednsPod(controlPlane.network, 'coredns-66bc5c9577', later(32), ids),
    localPathProvisionerPod(controlPlane.network, later(33), ids),
    ...nodes.flatMap((n) => [kubeProxyPod(n.placement, later(25), ids), kindnetPod(n.placement, later(25), ids)]),
    ...demoWorkloads({ worker: worker.network, worker2: worker2.network }, ids),
  ];

  const db = localPathClaim(
    { namespace: 'demo', name: 'data-db-0', size: '1Gi', createdAt: '2026-11-25T10:02:44Z', node: 'kind-worker2', labels: { app: 'db' } },
    ids,
  );
  const uploads = nfsClaim(
    {
      namespace: 'demo',
      name: 'uploads',
      size: '20Gi',
      createdAt: '2026-11-25T10:03:58Z',
      volumeName: 'uploads-nfs',
      server: 'nfs.example.internal',
      path: '/exports/uploads',
    },
    ids,
  );

  const namespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => namespaceObject(n, CREATED, ids));
  namespaces.push(namespaceObject('local-path-storage', later(30), ids));
  namespaces.push(namespaceObject('demo', '2026-11-25T10:01:02Z', ids));

  return {
    nodes: nodes.map((n) =>
      buildNode(
        {
          ...n.input,
          images: nodeImages(
            pods.filter((p) => (p.spec as { nodeName?: string }).nodeName === n.input.name),
            PRELOADED,
            imageSize,
          ),
        },
        ids,
      ),
    ),
    pods,
    persistentVolumeClaims: [db.claim, uploads.claim],
    persistentVolumes: [db.volume, uploads.volume],
    namespaces,
    gaps: [],
  };
}
