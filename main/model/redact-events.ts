// The events table of a redacted export (`export --events --redact`): every
// name a row holds becomes the pseudonym the redacted picture uses, and a
// message is shown only when its form is known.
//
// Why not replace the known names inside any message: an event's message is
// free text that can name what the model never held (a Secret or ConfigMap,
// a Service, a registry's token URL with the names percent-encoded, a
// runtime's error output), which no list of the model's names would catch.
// So a message is read against the forms the kubelet, the scheduler and the
// volume controllers write; each name in it (image, container, pod,
// namespace, node, volume, claim) goes through the redactor by its kind,
// numbers and durations stay, a detail of unknown text becomes "…", and a
// message of any other form is hidden (the row says so). What comes out is
// only fixed words, numbers and pseudonyms.
//
// Pure: no Node, no DOM.

import { drawnObjects, drawnUid, type EventRow, type EventsTable } from './events-table.ts';
import type { Redactor } from './redact.ts';
import type { AnatomyModel } from './types.ts';

/** Stands for text a redacted message leaves out. */
export const CUT = '…';

/** What redacts the names of one row's message. */
interface Names {
  image(raw: string): string;
  container(name: string): string;
  pod(name: string): string;
  namespace(name: string): string;
  node(name: string): string;
  volume(name: string): string;
  claim(name: string): string;
}

type Form = [RegExp, (m: RegExpExecArray, n: Names) => string];

// A Go duration as the kubelet prints one: 1.234s, 512ms, 2m3.5s.
const DUR = String.raw`(?:\d+(?:\.\d+)?(?:h|m|s|ms|µs|us|ns))+`;
const re = (source: string) => new RegExp(`^${source}$`);

/** The messages whose form is known, each with its names redacted. */
const FORMS: Form[] = [
  [/^Starting kubelet\.$|^Starting\.?$|^Updated Node Allocatable limit across pods$/, (m) => m[0]],
  [/^waiting for first consumer to be created before binding$|^no persistent volumes available for this claim and no storage class is set$/, (m) => m[0]],
  [/^Pod sandbox changed, it will be killed and re-created\.$/, (m) => m[0]],
  [/^Error: [A-Za-z]{1,64}$/, (m) => m[0]],
  [/^Node (\S+) status is now: ([A-Za-z]{1,64})$/, (m, n) => `Node ${n.node(m[1]!)} status is now: ${m[2]}`],
  [/^Node (\S+) event: (Registered|Removing) Node (\S+) (in|from) Controller$/, (m, n) => `Node ${n.node(m[1]!)} event: ${m[2]} Node ${n.node(m[3]!)} ${m[4]} Controller`],
  [/^Successfully assigned ([^/\s]+)\/(\S+) to (\S+)$/, (m, n) => `Successfully assigned ${n.namespace(m[1]!)}/${n.pod(m[2]!)} to ${n.node(m[3]!)}`],
  [/^(Pulling|Back-off pulling) image "([^"]+)"$/, (m, n) => `${m[1]} image "${n.image(m[2]!)}"`],
  [
    re(String.raw`Successfully pulled image "([^"]+)"( in ${DUR}(?: \(${DUR} including waiting\))?(?:\. Image size: \d+ bytes\.)?)?`),
    (m, n) => `Successfully pulled image "${n.image(m[1]!)}"${m[2] ?? ''}`,
  ],
  [/^Container image "([^"]+)" already present on machine( and can be accessed by the pod)?$/, (m, n) => `Container image "${n.image(m[1]!)}" already present on machine${m[2] ?? ''}`],
  [/^(Created|Started|Stopping) container(:?) (\S+)$/, (m, n) => `${m[1]} container${m[2]} ${n.container(m[3]!)}`],
  [/^Back-off restarting failed container (\S+) in pod (\S+)_([^_\s(]+)\([0-9a-fA-F-]+\)$/, (m, n) => `Back-off restarting failed container ${n.container(m[1]!)} in pod ${n.pod(m[2]!)}_${n.namespace(m[3]!)}(${CUT})`],
  [/^Container (\S+) failed (liveness|readiness|startup) probe, will be restarted$/, (m, n) => `Container ${n.container(m[1]!)} failed ${m[2]} probe, will be restarted`],
  // The detail after these is the runtime's or the probe's own output: any text.
  [/^Failed to pull image "([^"]+)": [^]*$/, (m, n) => `Failed to pull image "${n.image(m[1]!)}": ${CUT}`],
  [/^(Liveness|Readiness|Startup) probe (failed|errored): [^]*$/, (m) => `${m[1]} probe ${m[2]}: ${CUT}`],
  [/^(MountVolume\.SetUp|MountVolume\.MountDevice|Unable to attach or mount volumes|FailedMount)[^"]*?for volume "([^"]+)" : [^]*$/, (m, n) => `${m[1]} failed for volume "${n.volume(m[2]!)}" : ${CUT}`],
  [/^(0\/\d+ nodes are available: )([^]*)$/, (m, n) => m[1] + schedulingClauses(m[2]!, n)],
];

// The scheduler's reasons, which it joins with ", " and ends with "."; a
// preemption summary may follow in the same form.
const CLAUSE_SEPARATOR = /(, |\. preemption: 0\/\d+ nodes are available: |\.$)/;
const SAFE_CLAUSES = [
  /^\d+ Insufficient (cpu|memory|ephemeral-storage|pods|hugepages-[0-9A-Za-z]{1,8})$/,
  /^\d+ node\(s\) (didn't match Pod's node affinity\/selector|didn't match pod affinity rules|didn't match pod anti-affinity rules|didn't satisfy existing pods anti-affinity rules|didn't match pod topology spread constraints|had volume node affinity conflict|were unschedulable|didn't have free ports for the requested pod ports|didn't find available persistent volumes to bind|had untolerated taint\(s\)|exceed max volume count)$/,
  /^\d+ (Preemption is not helpful for scheduling|No preemption victims found for incoming pod)$/,
  /^pod has unbound immediate PersistentVolumeClaims$/,
];
const TAINT = /^(\d+ node\(s\) had untolerated taint )\{([^{}:]+): ?([^{}]*)\}$/;
const CLAIM_NOT_FOUND = /^persistentvolumeclaim "([^"]+)" not found$/;

