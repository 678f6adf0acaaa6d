// Checks over the front end's files: the CSP (no inline script or style, no eval), no network,
// the stable hooks the end-to-end tests use, and that every module imports without a DOM or Tauri.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const UI = fileURLToPath(new URL('../../ui/', import.meta.url));
const read = (p) => readFileSync(join(UI, p), 'utf8');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'tests' || name === 'node_modules') return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files = walk(UI).filter((p) => /\.(js|html|css)$/.test(p)).map((p) => relative(UI, p));
const js = files.filter((p) => p.endsWith('.js'));
const source = files.map((p) => [p, read(p)]);
const allJs = js.map(read).join('\n');
const VIEWS = ['lookup', 'decide', 'library', 'training', 'records', 'audit', 'about'];
const SVG_NS = 'http://www.w3.org/2000/svg';

test('the files scanned are the front end', () => {
  for (const f of ['index.html', 'main.js', 'style.css', 'js/api.js', 'js/format.js', 'js/dom.js',
    'js/views/lookup.js', 'js/views/decide.js', 'js/views/library.js', 'js/views/training.js',
    'js/views/records.js', 'js/views/audit.js', 'js/views/about.js', 'js/audit-logic.js']) {
    assert.ok(files.includes(f), f);
  }
});

test('index.html: title, module entry, no inline script or style, the navigation', () => {
  const html = read('index.html');
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /<title>[^<]*裁量通[^<]*<\/title>/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /type="module"/);
  assert.match(scripts[0][1], /src="\.\/main\.js"/);
  assert.equal(scripts[0][2].trim(), '', 'no inline script');
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  for (const v of VIEWS) {
    assert.match(html, new RegExp(`<button type="button" data-view="${v}"[^>]*>[^<]+</button>`), v);
  }
  assert.match(html, /<button type="button" data-view="audit" aria-keyshortcuts="Alt\+6"[^>]*>审查<\/button>/);
  const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
  assert.equal((nav.match(/data-view=/g) ?? []).length, 7, 'the buttons are inside <nav>');
  assert.doesNotMatch(nav, /disabled|即将推出/, 'every view is enabled');
  const keys = [...nav.matchAll(/data-view="(\w+)" aria-keyshortcuts="Alt\+(\d)"/g)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(keys, VIEWS.map((v, i) => [v, i + 1]), 'Alt+1…7 in the order of the navigation');
  assert.match(read('main.js'), new RegExp(`const ORDER = \\[${VIEWS.map((v) => `'${v}'`).join(', ')}\\];`));
});

