// The demo's own applications. Each one is there to show something the
// picture has to get right: containers sharing a volume, a native sidecar, a
// crash loop, a pod the scheduler cannot place, a claim shared by two pods,
// images written every way people write them.

import type { KubeObject } from '../../model/kube.ts';
import type { PodNetwork } from './kind.ts';
import { buildPod } from './pod.ts';
import type { Ids } from './ids.ts';

export interface DemoNetworks {
  /** kind-worker: CRI-O, IPv4. */
  worker: PodNetwork;
  /** kind-worker2: containerd, dual-stack. */
  worker2: PodNetwork;
}

function owner(ids: Ids, apiVersion: string, kind: string, namespace: string, name: string) {
  return { apiVersion, kind, name, uid: ids.uid(`${kind.toLowerCase()}/${namespace}/${name}`) };
}

const API_IMAGE = 'registry.example.internal:5000/team/api:2.3.1';

/** `web`: nginx writes access logs to an emptyDir that a fluent-bit sidecar reads; both replicas serve one RWX claim. */
function webPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  const replicaSet = 'web-7d9c6b8f5c';
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix(`web/${network.placement.name}`, 5)}`,
      namespace: 'demo',
      createdAt,
      labels: { app: 'web', 'pod-template-hash': '7d9c6b8f5c' },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'demo', replicaSet),
      node: network.placement,
      podIPs: network.allocate(),
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27.3',
          ports: [{ containerPort: 80, name: 'http' }],
          resources: { limits: { memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
          mounts: [
            { name: 'logs', mountPath: '/var/log/nginx' },
            { name: 'uploads', mountPath: '/usr/share/nginx/html/uploads', readOnly: true },
            { name: 'nginx-conf', mountPath: '/etc/nginx/conf.d', readOnly: true },
          ],
        },
        {
          name: 'log-shipper',
          image: `cr.fluentbit.io/fluent/fluent-bit:3.2.4@sha256:${ids.hex('pin/fluent-bit')}`,
          args: ['--config=/fluent-bit/etc/fluent-bit.yaml'],
          resources: { limits: { memory: '64Mi' }, requests: { cpu: '20m', memory: '32Mi' } },
          mounts: [
            { name: 'logs', mountPath: '/var/log/nginx', readOnly: true },
            { name: 'fluent-bit-config', mountPath: '/fluent-bit/etc', readOnly: true },
          ],
        },
      ],
      volumes: [
        { emptyDir: {}, name: 'logs' },
        { name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } },
        { configMap: { defaultMode: 420, name: 'web-nginx' }, name: 'nginx-conf' },
        { configMap: { defaultMode: 420, name: 'fluent-bit' }, name: 'fluent-bit-config' },
      ],
    },
    ids,
  );
}

/** `db-0`: a StatefulSet pod on its own local-path volume; Guaranteed QoS. */
function dbPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  return buildPod(
    {
      name: 'db-0',
      namespace: 'demo',
      createdAt,
      labels: {
        app: 'db',
        'apps.kubernetes.io/pod-index': '0',
        'controller-revision-hash': 'db-6f5d8c7b9',
        'statefulset.kubernetes.io/pod-name': 'db-0',
      },
      owner: owner(ids, 'apps/v1', 'StatefulSet', 'demo', 'db'),
      node: network.placement,
      podIPs: network.allocate(),
      containers: [
        {
          name: 'postgres',
          image: 'postgres:17.2-bookworm',
          env: [
            { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
            { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'db-credentials' } } },
          ],
          ports: [{ containerPort: 5432, name: 'postgres' }],
          resources: { limits: { cpu: '500m', memory: '1Gi' } },
          mounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
        },
      ],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
      spec: { hostname: 'db-0', subdomain: 'db' },
    },
    ids,
  );
}

/** `api`: a migration init container, an Envoy native sidecar, and the app from a private registry. */
function apiPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  const replicaSet = 'api-6b8f9c7d54';
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix('api', 5)}`,
      namespace: 'demo',
      createdAt,
      labels: { app: 'api', 'pod-template-hash': '6b8f9c7d54' },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'demo', replicaSet),
      node: network.placement,
      podIPs: network.allocate(),
      initContainers: [
        {
          name: 'migrate',
          image: API_IMAGE,
          command: ['/app/api', 'migrate', '--wait-for-db=60s'],
          env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { key: 'url', name: 'db-credentials' } } }],
        },
        {
          name: 'envoy',
          image: 'envoyproxy/envoy:v1.33.0',
          restartPolicy: 'Always',
          args: ['-c', '/etc/envoy/envoy.yaml'],
          ports: [{ containerPort: 8443, name: 'https' }],
          resources: { requests: { cpu: '50m', memory: '64Mi' } },
          mounts: [{ name: 'envoy-config', mountPath: '/etc/envoy', readOnly: true }],
        },
      ],
      containers: [
        {
          name: 'api',
          image: API_IMAGE,
          env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { key: 'url', name: 'db-credentials' } } }],
          ports: [{ containerPort: 8080, name: 'http' }],
          resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
        },
      ],
      volumes: [{ configMap: { defaultMode: 420, name: 'api-envoy' }, name: 'envoy-config' }],
      spec: { imagePullSecrets: [{ name: 'registry-example-internal' }] },
    },
    ids,
  );
}

