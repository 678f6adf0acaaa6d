// The page's zoom (Ctrl+= / Ctrl+- / Ctrl+0): fixed steps from 80% to 200%, remembered between
// sessions. Pure: the steps and the stored value; main.js applies the step as a class on <html>
// (style.css scales the root font size: inline styles are not allowed by the CSP).

export const ZOOM_STEPS = [80, 90, 100, 110, 125, 150, 175, 200];
export const ZOOM_KEY = 'cailiang.zoom';

/** The step after `current` in direction 'in' / 'out' (clamped), or 100 for 'reset'. */
export function nextZoom(current, action) {
  if (action === 'reset') return 100;
  const i = ZOOM_STEPS.indexOf(normalZoom(current));
  const j = action === 'in' ? i + 1 : action === 'out' ? i - 1 : i;
  return ZOOM_STEPS[Math.max(0, Math.min(ZOOM_STEPS.length - 1, j))];
}

/** A stored or given value as a known step (100 for anything else: a bad value never shrinks the page). */
export function normalZoom(value) {
  const n = Number(value);
  return ZOOM_STEPS.includes(n) ? n : 100;
}

/** The class on <html> for a step: "zoom-125"; none at 100%. */
export function zoomClass(step) {
  const n = normalZoom(step);
  return n === 100 ? '' : `zoom-${n}`;
}

/** The remembered step from a Storage-like object (localStorage); 100 when unreadable. */
export function loadZoom(storage) {
  try {
    return normalZoom(storage?.getItem(ZOOM_KEY));
  } catch {
    return 100;
  }
}

/** Remembers the step; a storage that refuses (private mode, full) only loses the memory. */
export function saveZoom(storage, step) {
  try {
    storage?.setItem(ZOOM_KEY, String(normalZoom(step)));
  } catch { /* the zoom still applies for this session */ }
}
