// The media types the registry client reads, and what it says about one image:
// the contract's ImageAnatomy (main/contract/image.ts), the one shape the CLI
// prints and the app's Image section shows. Plain data, free of credentials by
// construction (none is ever copied in).

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

export type { HistoryStep, ImageAnatomy, ImageStage, LayerAnatomy, TagCheck } from '../contract/image.ts';
