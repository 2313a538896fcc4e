// The pods every kind cluster runs: the control plane's static pods, kube-proxy
// and kindnet on every node, CoreDNS and the local-path provisioner.

import type { KubeObject } from '../../model/kube.ts';
import { IMAGES } from './kind.ts';
import type { PodNetwork } from './kind.ts';
import { buildPod } from './pod.ts';
import type { Ids } from './ids.ts';
import type { Placement } from './pod.ts';

const CONTROL_PLANE_TOLERATION = { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' };

function hostPath(name: string, path: string, type: string): Record<string, unknown> {
  return { hostPath: { path, type }, name };
}

function owner(ids: Ids, apiVersion: string, kind: string, namespace: string, name: string) {
  return { apiVersion, kind, name, uid: ids.uid(`${kind.toLowerCase()}/${namespace}/${name}`) };
}

/** etcd, kube-apiserver, kube-controller-manager and kube-scheduler: kubelet-run static pods, mirrored to the API. */
export function staticPods(node: Placement, nodeUid: string, createdAt: string, ids: Ids): KubeObject[] {
  const ip = node.hostIPs[0] ?? '';
  const make = (
    component: string,
    image: string,
    command: string[],
    requests: Record<string, string>,
    volumes: { name: string; path: string; type: string; mountPath?: string; readOnly?: boolean }[],
    extraAnnotations: Record<string, string>,
  ): KubeObject => {
    const hash = ids.hex(`config/${component}/${node.name}`).slice(0, 32);
    return buildPod(
      {
        name: `${component}-${node.name}`,
        namespace: 'kube-system',
        createdAt,
        labels: { component, tier: 'control-plane' },
        annotations: {
          ...extraAnnotations,
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': createdAt.replace('Z', '.417285633Z'),
          'kubernetes.io/config.source': 'file',
        },
        owner: { apiVersion: 'v1', kind: 'Node', name: node.name, uid: nodeUid },
        node,
        hostNetwork: true,
        serviceAccountName: null,
        priorityClassName: 'system-node-critical',
        priority: 2000001000,
        tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
        containers: [
          {
            name: component,
            image,
            command,
            resources: { requests },
            mounts: volumes.map((v) => ({ name: v.name, mountPath: v.mountPath ?? v.path, ...(v.readOnly ? { readOnly: true } : {}) })),
          },
        ],
        volumes: volumes.map((v) => hostPath(v.name, v.path, v.type)),
        spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      },
      ids,
    );
  };
  const certs = [
    { name: 'ca-certs', path: '/etc/ssl/certs', type: 'DirectoryOrCreate', readOnly: true },
    { name: 'etc-ca-certificates', path: '/etc/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
    { name: 'k8s-certs', path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate', readOnly: true },
    { name: 'usr-local-share-ca-certificates', path: '/usr/local/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
    { name: 'usr-share-ca-certificates', path: '/usr/share/ca-certificates', type: 'DirectoryOrCreate', readOnly: true },
  ];
  return [
    make(
      'etcd',
      IMAGES.etcd,
      [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--data-dir=/var/lib/etcd',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${node.name}=https://${ip}:2380`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        `--name=${node.name}`,
      ],
      { cpu: '100m', memory: '100Mi' },
      [
        { name: 'etcd-certs', path: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate' },
        { name: 'etcd-data', path: '/var/lib/etcd', type: 'DirectoryOrCreate' },
      ],
      { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
    ),
    make(
      'kube-apiserver',
      IMAGES.apiserver,
      [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--etcd-servers=https://127.0.0.1:2379',
        '--runtime-config=',
        '--secure-port=6443',
        '--service-cluster-ip-range=10.96.0.0/16',
      ],
      { cpu: '250m' },
      certs,
      { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
    ),
    make(
      'kube-controller-manager',
      IMAGES.controllerManager,
      [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kind',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--use-service-account-credentials=true',
      ],
      { cpu: '200m' },
      [
        ...certs,
        { name: 'flexvolume-dir', path: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec', type: 'DirectoryOrCreate' },
        { name: 'kubeconfig', path: '/etc/kubernetes/controller-manager.conf', type: 'FileOrCreate', readOnly: true },
      ],
      {},
    ),
    make(
      'kube-scheduler',
      IMAGES.scheduler,
      ['kube-scheduler', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
      { cpu: '100m' },
      [{ name: 'kubeconfig', path: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate', readOnly: true }],
      {},
    ),
  ];
}

const XTABLES = hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate');
const LIB_MODULES = hostPath('lib-modules', '/lib/modules', '');

export function kubeProxyPod(node: Placement, createdAt: string, ids: Ids): KubeObject {
  return buildPod(
    {
      name: `kube-proxy-${ids.suffix(`kube-proxy/${node.name}`, 5)}`,
      namespace: 'kube-system',
      createdAt,
      labels: { 'controller-revision-hash': '6b8c8bb8c7', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' },
      owner: owner(ids, 'apps/v1', 'DaemonSet', 'kube-system', 'kube-proxy'),
      node,
      hostNetwork: true,
      serviceAccountName: 'kube-proxy',
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'kube-proxy',
          image: IMAGES.proxy,
          command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
          env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
          securityContext: { privileged: true },
          mounts: [
            { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
            { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
            { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
          ],
        },
      ],
      volumes: [{ configMap: { defaultMode: 420, name: 'kube-proxy' }, name: 'kube-proxy' }, XTABLES, LIB_MODULES],
      spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } },
    },
    ids,
  );
}

export function kindnetPod(node: Placement, createdAt: string, ids: Ids): KubeObject {
  const fieldRef = (fieldPath: string) => ({ valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
  return buildPod(
    {
      name: `kindnet-${ids.suffix(`kindnet/${node.name}`, 5)}`,
      namespace: 'kube-system',
      createdAt,
      labels: { app: 'kindnet', 'controller-revision-hash': '6cd6f7f7c8', 'k8s-app': 'kindnet', 'pod-template-generation': '1', tier: 'node' },
      owner: owner(ids, 'apps/v1', 'DaemonSet', 'kube-system', 'kindnet'),
      node,
      hostNetwork: true,
      serviceAccountName: 'kindnet',
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'kindnet-cni',
          image: IMAGES.kindnetd,
          env: [
            { name: 'HOST_IP', ...fieldRef('status.hostIP') },
            { name: 'POD_IP', ...fieldRef('status.podIP') },
            { name: 'POD_SUBNET', value: '10.244.0.0/16' },
            { name: 'CONTROL_PLANE_ENDPOINT', value: 'kind-control-plane:6443' },
          ],
          resources: { limits: { cpu: '100m', memory: '50Mi' } },
          securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] }, privileged: false },
          mounts: [
            { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
            { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
            { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
            { name: 'nri-plugin', mountPath: '/var/run/nri' },
          ],
        },
      ],
      volumes: [
        hostPath('cni-cfg', '/etc/cni/net.d', ''),
        XTABLES,
        LIB_MODULES,
        hostPath('nri-plugin', '/var/run/nri', ''),
      ],
    },
    ids,
  );
}

export function corednsPod(network: PodNetwork, replicaSet: string, createdAt: string, ids: Ids): KubeObject {
  const node = network.placement;
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix(`coredns/${node.name}/${createdAt}`, 5)}`,
      namespace: 'kube-system',
      createdAt,
      labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': replicaSet.slice(replicaSet.lastIndexOf('-') + 1) },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'kube-system', replicaSet),
      node,
      podIPs: network.allocate(),
      serviceAccountName: 'coredns',
      priorityClassName: 'system-cluster-critical',
      priority: 2000000000,
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CONTROL_PLANE_TOLERATION],
      containers: [
        {
          name: 'coredns',
          image: IMAGES.coredns,
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { containerPort: 53, name: 'dns', protocol: 'UDP' },
            { containerPort: 53, name: 'dns-tcp' },
            { containerPort: 9153, name: 'metrics' },
          ],
          resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          mounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
        },
      ],
      volumes: [
        { configMap: { defaultMode: 420, items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' }, name: 'config-volume' },
      ],
      spec: { dnsPolicy: 'Default', nodeSelector: { 'kubernetes.io/os': 'linux' } },
    },
    ids,
  );
}

export function localPathProvisionerPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  const replicaSet = 'local-path-provisioner-7dc846544d';
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix('local-path-provisioner', 5)}`,
      namespace: 'local-path-storage',
      createdAt,
      labels: { app: 'local-path-provisioner', 'pod-template-hash': '7dc846544d' },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'local-path-storage', replicaSet),
      node: network.placement,
      podIPs: network.allocate(),
      serviceAccountName: 'local-path-provisioner-service-account',
      tolerations: [CONTROL_PLANE_TOLERATION, { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master', operator: 'Equal' }],
      containers: [
        {
          name: 'local-path-provisioner',
          image: IMAGES.localPath,
          command: ['local-path-provisioner', '--debug', 'start', '--helper-image', IMAGES.localPathHelper, '--config', '/etc/config/config.json'],
          env: [
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
            { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
          ],
          mounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
        },
      ],
      volumes: [{ configMap: { defaultMode: 420, name: 'local-path-config' }, name: 'config-volume' }],
      spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } },
    },
    ids,
  );
}