test('nothing is loaded from the network, evaluated or styled inline', () => {
  assert.ok(source.length >= 15);
  for (const [p, text] of source) {
    // The SVG namespace is a name (createElementNS), never fetched: the one URL allowed.
    assert.doesNotMatch(text.replaceAll(SVG_NS, ''), /https?:\/\//, `${p}: no URLs`);
    assert.doesNotMatch(text, /@font-face|@import/, `${p}: no web fonts or imports`);
    if (p.endsWith('.js')) {
      assert.doesNotMatch(text, /\beval\s*\(|new Function\s*\(|setTimeout\s*\(\s*['"`]/, `${p}: no eval`);
      assert.doesNotMatch(text, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${p}: text only, never HTML strings`);
      assert.doesNotMatch(text, /\.style\.|setAttribute\(\s*['"]style|[{,]\s*style\s*:/, `${p}: no inline styles`);
    }
  }
});

test('the stable hooks of the end-to-end tests are in the views', () => {
  const ids = ['q', 'results', 'item-title', 'to-decide', 'mode-checklist', 'mode-wizard', 'wizard-yes', 'wizard-no',
    'wizard-next', 'wizard-back', 'tier', 'fine', 'reasoning', 'copy-reasoning', 'officer-tier', 'departure-reason',
    'case-ref', 'save-record', 'save-status', 'records', 'case-list', 'present-start', 'reveal-next',
    'party', 'amount', 'gain', 'occurred', 'ended', 'discovered', 'decided',
    'tier-explain', 'questions', 'by-party', 'options', 'chosen-banner', 'penalties',
    'present-reasoning', 'quiz-start', 'quiz-score',
    'audit-path', 'audit-start', 'audit-progress', 'audit-cancel', 'audit-status', 'audit-findings',
    'filter-finding', 'filter-unit', 'filter-item', 'export-findings', 'export-report'];
  for (const id of ids) {
    const decl = new RegExp(`id: (?:id\\()?'${id}'`);
    assert.match(allJs, decl, `#${id}`);
  }
  assert.match(read('js/views/lookup.js'), /class: `result\$\{/);
  assert.match(read('js/views/lookup.js'), /'data-id': h\.id/);
  assert.match(read('js/views/decide.js'), /type: 'checkbox', name: 'fact', value: q\.code/);
  // 当事人类型: 个人 / 单位 / 未确定, the last checked by default (the party is never guessed).
  assert.match(read('js/views/decide.js'), /type: 'radio', name: 'party', value: code, id: `party-\$\{code \|\| 'unknown'\}`, checked: code === ''/);
  assert.match(read('js/views/result.js'), /id: id\(`apply-\$\{o\.ground\}`\), 'data-ground': o\.ground/);
  assert.match(read('js/views/result.js'), /id: id\(`undo-\$\{g\}`\), 'data-ground': g/);
  assert.match(read('js/views/result.js'), /el\('tr', \{ 'data-party': p\.party/);
  assert.match(read('js/views/result.js'), /el\('li', \{ 'data-question': q\.code/);
  assert.match(read('style.css'), /\.tier-correct_first \{ background: var\(--correct-first\); \}/, '责令改正，暂不处罚 has its own colour');
  assert.match(read('js/views/result.js'), /'data-tier': code|tierBadge\(d\.tier/);
  assert.match(read('js/dom.js'), /'data-tier': code/);
  assert.match(read('js/views/training.js'), /'data-choose-tier': code/);
  assert.match(read('js/views/training.js'), /el\('li', \{ 'data-id': c\.id/);
  assert.match(read('js/views/records.js'), /el\('tr', \{ 'data-id': r\.id/);
  assert.match(read('js/views/records.js'), /class: 'reopen /);
  assert.match(read('js/views/records.js'), /class: 'delete /);
  const audit = read('js/views/audit.js');
  assert.match(audit, /el\('progress', \{ id: 'audit-progress', max: '100', value: '0'/);
  assert.match(audit, /id: 'audit-status', class: 'status', role: 'status'/);
  assert.match(audit, /listen\('audit-progress', /);
  assert.match(audit, /document\.createElementNS\(SVG, tag\)/, 'charts are built with DOM APIs');
  assert.match(audit, /'data-line': x\.line, 'data-finding': x\.finding/);
});

test('every module imports without a DOM or Tauri; each view is a factory', async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  assert.equal(typeof globalThis.__TAURI__, 'undefined');
  const modules = js.filter((p) => p !== 'main.js');
  assert.ok(modules.length >= 14);
  for (const p of modules) await import(new URL(`../../ui/${p}`, import.meta.url));
  for (const v of VIEWS) {
    const m = await import(`../../ui/js/views/${v}.js`);
    assert.equal(typeof m.default, 'function', v);
  }
  const main = read('main.js');
  for (const v of VIEWS) {
    assert.match(main, new RegExp(`import ${v}View from './js/views/${v}\\.js';`));
  }
});

test('without Tauri, commands fail with a message instead of throwing at import', async () => {
  const { api, errorText } = await import('../../ui/js/api.js');
  await assert.rejects(api.search('价签'), /未连接到裁量通后台/);
  assert.equal(errorText('没有编号为 X 的事项'), '没有编号为 X 的事项');
  assert.equal(errorText(new Error('boom')), 'boom');
});

test('commands are called with the argument names Tauri expects (camelCase)', async () => {
  const calls = [];
  globalThis.__TAURI__ = { core: { invoke: async (cmd, args) => { calls.push([cmd, args]); return []; } } };
  try {
    const { api } = await import('../../ui/js/api.js');
    await api.labels();
    await api.items({ department: 'SCJG', exemptOnly: true });
    await api.search('价签', { domain: '' });
    await api.decide({ item: 'SCJG-001', facts: [] });
    await api.historyGet('12');
    await api.historySave({ decide: {} });
    await api.auditRun('/tmp/已决案件.csv', 5);
    await api.auditRun('/tmp/已决案件.xlsx', 5, '其他', '某市市场监督管理局');
    await api.auditCancel();
    await api.auditExport('/data/audits/x/findings.csv');
    await api.chooseCasesFile();
    assert.deepEqual(calls, [
      ['labels', undefined],
      ['items', { department: 'SCJG', domain: null, exemptOnly: true }],
      ['search', { query: '价签', limit: 20, domain: null }],
      ['decide', { req: { item: 'SCJG-001', facts: [] } }],
      ['history_get', { id: 12 }],
      ['history_save', { req: { decide: {} } }],
      ['audit_run', { req: { path: '/tmp/已决案件.csv', min_group: 5, sheet: null, office: null } }],
      ['audit_run', { req: { path: '/tmp/已决案件.xlsx', min_group: 5, sheet: '其他', office: '某市市场监督管理局' } }],
      ['audit_cancel', undefined],
      ['audit_export', { source: '/data/audits/x/findings.csv' }],
      // The app opens the dialog itself, so the page needs no dialog permission.
      ['audit_choose_file', undefined],
    ]);
  } finally {
    delete globalThis.__TAURI__;
  }
});
