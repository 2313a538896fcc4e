// Platforms as containerd names and matches them: os/architecture[/variant].
// A node reports only its os and architecture (node.status.nodeInfo), so the
// variant is filled in as containerd's platforms.Normalize does: arm64 means
// v8 and arm means v7; an index entry for arm64 without a variant is v8 too.
// When an index lacks the exact platform, the best one the node also runs is
// chosen, in containerd's order (platformPreference).

import type { ImagePlatform } from '../contract/image.ts';

/** os/architecture[/variant], the contract's shape (main/contract/image.ts). */
export type Platform = ImagePlatform;

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', i686: '386' };

/** Lower-cased, with Go's and uname's spellings folded into containerd's, and the default variant filled in. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  const architecture = ARCH_ALIASES[p.architecture.toLowerCase()] ?? p.architecture.toLowerCase();
  let variant = p.variant?.toLowerCase() || undefined;
  if (architecture === 'arm64' && (variant === undefined || variant === '8' || variant === 'v8')) variant = 'v8';
  else if (architecture === 'arm' && variant === undefined) variant = 'v7';
  else if (architecture === 'arm' && /^[5-8]$/.test(variant ?? '')) variant = `v${variant}`;
  else if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

const PART = /^[a-z0-9_.-]{1,32}$/i;

/** Parses "os/arch[/variant]" (the --platform option); throws with a sentence on anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => PART.test(p))) {
    throw new Error(`platform "${text}": expected os/architecture or os/architecture/variant, such as linux/amd64 or linux/arm/v7`);
  }
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** Whether an index entry's platform is the one asked for, both normalized. */
export function platformMatches(entry: Platform, wanted: Platform): boolean {
  const a = normalizePlatform(entry);
  const b = normalizePlatform(wanted);
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '');
}

/**
 * The platforms a node of `wanted` runs, best first, as containerd's default
 * matcher has them: the exact one, then what the CPU runs too: arm64 runs
 * arm/v8 down to arm/v5, arm/vN the lower arm variants, amd64/vN the lower
 * amd64 levels and then 386.
 */
export function platformPreference(wanted: Platform): Platform[] {
  const w = normalizePlatform(wanted);
  const out: Platform[] = [w];
  const armFrom = (top: number) => {
    for (let v = top; v >= 5; v--) out.push({ os: w.os, architecture: 'arm', variant: `v${v}` });
  };
  const level = Number(/^v(\d)$/.exec(w.variant ?? '')?.[1] ?? NaN);
  if (w.architecture === 'arm64' && w.variant === 'v8') armFrom(8);
  else if (w.architecture === 'arm' && level >= 6 && level <= 8) armFrom(level - 1);
  else if (w.architecture === 'amd64') {
    for (let v = level - 1; v >= 2; v--) out.push({ os: w.os, architecture: 'amd64', variant: `v${v}` });
    if (w.variant) out.push({ os: w.os, architecture: 'amd64' });
    out.push({ os: w.os, architecture: '386' });
  }
  return out;
}

/** The best-ranked of `entries` for `wanted` (its position in entries), or -1 when the node runs none of them; `fallback` when it is not the exact platform. */
export function choosePlatform(entries: readonly (Platform | undefined)[], wanted: Platform): { at: number; fallback: boolean } {
  const ranks = platformPreference(wanted);
  let best = -1;
  let bestRank = Infinity;
  entries.forEach((entry, i) => {
    if (!entry) return;
    const rank = ranks.findIndex((r) => platformMatches(entry, r));
    if (rank >= 0 && rank < bestRank) {
      best = i;
      bestRank = rank;
    }
  });
  return { at: best, fallback: best >= 0 && bestRank > 0 };
}

const NODE_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };

/**
 * This machine's platform, as the CLI's default. Containers run Linux on macOS
 * as well (Docker Desktop, colima, podman machine), so the os is linux except
 * on Windows.
 */
export function hostPlatform(nodePlatform: string, nodeArch: string, armVersion?: string | number): Platform {
  const os = nodePlatform === 'win32' ? 'windows' : 'linux';
  const architecture = NODE_ARCH[nodeArch] ?? nodeArch;
  return normalizePlatform({ os, architecture, variant: architecture === 'arm' && armVersion !== undefined ? `v${armVersion}` : undefined });
}
