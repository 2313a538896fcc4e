import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { SnapshotError } from '../../../main/snapshot/error.ts';
import { say, translator } from '../../../main/i18n/index.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/snapshots/${name}`, import.meta.url), 'utf8');

interface Expected {
  message: RegExp;
  line?: number;
  column?: number;
  item?: string;
}

/** Parses text that must be refused, and checks the error names the file and where. */
function refused(text: string, file: string, expected: Expected, options?: { maxBytes: number }): SnapshotError {
  let caught: unknown;
  try {
    parseSnapshot(text, file, options);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SnapshotError, `expected a SnapshotError, got ${String(caught)}`);
  assert.ok(caught.message.startsWith(file), `message names the file: ${caught.message}`);
  assert.match(caught.message, expected.message);
  assert.equal(caught.file, file);
  assert.equal(caught.line, expected.line, `line in: ${caught.message}`);
  assert.equal(caught.column, expected.column, `column in: ${caught.message}`);
  assert.equal(caught.item, expected.item, `item in: ${caught.message}`);
  if (expected.line !== undefined) assert.match(caught.message, new RegExp(`line ${expected.line}\\b`));
  if (expected.item !== undefined) assert.ok(caught.message.includes(expected.item));
  return caught;
}

test('JSON syntax error: the line and column of the missing comma', () => {
  // Line 7 is `"metadata": { "name": "a" "namespace": … }`; the second key starts at column 39.
  refused(fixture('broken-line7.json'), 'broken-line7.json', { message: /not valid JSON: Expected ',' or '}'/, line: 7, column: 39 });
});

test('JSON error V8 reports without a position is still located', () => {
  refused('{\n    "kind": "List",\n    "items": [ tru ]\n}\n', 'tru.json', { message: /not valid JSON/, line: 3, column: 16 });
});

test('truncated JSON points at its end', () => {
  refused('{\n    "kind": "List",\n    "items": [\n', 'cut.json', { message: /not valid JSON/, line: 4, column: 1 });
});

test('YAML syntax error: line and column', () => {
  // Line 6 is indented one column deeper than line 7, its sibling.
  refused(fixture('broken.yaml'), 'broken.yaml', { message: /not valid YAML: All mapping items must start at the same column/, line: 7, column: 1 });
});

test('YAML with a duplicate key is refused at the duplicate', () => {
  refused('kind: Pod\nmetadata:\n  name: a\n  name: b\n', 'dup.yaml', { message: /not valid YAML: Map keys must be unique/, line: 4, column: 3 });
});

test('empty files', () => {
  refused('', 'empty.json', { message: /: is empty$/ });
  refused('  \n\t\n', 'blank.yaml', { message: /: is empty$/ });
  refused('# nothing but a comment\n', 'comment.yaml', { message: /is empty/ });
  refused('---\n---\n', 'docs.yaml', { message: /is empty/ });
});

test('binary data is refused before any parser sees it', () => {
  const gzip = String.fromCharCode(0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03);
  refused(gzip, 'snapshot.json.gz', { message: /is not a text file/, line: 1, column: 1 });
  refused('kind: Pod\nmetadata:\n  name: a\u0000b\n', 'nul.yaml', { message: /is not a text file/, line: 3, column: 10 });
});

test('JSON that is not an object', () => {
  refused('[{"kind":"Pod"}]', 'a.json', { message: /not a Kubernetes object or List \(it holds an array\)/ });
  // JSON scalars are also YAML, which is where they are read (so they get a line).
  refused('42', 'n.json', { message: /it holds a number/, line: 1 });
  refused('"pods"', 's.json', { message: /it holds a string/, line: 1 });
  refused('null', 'null.json', { message: /is empty/ });
});

test('YAML that is not an object', () => {
  refused('just some notes\n', 'notes.yaml', { message: /not a Kubernetes object or List \(it holds a string\)/, line: 1 });
  refused('- a\n- b\n', 'seq.yaml', { message: /it holds an array/, line: 1 });
});

test('an object without a kind', () => {
  refused('{"metadata": {"name": "a"}}', 'nokind.json', { message: /not a Kubernetes object or List \(it has no kind\)/ });
});

test('a List whose items is not an array', () => {
  refused('{"apiVersion":"v1","kind":"List","items":{"a":1}}', 'l.json', { message: /items is not an array \(found an object\)/, item: 'items' });
  refused('{"apiVersion":"v1","kind":"PodList"}', 'l.json', { message: /PodList whose items is not an array \(found nothing\)/, item: 'items' });
  refused('kind: List\nitems: 3\n', 'l.yaml', { message: /found a number/, item: 'items', line: 2 });
});

