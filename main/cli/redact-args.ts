// The export's redaction options (issue 11, item 5): --redact and
// --redact-key FILE. Pure, like args.ts, which spreads these in.

export const REDACT_OPTIONS = {
  redact: { type: 'boolean' },
  'redact-key': { type: 'string' },
} as const;

export const REDACT_FLAGS = Object.keys(REDACT_OPTIONS) as (keyof typeof REDACT_OPTIONS)[];

export interface RedactChoice {
  /** The key file that keeps pseudonyms stable across exports; a fresh random key when absent. */
  keyFile?: string;
}

export const REDACT_USAGE = `  --redact            export: every name, namespace, IP, label and image from the
                      cluster drawn as a pseudonym, for sharing; counts, kinds,
                      statuses and what is shared stay; the picture says so
  --redact-key FILE   export: the key of the pseudonyms, so they stay the same
                      across exports (created, owner only, when missing);
                      without it each export has a random key of its own
`;

/** What args.ts returns of these flags: nothing without --redact; a usage problem as text, for args.ts to throw. */
export function redactChoiceOf(values: { redact?: boolean; 'redact-key'?: string }): { redact?: RedactChoice } | string {
  const keyFile = values['redact-key'];
  if (keyFile !== undefined && !values.redact) return '--redact-key FILE keeps the pseudonyms of --redact: give --redact too';
  if (keyFile === '') return '--redact-key needs a file name';
  if (!values.redact) return {};
  return { redact: keyFile !== undefined ? { keyFile } : {} };
}
