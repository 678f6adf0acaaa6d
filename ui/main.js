// The entry: builds the views on first use, switches between them from the left navigation, and
// routes the keys that work everywhere (/ or Ctrl+K to search, Alt+1…7 to switch, Esc to go back,
// Ctrl+= / Ctrl+- / Ctrl+0 to zoom); F5 / Ctrl+R and the webview's right-click menu are taken away
// because a reload loses the form being filled in.
import { api, errorText } from './js/api.js';
import { allowsContextMenu, escapeAction, isEditable, isReloadKey, isSearchShortcut, zoomKey } from './js/keys.js';
import { loadZoom, nextZoom, saveZoom, ZOOM_STEPS, zoomClass } from './js/zoom.js';
import { factZh, setLabels } from './js/labels.js';
import lookupView from './js/views/lookup.js';
import decideView from './js/views/decide.js';
import libraryView from './js/views/library.js';
import trainingView from './js/views/training.js';
import recordsView from './js/views/records.js';
import auditView from './js/views/audit.js';
import aboutView from './js/views/about.js';

const factories = {
  lookup: lookupView,
  decide: decideView,
  library: libraryView,
  training: trainingView,
  records: recordsView,
  audit: auditView,
  about: aboutView,
};
const ORDER = ['lookup', 'decide', 'library', 'training', 'records', 'audit', 'about'];

const main = document.getElementById('view');
const views = {};
const stack = [];
let current = null;
// The views wait for the labels (below): nothing is built before the words it shows are known.
let booted = false;

const app = {
  info: api.libraryInfo(),
  factZh,
  show,
  back,
};

function bootError(text) {
  const box = document.getElementById('boot-error');
  box.textContent = box.hidden ? text : `${box.textContent}；${text}`;
  box.hidden = false;
}

app.info.then((info) => {
  document.getElementById('lib-info').textContent = `参考基准库 ${info.version}`;
}).catch((e) => bootError(`无法读取基准库：${errorText(e)}`));

/** Shows a view (creating it the first time); `params` go to its show(). */
function show(name, params = {}, { push = true } = {}) {
  const make = factories[name];
  if (!make || !booted) return;
  if (current && current !== name) {
    views[current].hide?.();
    if (push) {
      stack.push(current);
      if (stack.length > 30) stack.shift();
    }
  }
  const view = (views[name] ??= make(app));
  current = name;
  if (main.firstElementChild !== view.root || main.childElementCount !== 1) main.replaceChildren(view.root);
  for (const b of document.querySelectorAll('nav button[data-view]')) {
    if (b.dataset.view === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  document.title = `${view.title} · 裁量通`;
  view.show?.(params);
  view.focus?.();
}

/** Back to the view we came from (查询 when there is none). */
function back() {
  show(stack.pop() ?? 'lookup', {}, { push: false });
}

for (const b of document.querySelectorAll('nav button[data-view]')) {
  b.addEventListener('click', () => { if (!b.disabled) show(b.dataset.view); });
}

// ---- zoom: a class on <html> (style.css scales the root font size), remembered in localStorage
// (Reading localStorage itself can throw where storage is disabled: then the zoom is not remembered.)
const store = (() => { try { return globalThis.localStorage; } catch { return null; } })();
let zoom = loadZoom(store);
let zoomTimer = null;
function applyZoom(step, { announce = false } = {}) {
  zoom = step;
  const html = document.documentElement;
  html.classList.remove(...ZOOM_STEPS.map((n) => `zoom-${n}`));
  if (zoomClass(step)) html.classList.add(zoomClass(step));
  if (!announce) return;
  const box = document.getElementById('zoom-status');
  box.textContent = `缩放 ${step}%（Ctrl+0 恢复）`;
  box.hidden = false;
  clearTimeout(zoomTimer);
  zoomTimer = setTimeout(() => { box.hidden = true; }, 1500);
}
applyZoom(zoom);

document.addEventListener('contextmenu', (e) => {
  if (!allowsContextMenu(e.target)) e.preventDefault();
});

// Capture phase: no view's handler can let a reload or the webview's own zoom through.
document.addEventListener('keydown', (e) => {
  if (isReloadKey(e)) {
    e.preventDefault();
    return;
  }
  const z = zoomKey(e);
  if (z) {
    e.preventDefault();
    applyZoom(nextZoom(zoom, z), { announce: true });
    saveZoom(store, zoom);
  }
}, true);

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || !booted) return;
  // Esc in a text field leaves the field only: the view (and what was typed) stays.
  if (escapeAction(e) === 'blur') {
    e.preventDefault();
    e.target.blur();
    return;
  }
  if (isSearchShortcut(e)) {
    e.preventDefault();
    show('lookup');
    views.lookup.focusSearch();
    return;
  }
  if (e.altKey && !e.ctrlKey && /^[1-7]$/.test(e.key)) {
    e.preventDefault();
    show(ORDER[Number(e.key) - 1]);
    return;
  }
  const view = views[current];
  if (!isEditable(e.target) && view?.onKey?.(e)) {
    e.preventDefault();
    return;
  }
  if (e.key === 'Escape' && view?.back?.()) e.preventDefault();
});

// Every code's Chinese label comes from the library; the views are built once they are here.
api.labels()
  .then(setLabels)
  .catch((e) => bootError(`无法读取中文名称：${errorText(e)}`))
  .finally(() => {
    booted = true;
    show('lookup', {}, { push: false });
  });
