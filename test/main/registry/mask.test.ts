// Build steps lose their env and build-arg values. BuildKit writes values
// unquoted, spaces and all (`RUN |1 TOKEN=a b /bin/sh -c …`, `ENV A=x y`), so
// a value must not end at its first space: the rest of it would show.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskStep } from '../../../main/registry/mask.ts';

describe('masking build steps', () => {
  it('hides a build arg whose value holds spaces, up to the command', () => {
    assert.equal(maskStep('RUN |1 TOKEN=my secret words /bin/sh -c make'), 'RUN |1 TOKEN=… /bin/sh -c make');
    assert.equal(maskStep('RUN |2 TOKEN=a b DEBUG=1 /bin/sh -c make X=1'), 'RUN |2 TOKEN=… DEBUG=… /bin/sh -c make X=1');
    assert.equal(maskStep('RUN |2 TOKEN="a b" PASS=\'c d\' /bin/sh -c x'), 'RUN |2 TOKEN=… PASS=… /bin/sh -c x');
    assert.equal(maskStep('|1 A="x \\" y" /bin/sh -c x'), '|1 A=… /bin/sh -c x');
  });

  it('hides ENV values with spaces, quoted or not', () => {
    assert.equal(maskStep('ENV A=x y B=z'), 'ENV A=… B=…');
    assert.equal(maskStep('ENV A=x\\ y B=z w'), 'ENV A=… B=…');
    assert.equal(maskStep('ENV A=1 B="two words" C'), 'ENV A=… B=… C');
    assert.equal(maskStep('/bin/sh -c #(nop)  ENV GREETING=hello world'), '/bin/sh -c #(nop)  ENV GREETING=…');
  });
});
