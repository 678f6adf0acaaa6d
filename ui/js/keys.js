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
