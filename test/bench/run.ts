// `npm run bench`: prints figures, not pass/fail. Each comparison is measured
// side by side in one run so the ratios hold on whatever machine runs them.
//
//   npm run bench                 # export, layout after one change, browser first drawing (demo, 5,000 pods)
//   npm run bench -- --cluster    # also against the test control plane (npm run cluster:up first)
//   npm run bench -- --quick      # fewer repetitions
//   npm run bench -- --large      # also the live change stream, the export and serve's memory at 100,000 pods on 1,000 nodes
//   npm run bench -- --no-stream  # without the live change streams (30 s a size; 10 s with --quick)
//   npm run bench -- --no-browser # without Chromium (first drawing; canvas paint; canvas vs SVG pan and zoom; lens switching; tour steps)
//   npm run bench -- --no-registry # without kube-anatomy image vs skopeo inspect (a local docker-registry, a few seconds)
//   npm run bench -- --no-record  # without the recording bench (writes and seeks a 10-minute recording at 5,000 pods: minutes)
//
// With --large the Chromium benches also open 50,000 and 100,000 pods.

import { benchExport } from './export.ts';
import { benchExportLarge } from './export-large.ts';
import { benchMainMemory } from './main-memory.ts';
import { benchLayout } from './layout.ts';
import { benchBrowser } from './browser.ts';
import { benchBrowserLens } from './browser-lens.ts';
import { benchBrowserTour } from './browser-tour.ts';
import { benchCanvasPaint } from './canvas-paint.ts';
import { benchCluster } from './cluster.ts';
import { benchCliStart } from './cli-start.ts';
import { benchLiveStream } from './live-stream.ts';
import { benchSummary } from './summary.ts';
import { benchRedact } from './redact.ts';
import { benchCallouts } from './callouts.ts';
import { benchBrowserStream } from './browser-stream.ts';
import { benchRegistry } from './registry.ts';
import { benchRecord } from './record.ts';
import { benchEvents } from './events.ts';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { restartWithMainFlags } from '../../main/cli/main-flags.mjs';
import { sessionFlags } from './stats.ts';

// Sessions run in this process (the streams; the canvas bench runs in a child of its own, below): with the heap flags serve and Electron's main process run with.
restartWithMainFlags();
console.log(`bench process: ${sessionFlags()}`);

const args = new Set(process.argv.slice(2));
const repeats = args.has('--quick') ? 2 : 5;

console.log(`kube-anatomy benchmarks on Node ${process.versions.node}, ${new Date().toISOString()}`);
benchCliStart(repeats);
await benchExport(repeats);
if (args.has('--large')) await benchExportLarge({ runs: args.has('--quick') ? 1 : 3 });
else console.log('\n(export of 100,000 pods on 1,000 nodes skipped: pass --large)');
if (args.has('--large')) await benchMainMemory({ idleMs: args.has('--quick') ? 5_000 : 10_000 });
else console.log('\n(serve\'s memory at 100,000 pods on 1,000 nodes skipped: pass --large)');
await benchLayout(repeats);
await benchSummary(args.has('--large') ? [20_001, 100_000] : [20_001]);
// Redaction (issue 11, item 5): a whole model the first time, and again after a patch (what the app's toggle does per change).
await benchRedact(args.has('--quick') ? [5_000] : [5_000, 20_000]);
// Events (issue 12): the event store's sync per coalescing period at its bound, in quiet times and in a storm.
await benchEvents();
// Callouts (issue 11, item 4): the page finds its notes again on every model it shows.
await benchCallouts(args.has('--large') ? [5_000, 20_000, 100_000] : [5_000, 20_000]);
if (!args.has('--no-stream')) {
  await benchLiveStream({ large: args.has('--large'), quick: args.has('--quick') });
  // The same stream drawn by the page in Chromium (20,000 pods; 100,000 with --large).
  if (!args.has('--no-browser')) await benchBrowserStream({ large: args.has('--large'), quick: args.has('--quick') });
}
if (!args.has('--no-browser')) {
  await benchBrowser(args.has('--quick') ? 1 : 3);
  await benchCanvasPaint({ quick: args.has('--quick') });
  // In a process of its own: its "main RSS" is that process's RSS (server and session), and after the
  // streams of 100,000 pods above this one's held 2.0 GB before it opened anything (5.4 GB at its peak).
  const canvas = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./browser-canvas.ts', import.meta.url)), ...['--quick', '--large'].filter((a) => args.has(a))], { stdio: 'inherit' });
  if (canvas.status !== 0) throw new Error(`the canvas bench (browser-canvas.ts) failed: ${canvas.error?.message ?? `exit ${canvas.status ?? canvas.signal}`}`);
  // Switching concept lens at 5,000 pods (issue 9: redrawn within 100 ms).
  await benchBrowserLens({ quick: args.has('--quick') });
  // Stepping through the guided tour at 5,000 pods (the same target: the step painted within 100 ms; the zoom follows).
  await benchBrowserTour({ quick: args.has('--quick') });
}
// Quick (a few seconds), and it says how to install docker-registry and skopeo when they are missing.
if (!args.has('--no-registry')) await benchRegistry({ quick: args.has('--quick') });
// Recording (issue 11, item 8): CPU at 1,000 changes/s, bytes a change, seek in a 10-minute recording at 5,000 pods (2 minutes with --quick).
if (!args.has('--no-record')) await benchRecord({ quick: args.has('--quick') });
if (args.has('--cluster') || process.env.KUBE_ANATOMY_TEST_KUBECONFIG) await benchCluster();
else console.log('\n(cluster benchmarks skipped: run `npm run cluster:up` and pass --cluster)');
