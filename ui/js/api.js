// The one module that talks to the Rust side (Tauri commands, src-tauri/src/lib.rs). Tauri's
// global is read at call time, so importing this module needs neither Tauri nor a DOM.

function invoke(cmd, args) {
  const core = globalThis.__TAURI__?.core;
  if (!core) return Promise.reject(new Error('未连接到裁量通后台：请在桌面程序中打开此页面'));
  return core.invoke(cmd, args);
}

/** A command's error in words (commands reject with a Chinese message string). */
export function errorText(e) {
  if (typeof e === 'string') return e;
  return e?.message ?? String(e);
}

const once = (f) => {
  let p = null;
  return () => (p ??= f().catch((e) => { p = null; throw e; }));
};

export const api = {
  libraryInfo: once(() => invoke('library_info')),
  /** Whether search ranks by meaning yet: {state: 'preparing', done, total} | {state: 'ready', model} | {state: 'unavailable', reason}. */
  meaningStatus: () => invoke('meaning_status'),
  /** The Chinese label of every code: {tiers, facts, grounds, steps, notes, questions, penalties, parties, tier_order}. */
  labels: once(() => invoke('labels')),
  departments: once(() => invoke('departments')),
  cases: once(() => invoke('cases')),
  allItems: once(() => invoke('items', { department: null, domain: null, exemptOnly: false })),
  search: (query, { limit = 20, domain = '' } = {}) =>
    invoke('search', { query, limit, domain: domain || null }),
  itemDetail: (id) => invoke('item_detail', { id }),
  items: ({ department = '', domain = '', exemptOnly = false } = {}) =>
    invoke('items', { department: department || null, domain: domain || null, exemptOnly }),
  decide: (req) => invoke('decide', { req }),
  caseDecision: (id) => invoke('case_decision', { id }),
  historySave: (req) => invoke('history_save', { req }),
  historyList: (limit = 500) => invoke('history_list', { limit }),
  historyGet: (id) => invoke('history_get', { id: Number(id) }),
  historyDelete: (id) => invoke('history_delete', { id: Number(id) }),
  /** Saves the records as CSV where the officer chooses: the path, or null when cancelled. */
  historyExportCsv: () => invoke('history_export_csv'),
  /** Writes the Word draft of the outcome's document where the officer chooses (path or null). */
  documentSave: (req) => invoke('document_save', { req }),
  /** Saves text the page made (kind 'csv' or 'html') where the officer chooses (path or null). */
  saveText: (stem, kind, text) => invoke('save_text', { stem, kind, text }),
  /** Reviews a file of decided cases (审查); progress comes as `audit-progress` events. */
  auditRun: (path, minGroup, sheet, office) => invoke('audit_run', {
    req: { path, min_group: minGroup, sheet: sheet || null, office: office || null },
  }),
  auditCancel: () => invoke('audit_cancel'),
  /** Saves a result file of the last review (findings_csv or report_html) where the officer chooses (path or null). */
  auditExport: (source) => invoke('audit_export', { source }),
  /**
   * The native open dialog for a file of decided cases, opened by the app (which then lets the
   * review read that file): a path, or null when cancelled.
   */
  chooseCasesFile: () => invoke('audit_choose_file'),
  /** 库管理: the library in use, the packs on this computer, the trusted keys. */
  shelfView: () => invoke('shelf_view'),
  /** The open dialog for a pack ('pack') or a public key ('key'): a path, or null. */
  shelfChooseFile: (kind) => invoke('shelf_choose_file', { kind }),
  shelfInspect: (path) => invoke('shelf_inspect', { path }),
  shelfInstall: (path) => invoke('shelf_install', { path }),
  /** Switches to a pack on this computer (its file name), or to the built-in library (null). */
  shelfUse: (file) => invoke('shelf_use', { file }),
  shelfAddKey: (path) => invoke('shelf_add_key', { path }),
  shelfRemoveKey: (id) => invoke('shelf_remove_key', { id }),
};

/**
 * Listens to a backend event; resolves to the function that stops listening (a no-op where
 * there are no Tauri events, so a caller can always call it).
 */
export async function listen(event, handler) {
  const ev = globalThis.__TAURI__?.event;
  if (!ev?.listen) return () => {};
  return ev.listen(event, (e) => handler(e?.payload));
}
