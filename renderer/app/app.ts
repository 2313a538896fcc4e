// The app controller: takes what the API pushes (session, model, progress,
// menu commands) and what the user does, keeps the state, and tells each part
// of the page to redraw what changed.

import type { AnatomyApi, LoadProgress, ModelUpdate, SessionState } from '../../main/contract/api.ts';
import { createCanvas, RENDERER_CHOICES } from './canvas.ts';
import type { SurfaceHost } from './scene-surface.ts';
import { createSemanticZoom, WARM_MARGIN_MS, WARM_SLICE_MS } from './semantic.ts';
import { createChrome } from './chrome.ts';
import { isCommand, runCommand, type Command, type CommandHost } from './commands.ts';
import { detailsFor } from './details/build.ts';
import { createFullPods } from './details/full-pod.ts';
import { renderPanel } from './details/panel.ts';
import { createImageAnatomy } from './details/image-anatomy.ts';
import { createEventsSection, eventTargets } from './details/events.ts';
import { createEventStories } from './details/event-story.ts';
import { createLogsSection } from './details/logs.ts';
import type { Target } from './details/types.ts';
import { createDialogs } from './dialogs.ts';
import { drawSelection, paintSelectionItems } from './export-selection.ts';
import { exportTheme, readPaperChoice } from './paper-export.ts';
import { installLegend } from './legend.ts';
import { createLensPanel } from './lens-panel.ts';
import { byId, setText } from './dom.ts';
import { FRAME_BUDGET, latestPerFrame, type Pace } from './frames.ts';
import { boundedMeasure } from './measures.ts';
import { createModelFeed } from './model-feed.ts';
import { bindRedactToggle, createRedaction, pageRandom } from './redaction.ts';
import { installKeyboard } from './keyboard.ts';
import { createDeferredIndexer, type DeferredIndex } from './model-index.ts';
import { createNamespaceFilter, placeBelow } from './namespace-filter.ts';
import { search } from './search.ts';
import { createSearchBox, nextCursor } from './search-box.ts';
import { readSetting, writeSetting } from './settings.ts';
import type { AppState } from './state.ts';
import { createStatusBar } from './statusbar.ts';
import { createStore } from './store.ts';
import { resolveLang, translator, type LangSetting } from './strings.ts';
import { errorText } from './status-text.ts';
import {
  effectiveTheme,
  readThemePreference,
  saveThemePreference,
  systemPrefersDark,
  toggledPreference,
  watchSystemTheme,
  type ThemePreference,
} from './theme.ts';
import { createTopbar } from './topbar.ts';
import { createZoom, padBox } from './zoom.ts';
import { createTourQuiz, type TourQuiz } from './tour-quiz.ts';
import { installTimeline } from './timeline.ts';
import { createCalloutsPanel, type CalloutsPanel } from './callouts-panel.ts';
import { createShownTeller } from './shown-teller.ts';

const LANG_SETTINGS: readonly LangSetting[] = ['auto', 'en', 'ko'];

/**
 * How often slow models are shown: at most a fifth of the page's time, the
 * browser's own work for a model (layout, paint, the accessibility tree)
 * counted with the script's, and never held more than 300 ms after the last
 * (a change is drawn within about a second at 100,000 pods: the server's
 * window, this wait, and the work). Up to 300 ms of waits are paid from the
 * page's idle time: at 5,000 pods a new pod's second event (scheduled) left
 * a frame of 60 ms, and its IP, 40-70 ms behind it, waited up to 90 ms more
 * for the pace on a page that had been idle for seconds.
 */
export const MODEL_PACE: Pace = { share: 0.2, maxWaitMs: 300, wholeFrame: true, creditMs: 300 };