/** Keys in Kubernetes' own domains are its vocabulary (node-role.kubernetes.io/control-plane). */
const kubernetesKey = (k: string) => /^([a-z0-9-]+\.)*(kubernetes\.io|k8s\.io)\/[A-Za-z0-9._-]+$/.test(k);

function schedulingClauses(text: string, n: Names): string {
  return text
    .split(CLAUSE_SEPARATOR)
    .map((piece, i) => {
      // Odd pieces are the separators the split kept: fixed words.
      if (i % 2 === 1 || piece === '') return piece;
      if (SAFE_CLAUSES.some((c) => c.test(piece))) return piece;
      const taint = TAINT.exec(piece);
      if (taint) return `${taint[1]}{${kubernetesKey(taint[2]!) && taint[3] === '' ? `${taint[2]}: ` : CUT}}`;
      const claim = CLAIM_NOT_FOUND.exec(piece);
      if (claim) return `persistentvolumeclaim "${n.claim(claim[1]!)}" not found`;
      return CUT;
    })
    .join('');
}

/** A message with its names redacted, or undefined when its form is not known. */
export function redactMessage(message: string, names: Names): string | undefined {
  for (const [form, redact] of FORMS) {
    const m = form.exec(message);
    if (m) return redact(m, names);
  }
  return undefined;
}

/** The components that report events: Kubernetes' own names, kept. Any other is left out. */
const COMPONENTS = new Set([
  'kubelet',
  'default-scheduler',
  'kube-scheduler',
  'kube-proxy',
  'node-controller',
  'cloud-node-controller',
  'persistentvolume-controller',
  'attachdetach-controller',
  'taint-eviction-controller',
  'taint-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
  'endpoint-controller',
  'kwok',
]);

function redactReporter(reporter: string, r: Redactor, nodeNames: ReadonlySet<string>): string {
  // "component, instance" (events.ts's join): a component named by Kubernetes, an instance only as a drawn node.
  const [component = '', ...rest] = reporter.split(', ');
  const instance = rest.join(', ');
  const parts: string[] = [];
  if (COMPONENTS.has(component)) parts.push(component);
  else if (nodeNames.has(component)) parts.push(r.name('node', component));
  if (instance && nodeNames.has(instance)) parts.push(r.name('node', instance));
  return parts.join(', ');
}

/** A reason is the reporter's word for what happened (FailedScheduling, BackOff), as redact.ts keeps a condition's. */
const REASON = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const TYPES = new Set(['Normal', 'Warning']);

/**
 * The table with every name as `r` gave it to the redacted model, `redacted`
 * (whose elements the rows then point at), and each message redacted or
 * hidden. `original` is the model the table was made from, before redaction.
 */
export function redactEventsTable(table: EventsTable, r: Redactor, original: AnatomyModel, redacted: AnatomyModel): EventsTable {
  // The API server's words may name the user or the cluster.
  if (table.state === 'forbidden' || table.state === 'unavailable') return { state: table.state };
  if (table.state !== 'ok') return table;
  const nodeNames = new Set((original.nodes ?? []).map((n) => n.name));
  const drawn = drawnObjects(redacted);
  const names: Names = {
    image: (raw) => r.imageRef(raw),
    container: (name) => r.name('container', name),
    pod: (name) => r.name('pod', name),
    namespace: (name) => r.name('namespace', name),
    node: (name) => r.name('node', name),
    volume: (name) => r.name('volume', name),
    claim: (name) => r.name('claim', name),
  };
  let hidden = 0;
  const rows = table.rows.map((row): EventRow => {
    const o = row.object;
    const object: EventRow['object'] = { kind: o.kind, name: r.name(o.kind === 'node' ? 'node' : o.kind === 'pod' ? 'pod' : o.kind === 'pvc' ? 'claim' : 'pv', o.name) };
    if (o.namespace !== undefined) object.namespace = names.namespace(o.namespace);
    if (o.container !== undefined) object.container = r.name('container', o.container);
    // Anyone allowed to create events chooses their reason and message: only Kubernetes' own reporters' words are kept.
    const own = COMPONENTS.has(row.reporter.split(', ')[0] ?? '');
    const message = own ? redactMessage(row.message, names) : undefined;
    const out: EventRow = {
      type: TYPES.has(row.type) ? row.type : CUT,
      reason: own && REASON.test(row.reason) ? row.reason : CUT,
      object,
      message: message ?? '',
      count: row.count,
      reporter: redactReporter(row.reporter, r, nodeNames),
    };
    if (message === undefined && row.message !== '') {
      out.messageHidden = true;
      hidden++;
    }
    const uid = drawnUid(drawn, object);
    if (uid !== undefined) out.uid = uid;
    // Times stay, as the redacted model's do.
    if (row.first !== undefined) out.first = row.first;
    if (row.last !== undefined) out.last = row.last;
    return out;
  });
  return { state: 'ok', rows, total: table.total, warnings: table.warnings, ...(hidden > 0 ? { hidden } : {}) };
}
