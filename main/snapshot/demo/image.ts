// Just enough image-reference expansion to write container statuses the way a
// runtime reports them: "nginx:1.27" runs as docker.io/library/nginx:1.27. (The
// model has its own full parser; the demo must not depend on it.)

export interface ExpandedImage {
  /** registry/repository, e.g. "docker.io/library/nginx". */
  repository: string;
  tag?: string;
  digest?: string;
  /** What status.image shows: repository:tag, or repository@digest when pinned only by digest. */
  reported: string;
}

export function expandImage(ref: string): ExpandedImage {
  const at = ref.indexOf('@');
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  const named = at === -1 ? ref : ref.slice(0, at);
  const slash = named.indexOf('/');
  const first = slash === -1 ? '' : named.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let path = hasRegistry ? named.slice(slash + 1) : named;
  const colon = path.lastIndexOf(':');
  let tag = colon === -1 ? undefined : path.slice(colon + 1);
  if (colon !== -1) path = path.slice(0, colon);
  if (!hasRegistry && !path.includes('/')) path = `library/${path}`;
  const repository = `${hasRegistry ? first : 'docker.io'}/${path}`;
  if (tag === undefined && digest === undefined) tag = 'latest';
  const out: ExpandedImage = {
    repository,
    reported: tag !== undefined ? `${repository}:${tag}` : `${repository}@${digest}`,
  };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** kubelet's default: Always for :latest or an untagged reference, else IfNotPresent. */
export function defaultPullPolicy(ref: string): string {
  const image = expandImage(ref);
  return image.digest === undefined && image.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
