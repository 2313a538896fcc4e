// What the registry says about one image, as the CLI prints it and the app's
// Image section will show it. Plain data: safe to send to a page or write as
// JSON, and free of credentials by construction (none is ever copied in).

import type { Platform } from './platform.ts';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

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
  /** The host asked (docker.io is served by registry-1.docker.io). */
  endpoint: string;
  /** Set when the reference named an index (multi-platform image). */
  index?: { digest: string; mediaType: string; platforms: string[] };
  manifest: { digest: string; mediaType: string; size: number };
  platform: Platform;
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
