// Snapshot files (kubectl's List output, read and written) and the built-in demo cluster.

export { parseSnapshot, parseSnapshotStream, MAX_SNAPSHOT_BYTES, MAX_WHOLE_TEXT_BYTES } from './read.ts';
export type { ParseOptions, Snapshot, StreamParseOptions } from './read.ts';
export { writeSnapshot } from './write.ts';
export type { SnapshotFormat, WriteOptions } from './write.ts';
export { SnapshotError } from './error.ts';
export { SNAPSHOT_META_KEY } from './meta.ts';
export type { SnapshotMeta } from './meta.ts';
export { loadDemo, DEMO_FILE_NAME } from './demo-asset.ts';
