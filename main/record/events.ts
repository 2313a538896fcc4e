// The cluster's events at one moment of a recording (issue 12), for
// `export --recording FILE --at TIME --events`: the raw event objects the
// event watch held then, scrubbed as the recording keeps them. Read them as
// any events (main/model/events.ts normalizeEvent, staticEventFeed, eventsFor).

import type { KubeObject } from '../model/kube.ts';
import { openRecording, type Recording } from './reader.ts';

/**
 * The events held at `t` (ms since the recording's start, or worked out from
 * the recording, as main/cli/record.ts offsetOf does from --at) in the
 * recording in `file`; undefined when it carries none (format 1, or recorded
 * without events). Throws a SnapshotError naming the line for a bad file.
 */
export async function recordingEventsAt(file: string, t: number | ((recording: Recording) => number)): Promise<KubeObject[] | undefined> {
  const recording = await openRecording(file);
  return recording.eventsAt(typeof t === 'number' ? t : t(recording));
}
