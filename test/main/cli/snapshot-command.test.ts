// Every place that tells a user how to make a snapshot gives the same command,
// and it is the one whose output opens without a gap (test/main/model/gaps.test.ts).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { USAGE } from '../../../main/cli/args.ts';
import { en, ko } from '../../../renderer/app/strings.ts';

const COMMAND = 'kubectl get nodes,pods,pvc,pv -A -o json';
const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');

test('the help, the README and the open dialog give one snapshot command', () => {
  const places: [string, string][] = [
    ['kube-anatomy --help', USAGE],
    ['README.md', read('README.md')],
    ['renderer/index.html', read('renderer/index.html')],
    ['open.text (en)', en['open.text']],
    ['open.text (ko)', ko['open.text'] ?? ''],
  ];
  for (const [where, text] of places) {
    const commands = [...text.matchAll(/kubectl get \S+ -A -o json/g)].map((m) => m[0]);
    assert.ok(commands.length > 0, `${where} gives no snapshot command`);
    assert.deepEqual([...new Set(commands)], [COMMAND], where);
    assert.equal(/kubectl get [a-z,]*namespaces/.test(text), false, `${where} asks for namespaces`);
  }
});
