// What the user asked to look at, as both shells parse it from their
// arguments (main/cli/args.ts, main/electron/args.ts) and the session opens it
// (open-source.ts). It lives in the session, the lowest layer that both shells
// may import.

/** Where the objects come from: a kube context (the default), a snapshot file or the demo. */
export type SourceChoice =
  | { kind: 'cluster'; kubeconfig?: string; context?: string }
  | { kind: 'snapshot'; file: string }
  | { kind: 'demo' };