test('items that are not objects, or lack kind or metadata.name, are named', () => {
  const pod = (name: string) => ({ kind: 'Pod', metadata: { name } });
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  refused(list([pod('a'), pod('b'), pod('c'), 'oops']), 'l.json', { message: /is not an object \(found a string\)/, item: 'items[3]' });
  refused(list([pod('a'), { metadata: { name: 'b' } }]), 'l.json', { message: /has no kind/, item: 'items[1]' });
  refused(list([{ kind: 'Pod', metadata: {} }]), 'l.json', { message: /is a Pod without metadata.name/, item: 'items[0]' });
  refused(list([{ kind: 'Pod', metadata: { name: 7 } }]), 'l.json', { message: /is a Pod whose metadata.name is not a string \(found the number 7; written in quotes it would be one\)$/, item: 'items[0]' });
  refused(list([{ kind: 'PodList', items: [pod('a'), { kind: 'Pod' }] }]), 'l.json', { message: /without metadata.name/, item: 'items[0].items[1]' });
});

test('a metadata.name of another type is named as such, not as missing, wherever the item is', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const node = (metadata: unknown) => ({ kind: 'Node', apiVersion: 'v1', metadata });
  refused(list([node({ name: 42 })]), 'wrong.json', { message: /: is a Node whose metadata\.name is not a string \(found the number 42; written in quotes it would be one\)$/, item: 'items[0]' });
  refused(list([node({ name: true })]), 'wrong.json', { message: /metadata\.name is not a string \(found the boolean true; written in quotes/, item: 'items[0]' });
  refused(list([node({ name: { first: 'a' } })]), 'wrong.json', { message: /is a Node whose metadata\.name is not a string \(found an object\)$/, item: 'items[0]' });
  refused(list([node({ name: ['a'] })]), 'wrong.json', { message: /metadata\.name is not a string \(found an array\)$/, item: 'items[0]' });
  // Missing, null or empty is still missing.
  refused(list([node({ name: null })]), 'wrong.json', { message: /is a Node without metadata\.name$/, item: 'items[0]' });
  refused(list([node({ name: '' })]), 'wrong.json', { message: /is a Node without metadata\.name$/, item: 'items[0]' });
  refused(list([node(undefined)]), 'wrong.json', { message: /is a Node without metadata\.name$/, item: 'items[0]' });
  // A typed list's item, whose kind is implied.
  refused(JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 5 } }] }), 'pods.json', { message: /is a Pod whose metadata\.name is not a string \(found the number 5;/, item: 'items[0]' });
});

test('YAML that reads a name as a number (0x1F) says so, with the line as before', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata:\n    name: 0x1F\n';
  refused(text, 'types.yaml', { message: /is a Node whose metadata\.name is not a string \(found the number 31; written in quotes it would be one\)$/, item: 'items[0]', line: 4 });
  // In quotes it is one.
  const { objects } = parseSnapshot(text.replace('0x1F', '"0x1F"'), 'types.yaml');
  assert.equal((objects.nodes?.[0]?.metadata as { name: unknown }).name, '0x1F');
});

test('metadata that is not an object, and a namespace or uid that is not a string, are named', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  refused(list([{ kind: 'Pod', metadata: 'web' }]), 'm.json', { message: /is a Pod whose metadata is not an object \(found a string\)$/, item: 'items[0]' });
  refused(list([{ kind: 'Pod', metadata: ['web'] }]), 'm.json', { message: /whose metadata is not an object \(found an array\)$/, item: 'items[0]' });
  refused(list([{ kind: 'Pod', metadata: { name: 'a', namespace: 6 } }]), 'm.json', { message: /is a Pod whose metadata\.namespace is not a string \(found the number 6; written in quotes it would be one\)$/, item: 'items[0]' });
  refused(list([{ kind: 'Pod', metadata: { name: 'a', namespace: { x: 1 } } }]), 'm.json', { message: /metadata\.namespace is not a string \(found an object\)$/, item: 'items[0]' });
  refused(list([{ kind: 'Node', metadata: { name: 'a', uid: 7 } }]), 'm.json', { message: /is a Node whose metadata\.uid is not a string \(found the number 7;/, item: 'items[0]' });
  refused(list([{ kind: 'Pod', metadata: { name: 'a', uid: true } }]), 'm.json', { message: /metadata\.uid is not a string \(found the boolean true;/, item: 'items[0]' });
  // Absent or null (as kubectl reads them) is fine.
  const { objects } = parseSnapshot(list([{ kind: 'Pod', metadata: { name: 'a', namespace: null, uid: null } }]), 'm.json');
  assert.equal(objects.pods?.length, 1);
});

test('a Pod\'s spec.nodeName that is not a string is named, instead of leaving the pod unscheduled without a word', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  refused(list([{ kind: 'Node', metadata: { name: '123' } }, { kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 123 } }]), 'n.json', {
    message: /: is a Pod whose spec\.nodeName is not a string \(found the number 123; written in quotes it would be one\)$/,
    item: 'items[1]',
  });
  refused('kind: List\nitems:\n- kind: Pod\n  metadata: {name: p}\n  spec:\n    nodeName: 123\n', 'n.yaml', { message: /spec\.nodeName is not a string \(found the number 123;/, item: 'items[0]', line: 3 });
  // Other kinds' spec.nodeName is not the reader's business; null or absent leaves a pod unscheduled, as before.
  assert.equal(parseSnapshot(list([{ kind: 'Service', metadata: { name: 's' }, spec: { nodeName: 1 } }]), 'n.json').ignored.length, 1);
  assert.equal(parseSnapshot(list([{ kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: null } }]), 'n.json').objects.pods?.length, 1);
});

