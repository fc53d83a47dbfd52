import type { IntegrityEvent } from '@exam/contracts';
import { LeaveTracker } from './leave-tracker';

/** the candidate's own typing fields, where typing keys (and select-all) stay theirs */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return ['text', 'search', ''].includes(target.type);
  return target.isContentEditable;
}

/**
 * Exam-room restrictions while the paper is open: no copy, cut or paste (not even into the answer fields),
 * no context menu, dragging, select-all outside the answer fields, printing or saving the page; and each
 * time the candidate leaves the window, one event when they come back. Returns the function that removes it.
 */
export function installIntegrityGuard(
  report: (event: IntegrityEvent) => void,
  onFullscreenChange: (on: boolean) => void,
): () => void {
  const tracker = new LeaveTracker();
  const now = () => performance.now();
  const block = (event: Event) => event.preventDefault();
  const blockOutsideTyping = (event: Event) => {
    if (!isTypingTarget(event.target)) event.preventDefault();
  };
  const keydown = (event: KeyboardEvent) => {
    const key = event.key.toLowerCase();
    if (event.ctrlKey || event.metaKey) {
      if (['c', 'x', 'v', 'p', 's', 'u', 'o'].includes(key)) event.preventDefault();
      else if (key === 'a' && !isTypingTarget(event.target)) event.preventDefault();
      else if (event.shiftKey && ['i', 'j', 'c'].includes(key)) event.preventDefault();
    } else if (key === 'f12' || key === 'printscreen') event.preventDefault();
  };
  const blur = () => tracker.blur(now());
  const focus = () => {
    const event = tracker.focus(now());
    if (event) report(event);
  };
  const visibility = () => {
    if (document.visibilityState === 'hidden') tracker.hide(now());
    else {
      const event = tracker.show(now());
      if (event) report(event);
      else if (document.hasFocus()) focus();
    }
  };
  const fullscreen = () => {
    const on = !!document.fullscreenElement;
    onFullscreenChange(on);
    if (!on) report({ kind: 'fullscreen_exit' });
  };

  const listeners: [EventTarget, string, EventListener][] = [
    [document, 'copy', block],
    [document, 'cut', block],
    [document, 'paste', block],
    [document, 'drop', block],
    [document, 'contextmenu', block],
    [document, 'dragstart', block],
    [document, 'selectstart', blockOutsideTyping],
    [document, 'keydown', keydown as EventListener],
    [document, 'visibilitychange', visibility],
    [document, 'fullscreenchange', fullscreen],
    [window, 'blur', blur],
    [window, 'focus', focus],
  ];
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn, { capture: true });
  return () => {
    for (const [target, type, fn] of listeners) target.removeEventListener(type, fn, { capture: true });
  };
}

/** Asks for fullscreen (browsers allow it only from a click or key press). */
export async function enterFullscreen(): Promise<boolean> {
  try {
    await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    return true;
  } catch {
    return false;
  }
}
