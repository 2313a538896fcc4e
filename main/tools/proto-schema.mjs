#!/usr/bin/env node
// Writes main/cluster/proto/pod-schema.ts: how the API server's protobuf
// encoding of a pod list maps onto the JSON it would otherwise send. The
// table is read from the Go types of k8s.io/api and k8s.io/apimachinery,
// whose struct tags give each field's JSON name and omitempty (`json:"…"`)
// beside its protobuf field number (`protobuf:"…"`); the Go type gives its
// kind. Only the types a Pod reaches are written.
//
// The generated table is checked in. To take newer types (a newer server's
// fields are otherwise unknown to the decoder, which then lists as JSON):
//
//   go mod download -json k8s.io/api@v0.37.2 k8s.io/apimachinery@v0.37.2
//   node main/tools/proto-schema.mjs "$(go env GOMODCACHE)" v0.37.2

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [modcache, version] = process.argv.slice(2);
if (!modcache || !version) {
  console.error('usage: node main/tools/proto-schema.mjs <GOMODCACHE> <k8s.io/api version, e.g. v0.37.2>');
  process.exit(2);
}
const core = path.join(modcache, `k8s.io/api@${version}/core/v1`);
const meta = path.join(modcache, `k8s.io/apimachinery@${version}/pkg/apis/meta/v1`);

/** Types written by hand in the decoder: their JSON is not their protobuf's shape. */
const SPECIAL = {
  'metav1.Time': 'time',
  'metav1.MicroTime': 'microtime',
  'metav1.Duration': 'duration',
  'metav1.FieldsV1': 'skip',
  'resource.Quantity': 'quantity',
  'intstr.IntOrString': 'intstr',
  'types.UID': 'string',
  'runtime.RawExtension': 'raw',
};
const SCALAR = { string: 'string', bool: 'bool', int32: 'int', int64: 'int', int: 'int', uint32: 'int', uint64: 'int', float64: 'double' };

/** Go files of one package, without tests. */
function sources(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_') && f !== 'generated.pb.go')
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

/** Structs (their field lines) and named non-struct types of a package. */
function parsePackage(texts, prefix) {
  const structs = new Map();
  const aliases = new Map();
  for (const text of texts) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^type (\w+) struct \{\s*$/.exec(lines[i]);
      if (open) {
        const fields = [];
        for (i++; i < lines.length && lines[i] !== '}'; i++) {
          const line = lines[i].trim();
          if (line === '' || line.startsWith('//')) continue;
          fields.push(line);
        }
        structs.set(prefix + open[1], fields);
        continue;
      }
      const alias = /^type (\w+) (\S.*?)\s*(\/\/.*)?$/.exec(lines[i]);
      if (alias && !alias[2].startsWith('struct') && !alias[2].startsWith('interface') && !alias[2].startsWith('func')) aliases.set(prefix + alias[1], alias[2]);
    }
  }
  return { structs, aliases };
}

const corePkg = parsePackage(sources(core), '');
const metaPkg = parsePackage(sources(meta), 'metav1.');
const structs = new Map([...corePkg.structs, ...metaPkg.structs]);
const aliases = new Map([...corePkg.aliases, ...metaPkg.aliases]);

/** A Go type as the decoder's kind: { kind, card: 'one'|'list'|'map', ptr, msg?, value? }. */
function kindOf(goType, scope) {
  let t = goType;
  let ptr = false;
  if (t.startsWith('*')) {
    ptr = true;
    t = t.slice(1);
  }
  if (t === '[]byte') return { kind: 'bytes', card: 'one', ptr };
  if (t.startsWith('[]')) {
    const inner = kindOf(t.slice(2), scope);
    if (inner.card !== 'one') throw new Error(`a list of ${inner.card}s: ${goType}`);
    return { ...inner, card: 'list', ptr };
  }
  const map = /^map\[(\w+)\](.+)$/.exec(t);
  if (map) {
    const key = kindOf(map[1], scope);
    if (key.kind !== 'string') throw new Error(`a map keyed by ${map[1]}`);
    const value = kindOf(map[2], scope);
    // The reader writes a map's values one by one.
    if (value.card !== 'one') throw new Error(`a map of ${value.card}s: ${goType}`);
    return { kind: 'map', card: 'map', ptr, value };
  }
  const qualified = t.includes('.') ? t : scope + t;
  if (SPECIAL[qualified]) return { kind: SPECIAL[qualified], card: 'one', ptr };
  if (SCALAR[t]) return { kind: SCALAR[t], card: 'one', ptr };
  if (structs.has(qualified)) return { kind: 'msg', msg: qualified, card: 'one', ptr };
  if (aliases.has(qualified)) {
    const target = aliases.get(qualified);
    const inner = kindOf(target, qualified.startsWith('metav1.') ? 'metav1.' : '');
    return { ...inner, ptr: ptr || inner.ptr };
  }
  throw new Error(`unknown Go type ${goType} (in ${scope || 'core/v1'})`);
}

/** JSON fields with no protobuf number: a tag the parser did not read. */
const untagged = [];

