// Values kept on this computer between sessions (localStorage): the 执法单位 an officer saves
// under, the office a reviewer reviews. Where storage is off, nothing is remembered and nothing
// fails.

/** The value kept under `key`, or '' when there is none or no storage. */
export function remembered(key) {
  try { return globalThis.localStorage?.getItem(key) ?? ''; } catch { return ''; }
}

/** Keeps `value` (trimmed) under `key`; a storage that refuses only loses the memory. */
export function remember(key, value) {
  try { globalThis.localStorage?.setItem(key, String(value ?? '').trim()); } catch { /* storage off */ }
}
