// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing runs an OpenGL stack (software rendering where there
    // is no GPU, as on many office machines and virtual desktops) that costs the web process
    // about 100 MB and gains nothing for a page of text and tables. A user who wants it sets
    // the variable to 0.
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    cailiang_desktop::run()
}
