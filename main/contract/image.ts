// The image:get call: what the registry says about the image one container
// runs, with what the cluster adds to it (the node's platform and image cache,
// the digest the container runs). Pure types. ImageAnatomy is also what the
// registry client (main/registry) answers and the CLI prints: one shape, here,
// where both sides of the contract can see it.

import type { ImageRef } from '../model/types.ts';

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

export interface ImagePlatform {
  os: string;
  architecture: string;
  /** v8 for arm64, v7 for arm, as containerd fills it in. */
  variant?: string;
}


export interface LayerAnatomy {
  digest: string;
  /** Compressed, as the registry stores and a pull fetches it. */
  size: number;
  mediaType: string;
  /** The build step that made it (the config's history), when the history lines up. */
  createdBy?: string;
  created?: string;
  comment?: string;
}

export interface HistoryStep {
  createdBy?: string;
  created?: string;
  comment?: string;
  /** A step that changed only the config (ENV, CMD, …): no layer. */
  empty: boolean;
  /** Index into layers for a step that made one. */
  layer?: number;
}

export interface TagCheck {
  tag: string;
  /** What the tag names now, from a HEAD on it. */
  tagDigest?: string;
  /** The digest compared with it: the one pinned in the reference, or the one the container runs. */
  runningDigest: string;
  /**
   * same: the tag names what runs (the index, or the platform manifest in it);
   * moved: the tag names something else now (tag drift);
   * unknown: it cannot be told, `reason` says why.
   */
  state: 'same' | 'moved' | 'unknown';
  reason?: string;
}

export interface ImageAnatomy {
  /** The reference broken down as the model breaks it down (C8), without the model's own judgements. */
  reference: Pick<ImageRef, 'raw' | 'registry' | 'repository' | 'owner' | 'name' | 'tag' | 'digest' | 'defaulted'>;
  /** The host asked (docker.io is served by registry-1.docker.io). */
  endpoint: string;
  /** Set when the reference named an index (multi-platform image). */
  index?: { digest: string; mediaType: string; platforms: string[] };
  manifest: { digest: string; mediaType: string; size: number };
  platform: ImagePlatform;
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
    /** Names only: values may be secrets and never leave the config. */
    envNames: string[];
  };
  layers: LayerAnatomy[];
  history: HistoryStep[];
  /** Sum of the layers' compressed sizes: what a pull with an empty cache fetches, config aside. */
  totalSize: number;
  tagCheck?: TagCheck;
  /** Things worth saying that did not stop the answer: retries after a 429, a history that does not line up. */
  warnings: string[];
  /** How many documents came from the disk cache and how many from the registry. */
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
      anatomy: ImageAnatomy;
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

/**
 * How far the registry client has come with an answer, in the order it asks:
 * tag: what the tag names now (a HEAD); index: the multi-platform index;
 * manifest: the platform's image manifest (or the one manifest there is);
 * config: the config blob (history, entrypoint, env names).
 */
export type ImageStage = 'tag' | 'index' | 'manifest' | 'config';

/**
 * The 'image-stage' event: an image:get still in flight has reached `stage`,
 * for the container it was asked for (the Image section's loading text).
 */
export interface ImageStageEvent {
  podUid: string;
  container: string;
  stage: ImageStage;
  /** The platform whose manifest is read (os/arch[/variant]), with stage manifest after an index. */
  platform?: string;
}
