// Saving a text the page built (CSV of 基准库 and of 培训 scores). One place, so that every export
// goes through the desktop's save-as dialog the same way.
import { api, errorText } from './api.js';
import { exportName } from './csv.js';

/**
 * Saves `text` as a `kind` ('csv' | 'html') file whose name starts with `stem`; resolves to a
 * status line in words. The desktop asks where, stamps the name with the date and time and never
 * overwrites (save_text). Where that command is missing (an older desktop), the text is
 * downloaded as a file named stem_日期-时间_序号.
 */
export async function saveText(stem, kind, text) {
  try {
    // SAVE: the save-as dialog (save_text in src-tauri); the download below is the fallback only.
    const path = await api.saveText(stem, kind, text);
    return path ? `已保存：${path}` : '已取消保存';
  } catch (e) {
    if (!/save_text.*not found|not found.*save_text|unknown command/i.test(errorText(e))) throw e;
    const name = exportName(stem, kind);
    download(name, text, kind === 'html' ? 'text/html;charset=utf-8' : 'text/csv;charset=utf-8');
    return `已下载：${name}（在下载文件夹中）`;
  }
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
