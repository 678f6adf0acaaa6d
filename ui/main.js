// The entry: builds the views on first use, switches between them from the left navigation, and
// routes the keys that work everywhere (/ or Ctrl+K to search, Alt+1…7 to switch, Esc to go back).
import { api, errorText } from './js/api.js';
import { isEditable, isSearchShortcut } from './js/keys.js';
import { QUESTIONS } from './js/wizard.js';
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

// Fact names: the engine's wording from library_info, the questionnaire's copy until it arrives.
const factNames = new Map(QUESTIONS.map((q) => [q.code, q.label]));

const app = {
  info: api.libraryInfo(),
  factZh: (code) => factNames.get(code) ?? code,
  show,
  back,
};

app.info.then((info) => {
  for (const [code, zh] of info.facts) factNames.set(code, zh);
  document.getElementById('lib-info').textContent = `参考基准库 ${info.version}`;
}).catch((e) => {
  const box = document.getElementById('boot-error');
  box.textContent = `无法读取基准库：${errorText(e)}`;
  box.hidden = false;
});

/** Shows a view (creating it the first time); `params` go to its show(). */
function show(name, params = {}, { push = true } = {}) {
  const make = factories[name];
  if (!make) return;
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

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented) return;
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

show('lookup', {}, { push: false });
