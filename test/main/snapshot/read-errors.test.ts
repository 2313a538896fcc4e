import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { SnapshotError } from '../../../main/snapshot/error.ts';

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
  refused(list([{ kind: 'Pod', metadata: { name: 7 } }]), 'l.json', { message: /without metadata.name/, item: 'items[0]' });
  refused(list([{ kind: 'PodList', items: [pod('a'), { kind: 'Pod' }] }]), 'l.json', { message: /without metadata.name/, item: 'items[0].items[1]' });
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
