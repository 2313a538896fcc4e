// The page's copy of the model, kept up to date from what the API pushes: a
// whole model, or a patch against a revision. A patch applies only to the
// revision it was made against; a page that missed one (a dropped link, a
// patch that does not fit) asks for the whole model again and, meanwhile,
// holds the patches that come, so none is lost: after the reply, those that
// follow on from it are applied in order. Every model goes to `show` as soon
// as it is known; drawing it is for the next animation frame (frames.ts),
// which drops intermediate drawings, never patches.

import type { ModelPatchUpdate, ModelUpdate } from '../../main/contract/api.ts';
import { applyPatch } from '../../main/model/patch.ts';

export interface ModelFeedOptions {
  /** The whole current model (model:get). */
  fetch(): Promise<ModelUpdate | null | undefined>;
  /** The model now, each time it changes. */
  show(update: ModelUpdate): void;
  /** Says why the whole model was asked for again. */
  log?(message: string): void;
}

export interface ModelFeed {
  /** A whole model pushed by the API: it replaces whatever the page had (a restarted server numbers anew). */
  model(update: ModelUpdate): void;
  patch(update: ModelPatchUpdate): void;
  /** Asks for the whole model, unless that is already under way (at start, and after a missed revision). */
  resync(): void;
  current(): ModelUpdate | undefined;
  /** How many times the whole model was asked for. */
  fetches(): number;
}

function isModelUpdate(value: unknown): value is ModelUpdate {
  const u = value as ModelUpdate | null;
  return typeof u === 'object' && u !== null && Number.isSafeInteger(u.revision) && typeof u.model === 'object' && u.model !== null;
}

function isPatchUpdate(value: unknown): value is ModelPatchUpdate {
  const u = value as ModelPatchUpdate | null;
  return (
    typeof u === 'object' &&
    u !== null &&
    Number.isSafeInteger(u.baseRevision) &&
    Number.isSafeInteger(u.revision) &&
    u.revision > u.baseRevision &&
    typeof u.patch === 'object' &&
    u.patch !== null &&
    u.patch.kind === 'changes' &&
    Array.isArray(u.patch.pods) &&
    Array.isArray(u.patch.nodes)
  );
}

export function createModelFeed(options: ModelFeedOptions): ModelFeed {
  let current: ModelUpdate | undefined;
  let fetching = false;
  let fetches = 0;
  /** Set when the last reply still left held patches out of reach: the next reply that does drops them. */
  let retried = false;
  /** Patches that came while the page could not apply them, waiting for the revision they follow. */
  let held: ModelPatchUpdate[] = [];

  function set(update: ModelUpdate): void {
    current = update;
    options.show(update);
  }

  /** Applies one patch to the current model; false when it does not fit. */
  function apply(update: ModelPatchUpdate): boolean {
    let model;
    try {
      model = applyPatch(current!.model, update.patch);
    } catch (error) {
      options.log?.(`a patch to revision ${update.revision} does not fit the model: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    set({ revision: update.revision, model });
    return true;
  }

  /**
   * Applies the held patches that follow on from the current revision, in
   * order, and drops those it already holds. True when some are still out of
   * reach, or one did not fit: the whole model is needed again.
   */
  function applyHeld(): boolean {
    if (!current) return held.length > 0;
    held.sort((a, b) => a.baseRevision - b.baseRevision);
    let gap = false;
    const rest: ModelPatchUpdate[] = [];
    for (const update of held) {
      if (update.revision <= current.revision) continue;
      if (!gap && update.baseRevision === current.revision && apply(update)) continue;
      gap = true;
      rest.push(update);
    }
    held = rest;
    return gap;
  }

  function settle(): void {
    if (!applyHeld()) {
      retried = false;
      return;
    }
    if (fetching) return;
    if (!retried) {
      retried = true;
      resync();
      return;
    }
    // Twice the whole model did not reach them: they belong to what it already replaced (a restarted server).
    held = [];
    retried = false;
  }

  function resync(): void {
    if (fetching) return;
    fetching = true;
    fetches += 1;
    options.fetch().then(
      (update) => {
        fetching = false;
        // A reply may be older than a model pushed meanwhile: the newer one stays.
        if (isModelUpdate(update) && (!current || update.revision > current.revision)) set(update);
        settle();
      },
      () => {
        // The link is down; the bridge pushes the whole model when it is back.
        fetching = false;
      },
    );
  }

  return {
    model(update) {
      if (!isModelUpdate(update)) return;
      set(update);
      settle();
    },
    patch(update) {
      if (!isPatchUpdate(update)) {
        // Something came that cannot be read: whatever it changed, the whole model has it.
        options.log?.('a patch that cannot be read came; asking for the whole model');
        resync();
        return;
      }
      if (current && update.revision <= current.revision) return;
      if (current && held.length === 0 && update.baseRevision === current.revision) {
        if (!apply(update)) resync();
        return;
      }
      if (current && !fetching) options.log?.(`missed a change: the page has revision ${current.revision}, the patch is from revision ${update.baseRevision}`);
      held.push(update);
      if (fetching) return;
      retried = false;
      resync();
    },
    resync,
    current: () => current,
    fetches: () => fetches,
  };
}
