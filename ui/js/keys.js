// Keyboard helpers shared by the views. Pure: they read plain event-like objects.

/** Is the element one where typed characters go (so a bare "/" must not be taken)? */
export function isEditable(target) {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = String(target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = String(target.type ?? 'text').toLowerCase();
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/** "/" (outside text fields) or Ctrl+K / ⌘K: focus the search box from anywhere. */
export function isSearchShortcut(e) {
  if ((e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey) return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target);
}

/** Moves a selection in a list of `n` by `delta`, clamped; -1 for an empty list. */
export function moveSelection(index, delta, n) {
  if (n <= 0) return -1;
  if (index < 0) return delta > 0 ? 0 : n - 1;
  return Math.min(n - 1, Math.max(0, index + delta));
}

/** F5, Ctrl+R (Shift too), ⌘R: a reload would lose the form being filled in, so the app takes none. */
export function isReloadKey(e) {
  if (e.key === 'F5') return true;
  return (e.key === 'r' || e.key === 'R') && (e.ctrlKey || e.metaKey) && !e.altKey;
}

/**
 * What Esc does: in a text field it only leaves the field ('blur'), so that a half-typed amount
 * or date is not lost with the view; elsewhere it goes back ('back').
 */
export function escapeAction(e) {
  if (e.key !== 'Escape') return null;
  return isEditable(e.target) ? 'blur' : 'back';
}

/**
 * Whether the right-click menu may open: only in text fields (copy, paste). Elsewhere the
 * webview's own menu offers English Back / Reload, which would lose the form.
 */
export function allowsContextMenu(target) {
  return isEditable(target);
}

/** Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0 (⌘ on macOS): 'in', 'out', 'reset' or null. */
export function zoomKey(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === '=' || e.key === '+') return 'in';
  if (e.key === '-' || e.key === '_') return 'out';
  if (e.key === '0') return 'reset';
  return null;
}