test('a kind that is not a string is named as such, not as missing', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  refused(list([{ kind: 7, metadata: { name: 'a' } }]), 'k.json', { message: /: has a kind that is not a string \(found the number 7\)$/, item: 'items[0]' });
  refused(list([{ kind: ['Pod'], metadata: { name: 'a' } }]), 'k.json', { message: /has a kind that is not a string \(found an array\)$/, item: 'items[0]' });
  refused('{"kind": 3, "metadata": {"name": "a"}}', 'k.json', { message: /: is not a Kubernetes object or List \(its kind is not a string: found the number 3\)$/ });
  refused(list([{ kind: '', metadata: { name: 'a' } }]), 'k.json', { message: /: has no kind$/, item: 'items[0]' });
});

test('the same messages in Korean', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const ko = (text: string) => {
    try {
      parseSnapshot(text, 'k.json');
    } catch (err) {
      return say(translator('ko'), (err as SnapshotError).said);
    }
    assert.fail('not refused');
  };
  assert.equal(ko(list([{ kind: 'Node', metadata: { name: 42 } }])), 'k.json (items[0]): metadata.name이(가) 문자열이 아닌 Node입니다 (숫자 42입니다. 따옴표로 감싸면 문자열이 됩니다)');
  assert.equal(ko(list([{ kind: 'Pod', metadata: { name: 'a', namespace: [] } }])), 'k.json (items[0]): metadata.namespace이(가) 문자열이 아닌 Pod입니다 (배열입니다)');
  assert.equal(ko(list([{ kind: 7 }])), 'k.json (items[0]): 종류(kind)가 문자열이 아닙니다 (숫자 7입니다)');
});

test('a bad item in YAML also gets its line', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: a\n- kind: Pod\n  metadata:\n    namespace: x\n';
  refused(text, 'l.yaml', { message: /without metadata.name/, item: 'items[1]', line: 7 });
});

test('a bad document in a YAML stream is named', () => {
  refused('kind: Pod\nmetadata: {name: a}\n---\n- not an object\n', 'docs.yaml', { message: /it holds an array/, item: 'document 2', line: 4 });
});

test('Lists nested too deep are refused', () => {
  let value: unknown = { kind: 'Pod', metadata: { name: 'a' } };
  for (let i = 0; i < 12; i++) value = { kind: 'List', items: [value] };
  refused(JSON.stringify(value), 'deep.json', { message: /nests Lists more than 8 deep/, item: 'items[0].items[0].items[0].items[0].items[0].items[0].items[0].items[0]' });
});

test('a billion-laughs alias bomb is refused', () => {
  refused(fixture('alias-bomb.yaml'), 'alias-bomb.yaml', { message: /too many YAML aliases/ });
});

test('a few aliases are fine', () => {
  const text = 'kind: List\nitems:\n- kind: Pod\n  metadata: {name: a, labels: &l {app: web}}\n- kind: Pod\n  metadata: {name: b, labels: *l}\n';
  const { objects } = parseSnapshot(text, 'anchors.yaml');
  assert.equal(objects.pods?.length, 2);
  assert.deepEqual((objects.pods?.[1]?.metadata as { labels: unknown }).labels, { app: 'web' });
});