/** `queue-worker`: runs `:latest` and keeps crashing. */
function queueWorkerPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  const replicaSet = 'queue-worker-5c8d7f9b4';
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix('queue-worker', 5)}`,
      namespace: 'demo',
      createdAt,
      labels: { app: 'queue-worker', 'pod-template-hash': '5c8d7f9b4' },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'demo', replicaSet),
      node: network.placement,
      podIPs: network.allocate(),
      containers: [
        {
          name: 'worker',
          image: 'example/queue-worker:latest',
          env: [{ name: 'QUEUE_URL', value: 'amqp://rabbitmq.demo.svc:5672' }],
          run: { state: 'crashloop', restarts: 7, exitCode: 1 },
        },
      ],
    },
    ids,
  );
}

/** A finished CronJob run; its image has no tag at all. */
function reportJobPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  const job = 'nightly-report-29400480';
  const jobOwner = owner(ids, 'batch/v1', 'Job', 'demo', job);
  return buildPod(
    {
      name: `${job}-${ids.suffix(job, 5)}`,
      namespace: 'demo',
      createdAt,
      labels: {
        'batch.kubernetes.io/controller-uid': jobOwner.uid,
        'batch.kubernetes.io/job-name': job,
        'controller-uid': jobOwner.uid,
        'job-name': job,
      },
      owner: jobOwner,
      node: network.placement,
      podIPs: network.allocate(),
      restartPolicy: 'OnFailure',
      containers: [
        {
          name: 'report',
          image: 'busybox',
          command: ['sh', '-c', 'echo "report for $(date -u +%F)"; sleep 5'],
          run: { state: 'completed' },
        },
      ],
    },
    ids,
  );
}

/** `dashboard`: every kind of configuration volume (configMap, secret, projected, downwardAPI); BestEffort. */
function dashboardPod(network: PodNetwork, createdAt: string, ids: Ids): KubeObject {
  const replicaSet = 'dashboard-79c6d5f8b';
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix('dashboard', 5)}`,
      namespace: 'default',
      createdAt,
      labels: { app: 'dashboard', 'pod-template-hash': '79c6d5f8b' },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'default', replicaSet),
      node: network.placement,
      podIPs: network.allocate(),
      containers: [
        {
          name: 'grafana',
          image: 'grafana/grafana:11.4.0',
          ports: [{ containerPort: 3000, name: 'http' }],
          mounts: [
            { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
            { name: 'admin', mountPath: '/etc/grafana/admin', readOnly: true },
            { name: 'provisioning', mountPath: '/etc/grafana/provisioning/dashboards', readOnly: true },
            { name: 'podinfo', mountPath: '/etc/podinfo', readOnly: true },
          ],
        },
      ],
      volumes: [
        { configMap: { defaultMode: 420, name: 'grafana-datasources' }, name: 'datasources' },
        { name: 'admin', secret: { defaultMode: 256, secretName: 'grafana-admin' } },
        {
          name: 'provisioning',
          projected: {
            defaultMode: 420,
            sources: [
              { configMap: { name: 'grafana-dashboards' } },
              { secret: { items: [{ key: 'tls.crt', path: 'tls/tls.crt' }], name: 'grafana-tls' } },
            ],
          },
        },
        {
          downwardAPI: {
            defaultMode: 420,
            items: [
              { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' }, path: 'labels' },
              { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' }, path: 'annotations' },
            ],
          },
          name: 'podinfo',
        },
      ],
    },
    ids,
  );
}

/** `analytics`: asks for more memory than any worker has, and may not run on the control plane. */
function analyticsPod(createdAt: string, ids: Ids): KubeObject {
  const replicaSet = 'analytics-5d8c7b6f9';
  return buildPod(
    {
      name: `${replicaSet}-${ids.suffix('analytics', 5)}`,
      namespace: 'demo',
      createdAt,
      labels: { app: 'analytics', 'pod-template-hash': '5d8c7b6f9' },
      owner: owner(ids, 'apps/v1', 'ReplicaSet', 'demo', replicaSet),
      containers: [
        {
          name: 'spark',
          image: `ghcr.io/example/analytics@sha256:${ids.hex('pin/analytics')}`,
          resources: { limits: { memory: '20Gi' }, requests: { cpu: '2', memory: '20Gi' } },
        },
      ],
      unschedulable:
        '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    },
    ids,
  );
}

export function demoWorkloads(networks: DemoNetworks, ids: Ids): KubeObject[] {
  const { worker, worker2 } = networks;
  return [
    dbPod(worker2, '2026-11-25T10:02:44Z', ids),
    webPod(worker, '2026-11-25T10:04:09Z', ids),
    webPod(worker2, '2026-11-25T10:04:09Z', ids),
    apiPod(worker, '2026-11-27T16:21:35Z', ids),
    dashboardPod(worker2, '2026-11-26T08:47:12Z', ids),
    queueWorkerPod(worker, '2026-11-29T22:31:50Z', ids),
    reportJobPod(worker2, '2026-11-30T00:00:00Z', ids),
    analyticsPod('2026-11-30T02:15:27Z', ids),
  ];
}
