// The export's paper options (issue 11): --title, --caption, --no-legend,
// --no-footer and --alt. Pure, like args.ts, which spreads these in and throws
// a usage error with the sentence paperChoiceOf returns for a flag written wrongly.

import { MAX_CAPTION, MAX_TITLE } from '../export/paper.ts';

export const PAPER_OPTIONS = {
  title: { type: 'string' },
  caption: { type: 'string' },
  'no-legend': { type: 'boolean' },
  'no-footer': { type: 'boolean' },
  alt: { type: 'boolean' },
} as const;

export const PAPER_FLAGS = Object.keys(PAPER_OPTIONS) as (keyof typeof PAPER_OPTIONS)[];

export interface PaperChoice {
  legend: boolean;
  footer: boolean;
  title?: string;
  caption?: string;
}

export const PAPER_USAGE = `  --title TEXT        export: a title above the picture
  --caption TEXT      export: a caption under the title
  --no-legend         export: leave out the legend of what the picture uses
  --no-footer         export: leave out the footer (source and time; the time is
                      $SOURCE_DATE_EPOCH when set, else now)
  --alt               export: also write the alt text, with the image's link,
                      to a .md file beside the image
`;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What is wrong with a --title or --caption, or undefined. */
function textProblem(name: string, raw: string | undefined, max: number): string | undefined {
  if (raw === undefined) return undefined;
  if (!raw.trim()) return `--${name} needs a text`;
  if (CONTROL.test(raw)) return `--${name}: the text has a control character (a line break or tab); write it on one line`;
  if ([...raw].length > max) return `--${name}: the text has ${[...raw].length} characters; at most ${max}`;
  return undefined;
}

/** The paper asked for, or the sentence saying which flag is wrong. */
export function paperChoiceOf(values: { title?: string; caption?: string; 'no-legend'?: boolean; 'no-footer'?: boolean }): PaperChoice | string {
  const problem = textProblem('title', values.title, MAX_TITLE) ?? textProblem('caption', values.caption, MAX_CAPTION);
  if (problem) return problem;
  const title = values.title?.trim();
  const caption = values.caption?.trim();
  return { legend: !values['no-legend'], footer: !values['no-footer'], ...(title ? { title } : {}), ...(caption ? { caption } : {}) };
}

/** The footer's time: SOURCE_DATE_EPOCH (reproducible builds' convention) when set, else the clock's now. */
export function footerTimeOf(env: Readonly<Record<string, string | undefined>>, now: () => Date): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return now();
  if (!/^\d{1,12}$/.test(raw)) throw new Error(`SOURCE_DATE_EPOCH=${raw.slice(0, 40)}: expected whole seconds since 1970-01-01 UTC`);
  return new Date(Number(raw) * 1000);
}
