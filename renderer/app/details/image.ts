// A container image reference taken apart: where it comes from (registry),
// what it is (repository = owner / name), which version (tag) and which exact
// bytes (digest).

import type { ContainerModel, ImageRef } from '../../../main/model/types.ts';
import type { Translate } from '../strings.ts';
import { row, str } from './common.ts';
import type { DetailNote, DetailRow } from './types.ts';

/**
 * The warning for a moving or missing tag, or undefined when the reference is
 * pinned. A digest pins the image even when the tag says latest.
 */
export function imageWarning(image: ImageRef | undefined, t: Translate): string | undefined {
  if (!image || typeof image !== 'object') return undefined;
  if (str(image.invalid)) return t('warn.imageInvalid', { reason: str(image.invalid) });
  if (str(image.digest)) return undefined;
  if (image.tagWarning === 'latest' || (image.tagWarning === undefined && str(image.tag) === 'latest' && !image.defaulted?.tag)) {
    return t('warn.tagLatest');
  }
  if (image.tagWarning === 'missing' || image.defaulted?.tag || !str(image.tag)) return t('warn.tagMissing');
  return undefined;
}

export function imageRows(c: ContainerModel, t: Translate): { rows: DetailRow[]; notes: DetailNote[] } {
  const image: Partial<ImageRef> = c.image && typeof c.image === 'object' ? c.image : {};
  const defaulted = image.defaulted && typeof image.defaulted === 'object' ? image.defaulted : { registry: false, owner: false, tag: false };
  const rows: DetailRow[] = [
    ...row(t('row.reference'), image.raw, { mono: true }),
    ...row(t('row.registry'), image.registry, { mono: true, note: defaulted.registry ? t('note.defaultedRegistry') : undefined }),
    ...row(t('row.repository'), image.repository, { mono: true }),
    ...row(t('row.owner.image'), image.owner, { mono: true, note: defaulted.owner || image.official ? t('note.defaultedOwner') : undefined }),
    ...row(t('row.imageName'), image.name, { mono: true }),
    ...row(t('row.tag'), image.tag ?? '—', {
      mono: true,
      tone: image.tagWarning || defaulted.tag ? 'warn' : undefined,
      note: defaulted.tag ? t('note.defaultedTag') : undefined,
    }),
    ...row(t('row.digest'), image.digest, { mono: true }),
    ...row(t('row.resolvedDigest'), c.resolvedDigest, {
      mono: true,
      note: c.resolvedDigestKind === 'image-id' ? t('teach.imageIdKind') : undefined,
    }),
    ...row(t('row.imageID'), c.imageID !== c.resolvedDigest ? c.imageID : '', { mono: true }),
  ];
  const warning = imageWarning(c.image, t);
  return { rows, notes: warning ? [{ kind: 'warn', text: warning }] : [] };
}
