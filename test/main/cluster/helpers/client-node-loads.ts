// Run in a fresh process: fills in the request options of a kubeconfig's
// context and prints whether @kubernetes/client-node was loaded on the way.
//   node --import tsx client-node-loads.ts KUBECONFIG

import { registerHooks } from 'node:module';

const loaded: string[] = [];
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.includes('/@kubernetes/client-node/')) loaded.push(resolved.url);
    return resolved;
  },
});

const { loadKubeconfig } = await import('../../../../main/cluster/kubeconfig.ts');
const access = loadKubeconfig({ kubeconfigFlag: process.argv[2]! }).access();
const options: import('node:https').RequestOptions = {};
await access.kubeConfig.applyToHTTPSOptions(options);
const headers = (options.headers ?? {}) as Record<string, unknown>;
process.stdout.write(`${JSON.stringify({ clientNode: loaded.length > 0, authorization: headers['Authorization'] ?? null })}\n`);
