// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Memory defaults for WebKitGTK, each measured with the desktop bench (docs/desktop-memory.md) and
    // each left to the user when the variable is already set. They are set here, before any
    // thread starts, so that WebKit's web and network processes inherit them.
    //
    // Accelerated compositing runs an OpenGL stack (software rendering where there is no GPU,
    // as on many office machines and virtual desktops) that costs the web process about 100 MB
    // and gains nothing for a page of text and tables. Without compositing, WebKit's DMA-BUF
    // renderer has nothing to show, yet its set-up still costs this process about 17 MB.
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
            std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
    }
    // The page's scripts are small, so JavaScriptCore's interpreter is fast enough (first results
    // still come within 100 ms of the last keystroke); its JIT compilers cost the web process
    // about 7 MB.
    if std::env::var_os("JSC_useJIT").is_none() {
        std::env::set_var("JSC_useJIT", "0");
    }
    cailiang_desktop::run()
}
