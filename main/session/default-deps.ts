// The real modules behind SessionDeps.

import { loadKubeconfig, type KubeconfigInputs } from '../cluster/kubeconfig.ts';
import { createLiveSource } from '../cluster/live-source.ts';
import { buildModel } from '../model/index.ts';
import { loadDemo, parseSnapshot, writeSnapshot } from '../snapshot/index.ts';
import type { KubeconfigInput, SessionDeps } from './deps.ts';

function inputsOf(input: KubeconfigInput): KubeconfigInputs {
  const inputs: KubeconfigInputs = { home: input.home };
  if (input.env.KUBECONFIG !== undefined) inputs.kubeconfigEnv = input.env.KUBECONFIG;
  if (input.kubeconfig !== undefined) inputs.kubeconfigFlag = input.kubeconfig;
  return inputs;
}

export const defaultDeps: SessionDeps = {
  buildModel,
  loadDemo,
  parseSnapshot: (text, fileName) => parseSnapshot(text, fileName).objects,
  writeSnapshot: (objects, format, meta) => writeSnapshot(objects, format, meta),
  loadContexts: (input) => loadKubeconfig(inputsOf(input)).list,
  // The kubeconfig is read again for the source: it may have changed since the
  // list was shown (a new token, a renamed context), and the files are small.
  createLiveSource: (input) => {
    const access = loadKubeconfig(inputsOf(input)).access(input.context);
    return createLiveSource({ access, namespaces: input.namespaces });
  },
};
