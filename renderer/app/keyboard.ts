// Keyboard shortcuts: a pure mapping from a key event to an action (tested),
// and the one listener that feeds it. Typing in a field never triggers them,
// except Escape, which leaves the field.

export type KeyAction =
  | 'focus-search'
  | 'escape'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-fit'
  | 'pan-left'
  | 'pan-right'
  | 'pan-up'
  | 'pan-down'
  | 'help'
  | 'open-snapshot'
  | 'save-snapshot'
  | 'find'
  | 'copy-image'
  | 'start-tour'
  | 'start-quiz'
  | 'add-callout';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  /** The event target is a text field, select or editable element. */
  typing: boolean;
  /** In Electron the app menu owns the Ctrl/Cmd accelerators. */
  menuOwnsAccelerators: boolean;
}

export function keyAction(e: KeyInput): KeyAction | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  if (e.key === 'Escape') return 'escape';
  if (mod && !e.altKey) {
    if (e.menuOwnsAccelerators) return null;
    switch (e.key.toLowerCase()) {
      case 'f':
        return 'find';
      case 'o':
        return 'open-snapshot';
      case 's':
        return 'save-snapshot';
      // Copy the picture as PNG (the desktop app's menu has the same accelerator).
      case 'c':
        return e.shiftKey ? 'copy-image' : null;
      default:
        return null;
    }
  }
  if (e.typing || e.altKey || mod) return null;
  switch (e.key) {
    case '/':
      return 'focus-search';
    case '+':
    case '=':
      return 'zoom-in';
    case '-':
    case '_':
      return 'zoom-out';
    case '0':
      return 'zoom-fit';
    case 'ArrowLeft':
      return 'pan-left';
    case 'ArrowRight':
      return 'pan-right';
    case 'ArrowUp':
      return 'pan-up';
    case 'ArrowDown':
      return 'pan-down';
    case '?':
      return 'help';
    case 't':
    case 'T':
      return 'start-tour';
    case 'q':
    case 'Q':
      return 'start-quiz';
    case 'n':
    case 'N':
      return 'add-callout';
    default:
      return null;
  }
}

/** Is the focused element one that takes typed text? */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(type);
}

export function installKeyboard(doc: Document, menuOwnsAccelerators: boolean, run: (action: KeyAction, e: KeyboardEvent) => boolean): () => void {
  const listener = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const action = keyAction({
      key: e.key,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      altKey: e.altKey,
      shiftKey: e.shiftKey,
      typing: isTypingTarget(e.target),
      menuOwnsAccelerators,
    });
    if (action && run(action, e)) e.preventDefault();
  };
  doc.addEventListener('keydown', listener);
  return () => doc.removeEventListener('keydown', listener);
}

/** The shortcut table the help overlay shows, in order. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; help: 'help.search' | 'help.nextMatch' | 'help.escape' | 'help.zoomIn' | 'help.zoomOut' | 'help.fit' | 'help.pan' | 'help.help' | 'tour.shortcut' | 'quiz.shortcut' | 'callout.shortcut' }> = [
  { keys: ['/'], help: 'help.search' },
  { keys: ['Enter'], help: 'help.nextMatch' },
  { keys: ['Esc'], help: 'help.escape' },
  { keys: ['+', '='], help: 'help.zoomIn' },
  { keys: ['-'], help: 'help.zoomOut' },
  { keys: ['0'], help: 'help.fit' },
  { keys: ['←', '↑', '→', '↓'], help: 'help.pan' },
  { keys: ['?'], help: 'help.help' },
  { keys: ['T'], help: 'tour.shortcut' },
  { keys: ['Q'], help: 'quiz.shortcut' },
  { keys: ['N'], help: 'callout.shortcut' },
];