test('custom and non-JSON YAML tags are refused', () => {
  refused(fixture('custom-tag.yaml'), 'custom-tag.yaml', { message: /YAML tag .*python\/object/, line: 7, column: 13 });
  refused('kind: Pod\nmetadata:\n  name: !shell a\n', 't.yaml', { message: /YAML tag this reader does not accept: Unresolved tag: !shell/, line: 3, column: 9 });
  refused('kind: Pod\nmetadata:\n  name: a\n  blob: !!binary aGVsbG8=\n', 'b.yaml', { message: /tag:yaml.org,2002:binary/, line: 4, column: 18 });
  refused('kind: Pod\nmetadata:\n  name: a\nspec: !!set {a, b}\n', 's.yaml', { message: /tag:yaml.org,2002:set/, line: 4, column: 13 });
});

test('core tags are accepted', () => {
  const { objects } = parseSnapshot('kind: Pod\nmetadata:\n  name: !!str 0777\n', 't.yaml');
  assert.equal((objects.pods?.[0]?.metadata as { name: unknown }).name, '0777');
});

test('files over the size limit are refused before parsing', () => {
  const err = refused('{"kind":"List","items":[]}', 'big.json', { message: /is too large \(26 bytes; the limit is 10 bytes\)/ }, { maxBytes: 10 });
  assert.equal(err.line, undefined);
  // The default limit is 512 MiB.
  assert.doesNotThrow(() => parseSnapshot('{"kind":"List","items":[]}', 'small.json'));
});

test('absurd nesting fails as a SnapshotError naming the file, not a crash', () => {
  for (const [file, text] of [
    ['deep.yaml', `a: ${'['.repeat(5000)}`],
    ['deep.json', `{"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`],
  ] as const) {
    let caught: unknown;
    try {
      parseSnapshot(text, file);
    } catch (err) {
      caught = err;
    }
    // The JSON one is valid, only absurd: it may parse, then fail as not a Kubernetes object.
    assert.ok(caught instanceof SnapshotError, `${file}: ${String(caught)}`);
    assert.ok(caught.message.startsWith(file));
  }
});

// Messages end up on a terminal (the CLI) and in the window: text from the
// file must not be able to send escape sequences or bury the message.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('a kind with terminal escapes is shown escaped, not sent to the terminal', () => {
  const text = JSON.stringify({ kind: '\u001b]0;owned\u0007\u001b[2JPod\u202e', metadata: {} });
  const error = refused(text, 'escape.json', { message: /without metadata\.name/ });
  assert.doesNotMatch(error.message, CONTROL);
  assert.match(error.message, /is a \\u001b\]0;owned\\u0007\\u001b\[2JPod\\u202e without metadata\.name/);
});

test('a huge kind is cut in the message', () => {
  const error = refused(JSON.stringify({ kind: 'P'.repeat(100_000), metadata: {} }), 'huge.json', { message: /without metadata\.name$/ });
  assert.ok(error.message.length < 400, `message of ${error.message.length} characters`);
  assert.match(error.message, /is a P+… without metadata\.name$/);
});

test('a file name with control characters is escaped in the message, and kept as is in .file', () => {
  let caught: unknown;
  try {
    parseSnapshot('{', 'evil\u001b[31m\n.json');
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SnapshotError);
  assert.doesNotMatch(caught.message, CONTROL);
  assert.match(caught.message, /^evil\\u001b\[31m\\u000a\.json \(line 1, column 2\): is not valid JSON/);
  assert.equal(caught.file, 'evil\u001b[31m\n.json');
});

test('a huge YAML tag is cut in the message', () => {
  const error = refused(`kind: !<tag:${'x'.repeat(100_000)}> Pod\n`, 'tag.yaml', { message: /YAML tag/, line: 1, column: 7 });
  assert.ok(error.message.length < 600, `message of ${error.message.length} characters`);
  assert.match(error.message, /x…$/);
});

test('absurd nesting is refused when read, naming the item, instead of overflowing the stack when saved again', () => {
  const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { x: 'DEEP' } };
  const text = JSON.stringify({ kind: 'List', items: [pod] }).replace('"DEEP"', '['.repeat(100_000) + ']'.repeat(100_000));
  refused(text, 'deep.json', { message: /nests values more than 200 levels deep$/, item: 'items[0].spec.x[0][0][0][0]' });
});

test('ordinary nesting is read', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 150; i++) deep = { a: deep };
  const snapshot = parseSnapshot(JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { deep } }), 'ok.json');
  assert.equal(snapshot.objects.pods?.length, 1);
});
