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
