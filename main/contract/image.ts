// The image:get call: what the registry says about the image one container
// runs, with what the cluster adds to it (the node's platform and image cache,
// the digest the container runs). Pure types. The shape of `anatomy` is the
// registry client's ImageAnatomy (main/registry/types.ts), repeated here
// because the contract sits below the registry layer; the session assigns one
// to the other, so the compiler keeps the two alike.

export interface ImageRequest {
  podUid: string;
  /** The container's name in the pod (init, sidecar and ephemeral containers too). */
  container: string;
  /**
   * Ask the registry even for a snapshot or the demo, whose images the
   * session does not ask about by itself (the user pressed "Ask the registry").
   */
  ask?: boolean;
}

export interface ImagePlatformView {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageAnatomyView {
  reference: {
    raw: string;
    registry: string;
    repository: string;
    owner?: string;
    name: string;
    tag?: string;
    digest?: string;
    defaulted: { registry: boolean; owner: boolean; tag: boolean };
  };
  endpoint: string;
  index?: { digest: string; mediaType: string; platforms: string[] };
  manifest: { digest: string; mediaType: string; size: number };
  platform: ImagePlatformView;
  config: {
    digest: string;
    mediaType: string;
    size: number;
    created?: string;
    entrypoint?: string[];
    cmd?: string[];
    user?: string;
    workingDir?: string;
    exposedPorts: string[];
    /** Names only, never values. */
    envNames: string[];
  };
  /** Sizes are compressed, as the registry stores them and a pull fetches them. */
  layers: { digest: string; size: number; mediaType: string; createdBy?: string; created?: string; comment?: string }[];
  history: { createdBy?: string; created?: string; comment?: string; empty: boolean; layer?: number }[];
  /** Sum of the layers' compressed sizes. */
  totalSize: number;
  tagCheck?: { tag: string; tagDigest?: string; runningDigest: string; state: 'same' | 'moved' | 'unknown'; reason?: string };
  /** English sentences from the registry client (429 waits, a history that does not line up). */
  warnings: string[];
  fetched: { cached: number; network: number };
}

/** What the node's image cache (node.status.images) says about this image. */
export interface NodeCacheView {
  node: string;
  /**
   * digest: the node lists the image by a digest it has (index, manifest or running);
   * tag: only by the tag, which may name an older image; no: not listed.
   */
  held: 'digest' | 'tag' | 'no';
  /** The node's own size of the entry held, as it reports it (usually unpacked, so larger than the registry's). */
  heldSizeBytes?: number;
  /**
   * What a pull onto this node would fetch, compressed: nothing when the node
   * holds the image by digest, else the layers less those the node is known
   * to hold for other images (from manifests already fetched).
   */
  pullBytes: number;
  /** Compressed bytes of layers the node already holds for other images. */
  sharedBytes: number;
}

/** Why the tag could not be checked against what runs, when there is no tagCheck. */
export type DriftUnknown = 'no-running-digest' | 'image-id' | 'digest-only';

export type ImageErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'not-found'
  | 'rate-limited'
  | 'too-large'
  | 'invalid'
  | 'redirects'
  | 'unsupported'
  | 'http'
  | 'internal';

export type ImageAnswer =
  | {
      state: 'anatomy';
      /** The reference as the pod spec writes it. */
      ref: string;
      /** Where the platform came from: the pod's node, or this machine (a pod on no node yet). */
      platformFrom: 'node' | 'machine';
      anatomy: ImageAnatomyView;
      /** For each layer (by index), the other images on the same node that hold it. */
      sharedWith: string[][];
      nodeCache?: NodeCacheView;
      driftUnknown?: DriftUnknown;
    }
  /** A snapshot or the demo: the registry is asked only when the user says so (ask: true). */
  | { state: 'not-asked'; ref: string; source: 'snapshot' | 'demo' }
  | { state: 'error'; ref: string; kind: ImageErrorKind; message: string; retryAfterSeconds?: number }
  /** No such pod or container in the current model, or a reference that cannot be asked about. */
  | { state: 'unavailable'; reason: 'no-pod' | 'no-container' | 'invalid-ref'; ref?: string; detail?: string };
