// Container image references, read the way Docker and containerd read them
// (the distribution/reference grammar):
//
//   reference := name [":" tag] ["@" digest]
//   name      := [domain "/"] path-component ["/" path-component]*
//   domain    := host [":" port]     host := domain-name | IPv4 | "[" IPv6 "]"
//
// The first path component is a registry only when it looks like a host: it has
// a "." or a ":" or is "localhost" (or has uppercase letters, which a repository
// never may). Otherwise the image lives on Docker Hub, where a single-segment
// path is an official image under "library/".

import type { ImageRef } from './types.ts';

export const DEFAULT_REGISTRY = 'docker.io';
const OFFICIAL_OWNER = 'library';
const MAX_NAME = 255;

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
// The OCI spec writes sha256 and sha512 in lower-case hex, and the runtimes refuse other spellings (go-digest).
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const SHA512 = /^sha512:[0-9a-f]{128}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]+$/;
const IMAGE_ID_HEX = /^[a-f0-9]{64}$/;

function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

function validRegistry(domain: string): boolean {
  let host = domain;
  const bracketEnd = domain.lastIndexOf(']');
  const colon = domain.lastIndexOf(':');
  if (colon > bracketEnd) {
    if (!PORT.test(domain.slice(colon + 1))) return false;
    host = domain.slice(0, colon);
  }
  return DOMAIN_NAME.test(host) || IPV6_HOST.test(host);
}

// A cluster runs the same few hundred images in thousands of pods, so parsed
// references are memoised; callers get their own copy. Bounded so hostile
// input cannot grow it without limit.
const cache = new Map<string, ImageRef>();
const CACHE_LIMIT = 4096;

/** Parses an image reference from a pod spec. Never throws; a bad reference sets `invalid`. */
export function parseImageRef(raw: string): ImageRef {
  const ref = cachedImageRef(raw);
  return { ...ref, defaulted: { ...ref.defaulted } };
}

/** parseImageRef's answer without the caller's own copy: the memoised one, for reading only (comparing, as wire.ts does). */
export function cachedImageRef(raw: string): Readonly<ImageRef> {
  const key = typeof raw === 'string' ? raw : '';
  let ref = cache.get(key);
  if (!ref) {
    ref = parse(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, ref);
  }
  return ref;
}

function parse(raw: string): ImageRef {
  const input = raw;
  const problems: string[] = [];
  if (input === '') problems.push('empty image reference');
  else if (input.trim() !== input) problems.push('image reference has surrounding whitespace');

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) problems.push(`invalid digest "${digest}"`);
    else if (digest.startsWith('sha256:') && !SHA256.test(digest)) problems.push('sha256 digest must be 64 lower-case hex digits');
    else if (digest.startsWith('sha512:') && !SHA512.test(digest)) problems.push('sha512 digest must be 128 lower-case hex digits');
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) problems.push(`invalid tag "${tag}"`);
  }

  let registry = DEFAULT_REGISTRY;
  let registryWritten = false;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0 && looksLikeRegistry(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    registryWritten = true;
    path = rest.slice(slash + 1);
    if (!validRegistry(registry)) problems.push(`invalid registry "${registry}"`);
    // Docker Hub's legacy index name is the same registry.
    if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  }

  let ownerDefaulted = false;
  if (registry === DEFAULT_REGISTRY && path !== '' && !path.includes('/')) {
    path = `${OFFICIAL_OWNER}/${path}`;
    ownerDefaulted = true;
  }

  const segments = path.split('/');
  if (input !== '') {
    if (path === '') problems.push('missing repository name');
    else if (path !== path.toLowerCase()) problems.push('repository name must be lowercase');
    else if (segments.some((s) => !PATH_COMPONENT.test(s))) problems.push(`invalid repository name "${path}"`);
    else if (IMAGE_ID_HEX.test(input)) problems.push('a 64-hex image id is not a repository name');
    if (registryWritten ? rest.length > MAX_NAME : path.length > MAX_NAME) problems.push('repository name longer than 255 characters');
  }

  const name = segments[segments.length - 1];
  const owner = segments.length > 1 ? segments.slice(0, -1).join('/') : undefined;
  const tagDefaulted = tag === undefined && digest === undefined;
  const effectiveTag = tagDefaulted ? 'latest' : tag;

  const ref: ImageRef = {
    raw: input,
    registry,
    repository: path,
    name,
    defaulted: { registry: !registryWritten, owner: ownerDefaulted, tag: tagDefaulted },
    official: registry === DEFAULT_REGISTRY && segments.length === 2 && segments[0] === OFFICIAL_OWNER,
    canonical: `${registry}/${path}${effectiveTag !== undefined ? `:${effectiveTag}` : ''}${digest !== undefined ? `@${digest}` : ''}`,
  };
  if (owner !== undefined) ref.owner = owner;
  if (effectiveTag !== undefined) ref.tag = effectiveTag;
  if (digest !== undefined) ref.digest = digest;
  // A digest pins the content, so a missing or "latest" tag is harmless then.
  if (digest === undefined) {
    if (tagDefaulted) ref.tagWarning = 'missing';
    else if (tag === 'latest') ref.tagWarning = 'latest';
  }
  if (problems.length > 0) ref.invalid = problems.join('; ');
  return ref;
}

/**
 * What containerStatuses[].imageID names:
 *  - "repo-digest": a manifest digest the image was pulled by
 *    (`docker.io/library/nginx@sha256:…`, `docker-pullable://nginx@sha256:…`);
 *    it is comparable with a digest written in the image reference.
 *  - "image-id": the image's config digest (a bare `sha256:…`, or `docker://sha256:…`).
 *    containerd reports this when the image has no repo digest (e.g. loaded with
 *    `kind load` or built locally); it identifies the image on that node but is
 *    NOT the digest a registry serves, so it must not be compared with one.
 */
export type ImageIDKind = 'repo-digest' | 'image-id';

export function parseImageID(imageID: string): { digest: string; kind: ImageIDKind } | undefined {
  if (typeof imageID !== 'string' || imageID === '') return undefined;
  let id = imageID;
  const scheme = id.indexOf('://');
  if (scheme >= 0) id = id.slice(scheme + 3);
  const at = id.lastIndexOf('@');
  if (at >= 0) {
    const digest = id.slice(at + 1);
    return DIGEST.test(digest) ? { digest, kind: 'repo-digest' } : undefined;
  }
  return DIGEST.test(id) ? { digest: id, kind: 'image-id' } : undefined;
}

/** The digest in a containerStatuses[].imageID, whichever kind it is (see parseImageID). */
export function digestFromImageID(imageID: string): string | undefined {
  return parseImageID(imageID)?.digest;
}
