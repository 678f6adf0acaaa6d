// Keys that work everywhere (issue 14): Esc in a text field leaves the field, not the view; no
// reload (F5, Ctrl+R) and no webview menu outside text fields; Ctrl+= / Ctrl+- / Ctrl+0 zoom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allowsContextMenu, escapeAction, isReloadKey, zoomKey } from '../../ui/js/keys.js';
import { loadZoom, nextZoom, normalZoom, saveZoom, ZOOM_KEY, ZOOM_STEPS, zoomClass } from '../../ui/js/zoom.js';

const input = { tagName: 'INPUT', type: 'text' };
const textarea = { tagName: 'TEXTAREA' };
const checkbox = { tagName: 'INPUT', type: 'checkbox' };
const button = { tagName: 'BUTTON' };
const div = { tagName: 'DIV' };

test('Esc in a text field blurs it; elsewhere it goes back', () => {
  assert.equal(escapeAction({ key: 'Escape', target: input }), 'blur');
  assert.equal(escapeAction({ key: 'Escape', target: textarea }), 'blur');
  assert.equal(escapeAction({ key: 'Escape', target: { tagName: 'INPUT', type: 'search' } }), 'blur');
  assert.equal(escapeAction({ key: 'Escape', target: button }), 'back');
  assert.equal(escapeAction({ key: 'Escape', target: checkbox }), 'back');
  assert.equal(escapeAction({ key: 'Escape', target: div }), 'back');
  assert.equal(escapeAction({ key: 'Enter', target: input }), null);
});

test('F5 and Ctrl+R / ⌘R never reload', () => {
  assert.ok(isReloadKey({ key: 'F5' }));
  assert.ok(isReloadKey({ key: 'F5', ctrlKey: true }));
  assert.ok(isReloadKey({ key: 'r', ctrlKey: true }));
  assert.ok(isReloadKey({ key: 'R', ctrlKey: true, shiftKey: true }));
  assert.ok(isReloadKey({ key: 'r', metaKey: true }));
  assert.ok(!isReloadKey({ key: 'r' }), 'typing r is typing');
  assert.ok(!isReloadKey({ key: 'F6' }));
});

test('the right-click menu opens only in text fields', () => {
  assert.ok(allowsContextMenu(input));
  assert.ok(allowsContextMenu(textarea));
  assert.ok(allowsContextMenu({ tagName: 'DIV', isContentEditable: true }));
  assert.ok(!allowsContextMenu(div));
  assert.ok(!allowsContextMenu(button));
  assert.ok(!allowsContextMenu(checkbox));
  assert.ok(!allowsContextMenu(null));
});

test('main.js wires them: capture-phase reload and zoom keys, Esc blurs before the view sees it, the menu', () => {
  const main = readFileSync(new URL('../../ui/main.js', import.meta.url), 'utf8');
  assert.match(main, /if \(isReloadKey\(e\)\) \{\s*e\.preventDefault\(\);/);
  assert.match(main, /addEventListener\('contextmenu', \(e\) => \{\s*if \(!allowsContextMenu\(e\.target\)\) e\.preventDefault\(\);/);
  const blur = main.indexOf("escapeAction(e) === 'blur'");
  assert.ok(blur > 0 && blur < main.indexOf('view?.back?.()'), 'Esc in a field is handled before the view goes back');
  assert.match(main, /\}, true\);/, 'capture phase');
});

test('zoom keys', () => {
  assert.equal(zoomKey({ key: '=', ctrlKey: true }), 'in');
  assert.equal(zoomKey({ key: '+', ctrlKey: true, shiftKey: true }), 'in');
  assert.equal(zoomKey({ key: '-', ctrlKey: true }), 'out');
  assert.equal(zoomKey({ key: '0', ctrlKey: true }), 'reset');
  assert.equal(zoomKey({ key: '=', metaKey: true }), 'in');
  assert.equal(zoomKey({ key: '=' }), null, 'typing = is typing');
  assert.equal(zoomKey({ key: '0', ctrlKey: true, altKey: true }), null);
});

test('zoom steps: 80% to 200%, clamped at both ends, Ctrl+0 back to 100%', () => {
  assert.equal(ZOOM_STEPS[0], 80);
  assert.equal(ZOOM_STEPS.at(-1), 200);
  const ins = [];
  let z = 100;
  for (let i = 0; i < 8; i++) { z = nextZoom(z, 'in'); ins.push(z); }
  assert.deepEqual(ins, [110, 125, 150, 175, 200, 200, 200, 200]);
  assert.equal(nextZoom(90, 'out'), 80);
  assert.equal(nextZoom(80, 'out'), 80);
  assert.equal(nextZoom(175, 'reset'), 100);
  assert.equal(nextZoom(137, 'in'), 110, 'an unknown value counts as 100%');
  assert.equal(normalZoom('125'), 125);
  assert.equal(normalZoom('abc'), 100);
  assert.equal(zoomClass(125), 'zoom-125');
  assert.equal(zoomClass(100), '');
});

test('the zoom is remembered; a broken or refusing storage falls back to 100%', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  assert.equal(loadZoom(storage), 100);
  saveZoom(storage, 150);
  assert.equal(store.get(ZOOM_KEY), '150');
  assert.equal(loadZoom(storage), 150);
  store.set(ZOOM_KEY, '999');
  assert.equal(loadZoom(storage), 100);
  const refusing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); } };
  assert.equal(loadZoom(refusing), 100);
  assert.doesNotThrow(() => saveZoom(refusing, 125));
  assert.equal(loadZoom(undefined), 100);
});

test('style.css has a rule for every zoom step and checkboxes of at least 18 px', () => {
  const css = readFileSync(new URL('../../ui/style.css', import.meta.url), 'utf8');
  for (const n of ZOOM_STEPS.filter((x) => x !== 100)) {
    assert.match(css, new RegExp(`:root\\.zoom-${n} \\{ font-size: ${(15 * n) / 100}px; \\}`), `zoom-${n}`);
  }
  assert.match(css, /input\[type="checkbox"\], input\[type="radio"\] \{ width: max\(18px, [^)]+\); height: max\(18px, [^)]+\);/);
});