export function startApp(doc: Document, api: AnatomyApi): void {
  const win = doc.defaultView!;
  const reducedMotion = () => !!win.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  let systemDark = systemPrefersDark(win);
  const themePreference = readThemePreference();
  const langSetting = readSetting('lang', LANG_SETTINGS, 'auto');
  const store = createStore<AppState>({
    revision: -1,
    query: '',
    search: null,
    matchCursor: -1,
    selectionGone: false,
    themePreference,
    theme: effectiveTheme(themePreference, systemDark),
    langSetting,
    lang: resolveLang(langSetting, win.navigator.language),
    detailsOpen: readSetting('details', ['open', 'closed'], 'open') === 'open',
  });
  const t = () => translator(store.get().lang);

  const canvasEl = byId(doc, 'canvas') as unknown as SVGSVGElement;
  const viewport = doc.getElementById('viewport') as unknown as SVGGElement;
  const searchInput = byId<HTMLInputElement>(doc, 'search');
  const zoomLevel = byId(doc, 'zoom-level');
  const exportMenu = byId(doc, 'export-menu');
  const exportButton = byId(doc, 'export-button');
  const panelEls = {
    panel: byId(doc, 'details'),
    kind: byId(doc, 'details-kind'),
    heading: byId(doc, 'details-heading'),
    subtitle: byId(doc, 'details-subtitle'),
    body: byId(doc, 'details-body'),
  };

  installLegend(doc);
  // Moves of an SVG drawing are shown as a picture until they end (zoom.ts); the canvas paints each frame itself.
  // The SVG fills the stage, sized in px from it as the zoom reads its size (view-size.ts pinnedSize).
  const stage = byId(doc, 'stage');
  const zoom = createZoom(canvasEl, viewport, reducedMotion, () => canvasEl.getAttribute('data-renderer') !== 'canvas', stage);
  // Until the user moves the picture, it stays fitted as the window resizes.
  let userMoved = false;
  zoom.onChange((k) => setText(zoomLevel, `${Math.round(k * 100)}%`));

  const announcer = byId(doc, 'announcer');
  const select = (target: Target | undefined) => {
    store.set({ selection: target, selectionGone: false, ...(target ? { detailsOpen: true } : {}) });
    const view = store.get().lastDetails;
    if (target && view?.uid === target.uid) setText(announcer, `${t()(`details.kind.${view.kind}`)} ${view.title}`);
  };
  const zoomToTarget = (target: Target, options?: { jump?: boolean }) => {
    const box = semantic.boxFor(target);
    if (!box) return;
    // Small things (compact pod tiles, a volume row) are shown with some surroundings.
    userMoved = true;
    zoom.zoomTo(padBox(box, 360, 240), { maxScale: target.kind === 'node' ? 1.2 : target.kind === 'pod' ? 1.6 : 2, jump: options?.jump });
  };
  const surfaceCanvas = byId<HTMLCanvasElement>(doc, 'scene-canvas');
  let markColors: { theme: string | undefined; colors: { accent: string; hit: string } } | undefined;
  const surfaceHost: SurfaceHost = {
    canvas: surfaceCanvas,
    tree: byId(doc, 'scene-tree'),
    transform: () => zoom.transform(),
    // Read from the stylesheet once per theme (data-theme on <html> is what selects them),
    // not at every paint: a computed-style read can make the page restyle inside a frame.
    colors: () => {
      const theme = doc.documentElement.dataset.theme;
      if (markColors && markColors.theme === theme) return markColors.colors;
      const style = win.getComputedStyle(stage);
      const colors = { accent: style.getPropertyValue('--accent').trim() || '#4f46e5', hit: style.getPropertyValue('--hit').trim() || '#f59e0b' };
      markColors = { theme, colors };
      return colors;
    },
  };
  const canvas = createCanvas(viewport, {
    select,
    zoomTo(target) {
      select(target);
      zoomToTarget(target);
    },
    focused(target) {
      const box = canvas.boxOf(target.uid);
      if (box) zoom.ensureVisible(box);
    },
  }, surfaceHost);
  let rendererChoice = readSetting('renderer', RENDERER_CHOICES, 'auto');
  canvas.setRenderer(rendererChoice);
  canvas.setLang(store.get().lang);
  zoom.onChange(() => canvas.moved());
  // The numbered notes (made below, once the command host's notice exists): a redrawn picture moves their markers.
  let callouts: CalloutsPanel | undefined;
  const semantic = createSemanticZoom(canvas, zoom, {
    redrawn: () => {
      paintMarks();
      callouts?.redraw();
    },
  });
  // Injected kube-api-access volumes: one compact row per pod unless the user shows them, so the sharing a lesson is about stands out.
  let injectedMode = readSetting('injected', ['collapsed', 'full'] as const, 'collapsed');
  canvas.setInjected(injectedMode);
  // The concept lenses (C1–C11): picker, highlight and explanation; showLens is what the tour and deep links call.
  const lensPanel = createLensPanel(doc, {
    injected: () => injectedMode,
    setInjected: (mode) => {
      injectedMode = mode;
      writeSetting('injected', mode === 'collapsed' ? null : mode);
      canvas.setInjected(mode);
      const s = store.get();
      if (s.model) semantic.show(s.model, s.theme, false, !userMoved);
    },
    model: () => store.get().model,
    lang: () => store.get().lang,
    highlight: (points) => canvas.setLens(points),
    show: (target) => {
      select(target);
      zoomToTarget(target);
    },
    keyboardBlocked: () => dialogs.anyOpen(),
  });

  // Numbered notes pinned to objects (issue 11, item 4): their panel on the stage, their markers over the picture.
  callouts = createCalloutsPanel({
    doc,
    parent: stage,
    viewport,
    model: () => store.get().model,
    selection: () => store.get().selection,
    layout: () => canvas.layout(),
    scale: () => zoom.transform().k,
    theme: () => store.get().theme,
    t,
    notice: (text) => host.notice(text),
  });
  zoom.onChange(() => callouts?.moved());

  const call = <R>(p: Promise<R>): Promise<R | undefined> =>
    p.catch((error: unknown) => {
      store.set({ error: t()('error.call', { message: errorText(error, t()) }) });
      return undefined;
    });

  const topbar = createTopbar(doc, {
    useContext: (context) =>
      void call(api.invoke('context:use', { context })).then((s) => {
        if (s) onSession(s);
        // Refused (e.g. the context left the kubeconfig): the picker goes back to the context in use.
        else topbar.renderContexts(store.get().contexts, store.get().session, t());
      }),
  });
  const nsFilter = createNamespaceFilter(doc, async (namespaces) => {
    // Chosen as shown (pseudonyms while redacted), asked by the real names.
    const s = await call(api.invoke('namespaces:set', { namespaces: namespaces.map((n) => redaction.realNamespace(n)) }));
    if (s) onSession(s);
  });
  const statusBar = createStatusBar(doc);
  const dialogs = createDialogs(doc, {
    setLang: (lang) => {
      writeSetting('lang', lang === 'auto' ? null : lang);
      store.set({ langSetting: lang, lang: resolveLang(lang, win.navigator.language) });
    },
    setTheme: (pref) => setThemePreference(pref),
    setRenderer: (choice) => {
      rendererChoice = choice;
      writeSetting('renderer', choice === 'auto' ? null : choice);
      canvas.setRenderer(choice);
      const s = store.get();
      // The other renderer may open other levels: the picture is laid out again where it is seen (or fitted).
      if (s.model) semantic.show(s.model, s.theme, false, !userMoved);
    },
    dismissError: () => store.set({ error: undefined }),
  });

  const paintChrome = createChrome(doc, { topbar, nsFilter, statusBar, dialogs, namespace: (n) => redaction.namespace(n) });
  // Made once the command host exists (at the end); models and languages before that have nothing to tell it.
  let teach: TourQuiz | undefined;

  function setThemePreference(pref: ThemePreference): void {
    saveThemePreference(pref);
    store.set({ themePreference: pref, theme: effectiveTheme(pref, systemDark) });
  }
  watchSystemTheme(win, (dark) => {
    systemDark = dark;
    const s = store.get();
    store.set({ theme: effectiveTheme(s.themePreference, dark) });
  });

  // ------------------------------------------------------------ inputs from the API

  // Models are shown on animation frames: those arriving within one frame are
  // shown once, as the last of them, and nothing waits on a timer.
  // A model after a quiet spell of two frames (the first, a lone change) is
  // shown at once; one that follows another that closely waits for the frame.
  // Models that take longer than a frame to show (a large cluster's stream)
  // are shown at most MODEL_PACE's share of the time: each drops a frame or
  // two, so a page shows fewer of them and stays smooth between them.
  const models = latestPerFrame<ModelUpdate>(win, showModel, undefined, 2 * FRAME_BUDGET, MODEL_PACE);
  // The page's copy of the model, from whole models and patches, each applied
  // as it comes (a patch only to the revision it was made against; a missed
  // one asks for the whole model again). Only the drawing waits for a frame.
  const feed = createModelFeed({
    fetch: () => api.invoke('model:get'),
    show: (update) => models.push(update),
    log: (message) => console.warn(`kube-anatomy: ${message}`),
  });

  function onModel(update: ModelUpdate): void {
    if (!update || typeof update !== 'object' || !update.model || typeof update.model !== 'object') return;
    feed.model(update);
  }

  // Each model shown is recorded as a performance measure ('ka-model', with its
  // revision in detail), so that a benchmark can tell which paint ('ka-paint',
  // scene-surface.ts) first showed a change: any paint that starts after it.
  const measureModel = boundedMeasure('ka-model');
  // Indexes only the nodes a patch touched (the models share the others), and
  // only once something asks or the page is idle: the picture does not wait for it.
  const indexer = createDeferredIndexer();
  let shownIndex: DeferredIndex | undefined;
  let indexing = false;
  /**
   * Makes the index of the model shown last in idle time, a node at a time
   * until WARM_MARGIN_MS of an idle period are left (WARM_SLICE_MS a task
   * without idle periods): at 100,000 pods it is some 500 ms of work, which a
   * move begun meanwhile would otherwise wait for. Something that asks for it
   * first makes the rest at once.
   */
  function indexWhenIdle(): void {
    if (indexing || !shownIndex || shownIndex.made) return;
    indexing = true;
    const run = (deadline?: { timeRemaining(): number }) => {
      indexing = false;
      const started = performance.now();
      const more = deadline ? () => deadline.timeRemaining() > WARM_MARGIN_MS : () => performance.now() - started < WARM_SLICE_MS;
      if (shownIndex && !shownIndex.make(more)) indexWhenIdle();
    };
    const idle = (win as Window & { requestIdleCallback?: (callback: (deadline: { timeRemaining(): number }) => void) => number }).requestIdleCallback;
    if (typeof idle === 'function') idle.call(win, run);
    else win.setTimeout(() => run(), 0);
  }
  // The Redact toggle: the page shows, searches, details and exports the redacted model while it is on.
  const redaction = createRedaction(pageRandom);
  let lastModel: ModelUpdate | undefined;
  // The notes made on the page go across with it, pinned by the pseudonyms while it is on.
  bindRedactToggle(doc, redaction, () => callouts?.list(), (redacted) => {
    // Another picture's uids: what was selected is not in it. The chrome shows pseudonyms or hides what has none.
    store.set({ selection: undefined, selectionGone: false, redacted });
    if (lastModel) showModel(lastModel, true);
    teach?.redactSwitched();
  });
  // The live cluster's first model drawn: the main process lists its events after that.
  const tellShown = createShownTeller(win, (revision) => api.invoke('view:shown', { revision }));
  /** `toggled`: the same model again, shown the other way by the Redact toggle. */
  function showModel(update: ModelUpdate, toggled = false): void {
    const started = performance.now();
    showModelNow(update, toggled);
    measureModel(started, { revision: Number(update.revision) || 0 });
    // Its picture in this same task (the frame's pacing counts it): a paint at the next frame is one more long task.
    canvas.paintNow();
    indexWhenIdle();
    tellShown.shown(Number(update.revision));
  }

  function showModelNow(update: ModelUpdate, toggled: boolean): void {
    lastModel = update;
    update = { ...update, model: redaction.view(update.model) };
    const s = store.get();
    const first = !s.model;
    const index = indexer(update.model);
    shownIndex = index;
    const gone = !!s.selection && !index.get(s.selection.uid);
    // Another source is another picture: where the user had moved the old one means nothing here,
    // and none of its objects move into the new one, so it is drawn at once rather than faded across
    // (a whole picture fading out and another in cost every frame for 350 ms).
    const was = s.model?.source;
    const now = update.model.source;
    const switched = !first && (was?.kind !== now?.kind || was?.name !== now?.name);
    if (switched) userMoved = false;
    // A picture the user has not moved stays fitted as it grows or shrinks.
    semantic.show(update.model, s.theme, !first && !switched && !reducedMotion(), first || !userMoved);
    // The picture first, then what follows from the model around it (status, details, search count, lens
    // panel: about 12 ms a change at 100 pods), so that a change is seen that much sooner.
    store.set({
      model: update.model,
      revision: Number(update.revision) || 0,
      index,
      search: search(update.model, s.query),
      selectionGone: gone,
    });
    // Laid out now, so a tour step or a deep link can zoom to what it shows.
    teach?.modelShown();
    // The notes found again on the new model (a replaced pod's note detached); another source brings its own.
    // The Redact toggle shows the same cluster under other names: the notes made here stay (detached while
    // redacted, as they are pinned by the real names, and pinned again when it is off).
    callouts?.modelShown(update.model, first || (switched && !toggled));
  }

  function onSession(session: SessionState): void {
    if (!session || typeof session !== 'object') return;
    const previous = store.get().session;
    store.set({ session });
    tellShown.session(session.firstRevision);
    if (previous && previous.context !== session.context) refreshContexts();
  }

  function onProgress(progress: LoadProgress): void {
    store.set({ progress });
    // A cluster the canvas will draw: its faces load while the rest is read (they took 0.5 s after a first paint at 5,000 pods).
    if (progress && progress.resource === 'pods') canvas.expectPods(Math.max(Number(progress.total) || 0, Number(progress.loaded) || 0), store.get().lang);
  }

  function refreshContexts(): void {
    api.invoke('contexts:list').then(
      (contexts) => store.set({ contexts }),
      () => {},
    );
  }

  // ------------------------------------------------------------ rendering

  function paintMarks(): void {
    const s = store.get();
    canvas.mark(s.selection, s.search);
  }

  // A summarized pod (a large cluster) is shown whole in the panel, asked for when it is in view.
  const fullPods = createFullPods({
    // Asked by the real uid (the session has no pseudonyms); shown redacted.
    fetch: (uid) => api.invoke('object:get', { uid: redaction.askUid(uid) }).then((reply) => redaction.reply(reply)),
    changed: () => paintDetails(),
  });

  // The registry's part of a container's Image section, asked when it first shows (image:get).
  const imageAnatomy = createImageAnatomy(doc, { ask: (req) => (redaction.on() ? Promise.reject(new Error(t()('redact.image.notAsked'))) : api.invoke('image:get', req)), stages: (listener) => api.on('image-stage', listener) });

  // An object's events at the end of its details (events:get), asked again while shown when they change.
  const eventsSection = createEventsSection(doc, { ask: (target) => api.invoke('events:get', target), changes: (listener) => api.on('events', listener) });
  // The lenses' stories in the same answers: C1 a pod's scheduling, C7/C10 (and plainly, without them) a container's image pulls.
  const eventStories = createEventStories(doc, eventsSection);
  let storyLens = lensPanel.active();
  lensPanel.onChange((id) => {
    const was = storyLens;
    storyLens = id;
    // Only a lens whose story the details tell (or told) paints them again: a tour step changes lenses often.
    if (was !== id && [was, id].some((c) => c === 'C1' || c === 'C7' || c === 'C10') && store.get().selection) paintDetails();
  });

  // A container's log at the end of its details (logs:open/read/close); closed when it leaves the panel or the panel closes.
  const logsSection = createLogsSection(doc, { open: (req) => api.invoke('logs:open', req), read: (req) => api.invoke('logs:read', req), close: (id) => api.invoke('logs:close', { id }) });
  // Pods with recent warnings carry a mark; not in a redacted view, whose uids are pseudonyms.
  let warnings: string[] = [];
  const markWarned = () => canvas.warnings(new Set(redaction.on() ? [] : warnings), t()('events.warningMark'));
  api.on('events', (e) => {
    warnings = Array.isArray(e?.warnings) ? e.warnings.filter((w): w is string => typeof w === 'string') : [];
    markWarned();
  });

  function paintDetails(): void {
    const s = store.get();
    let view = s.lastDetails;
    const ctx = { t: t(), now: Date.now() };
    const entry = s.selection && s.index ? s.index.get(s.selection.uid) : undefined;
    const full = fullPods.details(s.selection, s.index, s.revision, ctx);
    if (full) view = full.view;
    else if (entry && s.index) view = detailsFor(entry, s.index, ctx);
    // A selection that was never seen (e.g. a link out of a deleted object) has nothing to show.
    if (!s.selection || (!full && !entry && view?.uid !== s.selection.uid)) view = undefined;
    if (view !== s.lastDetails) store.set({ lastDetails: view });
    renderPanel(doc, panelEls, {
      view,
      gone: full ? full.gone : !!s.selection && !entry,
      t: t(),
      onLink: (target) => {
        select(target);
      },
      onZoom: zoomToTarget,
      sectionExtra: (id) => {
        if (id !== 'image' || entry?.kind !== 'container' || view?.kind !== 'container') return null;
        const anatomy = imageAnatomy.element({ podUid: entry.pod.uid, container: entry.container }, t(), s.lang);
        if (redaction.on()) return anatomy;
        const both = doc.createDocumentFragment();
        both.append(eventStories.pulls(entry.pod, entry.container, t(), lensPanel.active()), anatomy);
        return both;
      },
    });
    if (view && entry?.kind === 'pod' && !full?.gone && !redaction.on() && lensPanel.active() === 'C1') panelEls.body.appendChild(eventStories.scheduling(entry.pod, t()));
    // Not in a redacted view: event notes name the real objects.
    if (view && entry && !redaction.on()) for (const { target, heading } of eventTargets(entry, t())) panelEls.body.appendChild(eventsSection.element(target, heading, t()));
    // Not in a redacted view either: a log names real things.
    if (view && !full?.gone && entry?.kind === 'container' && !redaction.on()) {
      panelEls.body.appendChild(logsSection.element({ namespace: String(entry.pod.namespace), pod: String(entry.pod.name), container: String(entry.container.name), restarts: Number(entry.container.restartCount) || 0, podUid: String(entry.pod.uid) }, t()));
    }
    logsSection.sweep(s.detailsOpen);
  }

  store.subscribe((s, changed) => {
    paintChrome(s, changed, t());
    // Through the semantic zoom, which keeps the theme for every later layout (a level crossed, a resize).
    // A new language lays the picture out again: its words are measured in it.
    if (changed.has('lang')) canvas.setLang(s.lang);
    if ((changed.has('theme') || changed.has('lang')) && s.model) semantic.show(s.model, s.theme, false, false);
    if (changed.has('selection') || changed.has('search') || changed.has('theme')) paintMarks();
    if (changed.has('selection') || changed.has('search') || changed.has('model') || changed.has('lang')) paintSelectionItems(doc, s, t());
    if (changed.has('selection') || changed.has('index') || changed.has('lang')) paintDetails();
    // A closed panel stops its logs; opened again, it shows them afresh.
    else if (changed.has('detailsOpen')) paintDetails();
    if (changed.has('model') || changed.has('lang')) lensPanel.refresh();
    if (changed.has('lang')) teach?.langChanged();
    if (changed.has('lang')) tellLang(s.lang);
    if (changed.has('lang')) markWarned();
    if (changed.has('selection')) callouts?.selectionChanged();
    if (changed.has('lang')) callouts?.langChanged();
    else if (changed.has('theme')) callouts?.redraw();
  });

  // ------------------------------------------------------------ search box

  const searchBox = createSearchBox(searchInput, {
    query: (query) => store.set({ query, search: search(store.get().model, query), matchCursor: -1 }),
    step: (backward) => {
      const s = store.get();
      const matches = s.search?.matches ?? [];
      const cursor = nextCursor(s.matchCursor, matches.length, backward);
      if (cursor < 0) return;
      store.set({ matchCursor: cursor, selection: matches[cursor], selectionGone: false, detailsOpen: true });
      zoomToTarget(matches[cursor]);
    },
    cleared: () => store.set({ query: '', search: null, matchCursor: -1 }),
  });

  // ------------------------------------------------------------ commands

  const host: CommandHost = {
    api,
    doc,
    t,
    // A redacted picture's file is named by its pseudonym, not the context's name.
    sourceName: () => (redaction.on() ? store.get().model?.source?.name : undefined) ?? store.get().session?.source.name ?? store.get().model?.source?.name ?? '',
    drawing: () => {
      // An export shows the latest model, not the one drawn before it arrived.
      models.flush();
      if (!store.get().model) return undefined;
      // An export taken mid-animation would show objects between two places.
      const layout = canvas.finish() ?? canvas.layout();
      paintMarks();
      if (!layout) return undefined;
      const drawn = { svg: canvas.drawing, width: layout.width, height: layout.height, done: () => canvas.exported() };
      // With notes, a copy carrying them and their list (the drawing on screen is left as it is).
      return callouts ? callouts.forExport(drawn, layout) : drawn;
    },
    selectionDrawing: () => {
      // The latest model, as the whole picture's export takes it.
      models.flush();
      const s = store.get();
      return drawSelection(s, doc, { theme: exportTheme(readPaperChoice(doc), s.theme), lang: s.lang, injected: injectedMode });
    },
    paperSource: (part) => {
      // The legend, footer and alt text of an export say what it shows: the whole model, or the part.
      const s = store.get();
      if (!s.model) return undefined;
      return part ? { model: part, lang: s.lang, injected: injectedMode } : { model: s.model, layout: canvas.layout(), lang: s.lang, injected: injectedMode };
    },
    error: (message) => store.set({ error: message }),
    notice: (message) => {
      store.set({ notice: undefined });
      store.set({ notice: message });
    },
    zoomBy: (f) => {
      userMoved = true;
      zoom.zoomBy(f);
    },
    fit: () => {
      userMoved = false;
      semantic.fit();
    },
    panBy: (dx, dy) => {
      userMoved = true;
      zoom.panBy(dx, dy);
    },
    toggleTheme: () => setThemePreference(toggledPreference(store.get().themePreference, systemDark)),
    toggleDetails: () => store.set({ detailsOpen: !store.get().detailsOpen }),
    focusSearch: () => searchBox.focus(),
    escape: () => {
      if (dialogs.closeOpen()) return;
      const popover = doc.querySelector<HTMLElement>(':popover-open');
      if (popover) {
        popover.hidePopover();
        return;
      }
      const s = store.get();
      if (s.error) store.set({ error: undefined });
      else if (s.query) searchBox.clear();
      else if (lensPanel.active()) lensPanel.showLens(null);
      else if (s.selection) select(undefined);
    },
    about: () => {
      dialogs.about(undefined, t());
      api.invoke('app:info').then(
        (info) => dialogs.about(info, t()),
        () => {},
      );
    },
    help: () => {
      const s = store.get();
      dialogs.help(t(), s.langSetting, s.themePreference, rendererChoice);
    },
    startTour: () => teach?.startTour(),
    startQuiz: () => teach?.startQuiz(),
    addCallout: () => callouts?.add(),
    // Saved pinned by the real names: a snapshot holds the real objects.
    callouts: () => redaction.realNotes(callouts?.list() ?? []),
    redacted: () => redaction.on(),
    confirm: (text) => dialogs.confirm(text),
  };
  const run = (command: Command) => {
    void runCommand(host, command);
  };
  // A recording's timeline and the Record button of a live cluster (timeline.ts).
  installTimeline({ doc, api, store, t, notice: (text) => host.notice(text), error: (text) => host.error(text), confirm: (text) => dialogs.confirm(text) });

  doc.addEventListener('click', (e) => {
    const button = (e.target as Element | null)?.closest?.('[data-command]');
    const command = button?.getAttribute('data-command');
    if (!isCommand(command)) return;
    if (exportMenu.contains(button!)) exportMenu.hidePopover();
    run(command);
  });
  exportMenu.addEventListener('toggle', (e) => {
    const open = (e as ToggleEvent).newState === 'open';
    exportButton.setAttribute('aria-expanded', String(open));
    if (open) {
      placeBelow(exportButton, exportMenu, 'end');
      exportMenu.querySelector<HTMLElement>('[data-command]')?.focus();
    }
  });
  installKeyboard(doc, api.shell === 'electron', (action) => {
    // A modal dialog owns the keyboard: the picture behind it must not move (Esc is the dialog's own).
    if (dialogs.anyOpen()) return false;
    run(action);
    return true;
  });
  api.on('menu', (command) => {
    if (isCommand(command)) run(command);
  });
  // The desktop app's native menu is said in the page's language (a browser has none: the server does nothing).
  function tellLang(lang: AppState['lang']): void {
    api.invoke('menu:lang', { lang }).catch(() => undefined);
  }
  tellLang(store.get().lang);
  api.on('model', onModel);
  api.on('patch', (update) => feed.patch(update));
  api.on('session', onSession);
  api.on('progress', onProgress);
  api.on('link', (link) => store.set({ link: link && typeof link === 'object' ? link : undefined }));

  // The tour, the quiz and deep links (#tour=3, #quiz=42, #lens=C3, #lang=ko, README "Teaching").
  teach = createTourQuiz({
    doc,
    parent: stage,
    model: () => store.get().model,
    lang: () => store.get().lang,
    // A link's language is for this page: the saved setting stays as the user chose it.
    setLang: (lang) => store.set({ langSetting: lang, lang }),
    // The tour zooms to its example itself: the lens only marks and highlights it.
    showLens: (concept, example, options) => void lensPanel.showLens(concept, example, { zoom: false, ...options }),
    activeLens: () => lensPanel.active(),
    lens: (concept, model) => lensPanel.lensOn(concept, model),
    // A container or volume not drawn at this level is shown by its pod: opening the containers level
    // for it would lay the whole cluster out again (seconds at 5,000 pods) at every tour step.
    zoomTo: (target, options) => zoomToTarget(canvas.boxOf(target.uid) || !target.within ? target : { kind: 'pod', uid: target.within }, options),
    // A large SVG, or a user who asked for less motion: the tour jumps to its examples (tour-panel.ts tourJumps).
    motion: () => ({ renderer: canvasEl.getAttribute('data-renderer') === 'canvas' ? 'canvas' : 'svg', pods: Number(store.get().model?.stats?.pods) || 0, reducedMotion: reducedMotion() }),
    useDemo: () => void call(api.invoke('source:demo')).then((s) => s && onSession(s)),
    blocked: () => dialogs.anyOpen(),
    notice: (text) => host.notice(text),
  });

  // First paint with what we have, then fetch the current state.
  paintChrome(store.get(), new Set(['lang', 'session', 'model', 'contexts', 'search', 'detailsOpen', 'theme'] as Array<keyof AppState>), t());
  paintDetails();
  api.invoke('session:get').then(onSession, (error: unknown) => {
    // A page whose own link is down already says why, in the middle and in the status bar.
    if (!store.get().link) store.set({ error: t()('error.call', { message: errorText(error, t()) }) });
  });
  // A model pushed meanwhile wins over an older reply. The browser-mode server
  // sends the model unasked as the page connects (and reconnects).
  if (api.shell !== 'browser') feed.resync();
  refreshContexts();
  new ResizeObserver(() => {
    // A window of another shape gets a picture laid out for it; until the user moves it, fitted.
    semantic.resized(!userMoved);
    canvas.moved();
  }).observe(stage);
  canvasEl.addEventListener('wheel', () => (userMoved = true), { passive: true });
  canvasEl.addEventListener('pointerdown', () => (userMoved = true));
}