/** The fields of one struct, in declaration (JSON) order. */
function fieldsOf(name) {
  const scope = name.startsWith('metav1.') ? 'metav1.' : '';
  const out = [];
  for (const line of structs.get(name)) {
    const m = /^(?:(\w+)\s+)?(\S+)\s+`([^`]*)`/.exec(line);
    if (!m) continue;
    const tags = m[3];
    // "bytes,6,opt,name=podIP,casttype=…", and some without opt or rep: "varint,1,name=uid".
    const proto = /protobuf:"(\w+),(\d+)[,"]/.exec(tags);
    const json = /json:"([^"]*)"/.exec(tags);
    const jsonParts = (json ? json[1] : '').split(',');
    if (jsonParts[0] === '-') continue;
    if (!proto) {
      // Only TypeMeta, which a list's items do not carry, is in JSON but not in protobuf.
      if (json && !/^(metav1\.)?TypeMeta$/.test(m[2])) untagged.push(`${name}.${m[1] ?? m[2]}`);
      continue;
    }
    const goType = m[2];
    const fieldName = m[1] ?? goType.replace(/^\*?(\w+\.)?/, '');
    // The store drops managedFields (main/cluster/reflector.ts), most of a pod's bytes: not decoded at all.
    const kind = name === 'metav1.ObjectMeta' && jsonParts[0] === 'managedFields' ? { kind: 'skip', card: 'one', ptr: false } : kindOf(goType, scope);
    const inline = jsonParts.includes('inline') || (m[1] === undefined && jsonParts[0] === '');
    out.push({
      number: Number(proto[2]),
      json: inline ? '' : jsonParts[0] || fieldName,
      omitempty: jsonParts.includes('omitempty'),
      omitzero: jsonParts.includes('omitzero'),
      ...kind,
    });
  }
  return out;
}

// The types a PodList reaches, each once.
const order = [];
const seen = new Set();
const visit = (name) => {
  if (seen.has(name)) return;
  seen.add(name);
  const fields = fieldsOf(name);
  order.push([name, fields]);
  for (const f of fields) {
    if (f.kind === 'msg') visit(f.msg);
    if (f.kind === 'map' && f.value.kind === 'msg') visit(f.value.msg);
  }
};
visit('PodList');
if (untagged.length > 0) {
  console.error(`fields in JSON without a protobuf number the parser could read: ${untagged.join(', ')}`);
  process.exit(1);
}

const KIND = { string: 0, bool: 1, int: 2, double: 3, bytes: 4, msg: 5, time: 6, microtime: 7, duration: 8, quantity: 9, intstr: 10, raw: 11, skip: 12, map: 13 };
const CARD = { one: 0, list: 1, map: 2 };
// Presence, as JSON writes a field: 0 always; 1 omitted when empty/zero (omitempty
// on a scalar, list or map); 2 only when set (a pointer with omitempty); 3 omitted when
// zero (omitzero); 4 null when unset (a pointer without omitempty).
// Go's encoding/json never omits a struct for omitempty: these kinds are structs in Go.
const STRUCTS = new Set(['msg', 'time', 'microtime', 'duration', 'quantity', 'intstr']);
function presence(f) {
  if (f.ptr) return f.omitempty || f.omitzero ? 2 : 4;
  if (f.omitzero) return 3;
  return f.omitempty && !(f.card === 'one' && STRUCTS.has(f.kind)) ? 1 : 0;
}
const index = new Map(order.map(([name], i) => [name, i]));
const valueSpec = (v) => (v.kind === 'msg' ? index.get(v.msg) : -1);

const rows = order.map(([name, fields]) => {
  const cells = fields.map((f) => {
    const kind = f.kind === 'map' ? f.value.kind : f.kind;
    const msg = f.kind === 'map' ? valueSpec(f.value) : f.kind === 'msg' ? index.get(f.msg) : -1;
    return `[${f.number}, ${JSON.stringify(f.json)}, ${KIND[kind]}, ${CARD[f.card]}, ${presence(f)}, ${msg}]`;
  });
  return `  // ${index.get(name)}: ${name}\n  [${cells.join(', ')}],`;
});

const out = `// Generated by main/tools/proto-schema.mjs from k8s.io/api and k8s.io/apimachinery ${version}; do not edit.
// Each message is a list of its fields in JSON order:
// [field number, JSON name ('' inline), kind (a map's: its values'), card, presence, message index (-1 none)].
// kind: ${Object.entries(KIND).map(([k, v]) => `${v} ${k}`).join(', ')}.
// card: 0 one, 1 list, 2 map. presence: 0 always, 1 omitted when empty, 2 only when set, 3 omitted when zero, 4 null when unset.

export type FieldSpec = readonly [number, string, number, number, number, number];

export const SCHEMA_VERSION = ${JSON.stringify(version)};

export const MESSAGES: readonly (readonly FieldSpec[])[] = [
${rows.join('\n')}
];

/** Each message's Go type, for errors. */
export const MESSAGE_NAMES: readonly string[] = ${JSON.stringify(order.map(([name]) => name))};

export const MESSAGE = {
${['PodList', 'Pod', 'metav1.ListMeta'].map((n) => `  ${JSON.stringify(n.replace('metav1.', ''))}: ${index.get(n)},`).join('\n')}
} as const;
`;
writeFileSync(path.join(root, 'main/cluster/proto/pod-schema.ts'), out);
console.log(`wrote main/cluster/proto/pod-schema.ts: ${order.length} messages, ${order.reduce((n, [, f]) => n + f.length, 0)} fields`);
