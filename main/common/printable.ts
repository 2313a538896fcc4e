// Untrusted text (from a cluster, a snapshot, a kubeconfig) ends up in
// terminals and logs. These characters could drive the terminal or make a
// message read differently from what it says: C0 controls, DEL, C1 controls
// (0x9b is a one-byte CSI on some terminals) and the bidi overrides.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every unprintable character replaced by `replacement`, or by its \uXXXX escape when none is given. */
export function printable(text: string, replacement?: string): string {
  return replacement === undefined ? text.replace(UNPRINTABLE, escape) : text.replace(UNPRINTABLE, replacement);
}

/** Like printable, but keeps line breaks: for multi-line messages written to a terminal. */
export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((line) => printable(line))
    .join('\n');
}

// In a page the terminal's controls do no harm, but the invisible format
// characters (Unicode category Cf: the bidi embeddings, overrides and isolates,
// zero-width spaces and joiners, the BOM, tag characters) still make a name read
// differently from what it is: "x\u202Egnp.sh" shows as "xhs.png". Text from a
// cluster or a file shows each of them as a visible marker instead.
const INVISIBLE = /\p{Cf}/u;
const INVISIBLE_ALL = /\p{Cf}/gu;

function marker(c: string): string {
  return `‹U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}›`;
}

/** `text` with every invisible format character written as ‹U+XXXX›: for text shown in the page or a picture (as text, never HTML). */
export function showInvisible(text: string): string {
  return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, marker) : text;
}
