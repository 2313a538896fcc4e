#!/usr/bin/env node
// The `kube-anatomy` command. It runs the bundle that `npm install` builds
// (the prepare script); a clone without it gets a sentence saying what to do.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node keeps the compiled bundle on disk, so later starts skip parsing it
// (Node 22.1+; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
module.enableCompileCache?.();

const bundle = fileURLToPath(new URL('../../dist/cli/main.mjs', import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`kube-anatomy: Node.js ${process.versions.node} is too old; it needs 22.19 or newer (npx and npm scripts use the bundled Node 24).`);
  process.exit(1);
}
if (!existsSync(bundle)) {
  console.error(`kube-anatomy: ${bundle} is missing; run "npm install" (or "npm run build") in the project folder first.`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
