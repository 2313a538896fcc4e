// The numbers of the protobuf field table (pod-schema.ts, made by
// main/tools/proto-schema.mjs, whose header lists them too): what a field
// holds, how many, and when JSON writes it. Const enums, so the bundle reads
// them as the numbers; the reader (decode.ts) and the tests' writer
// (test/fixtures/proto-encode.ts) take them from here.

/** What a field holds (a map's: its values). */
export const enum Kind {
  String = 0,
  Bool = 1,
  Int = 2,
  Double = 3,
  Bytes = 4,
  Msg = 5,
  Time = 6,
  MicroTime = 7,
  Duration = 8,
  Quantity = 9,
  IntStr = 10,
  Raw = 11,
  Skip = 12,
}

/** One value, a list, or a map. */
export const enum Card {
  One = 0,
  List = 1,
  Map = 2,
}

/** When JSON writes the field. */
export const enum Presence {
  Always = 0,
  OmitEmpty = 1,
  Pointer = 2,
  OmitZero = 3,
  /** A pointer without omitempty: null when unset. */
  PointerOrNull = 4,
}
