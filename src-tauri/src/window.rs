//! The main window between sessions: its size, place and maximised state are remembered
//! (tauri-plugin-window-state), and a second start of the app brings this window to the front
//! (tauri-plugin-single-instance) instead of opening a second copy on the same records.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::Manager;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Size, place and maximised — never "hidden", so a window is never restored invisible.
pub const REMEMBERED: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// How soon after the last move or resize the state is written.
const SAVE_AFTER: Duration = Duration::from_secs(2);

pub fn bring_to_front(app: &tauri::AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// The plugin writes the state when the window closes; an app that is killed or loses power
/// never closes. So the state is also written shortly after the window was moved or resized.
pub fn keep_state(app: &tauri::AppHandle) {
    let Some(w) = app.get_webview_window("main") else {
        return;
    };
    let dirty = Arc::new(AtomicBool::new(false));
    let flag = dirty.clone();
    w.on_window_event(move |e| {
        if matches!(
            e,
            tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)
        ) {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let handle = app.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(SAVE_AFTER);
        if dirty.swap(false, Ordering::Relaxed) {
            // Saved on the event loop's thread, never from this one: save_window_state holds
            // the plugin's state cache while it asks the event loop for the window's size, and
            // the plugin's own Resized/Moved handler on the event loop waits for that cache —
            // from here the two could wait on each other for good (tauri-plugin-window-state
            // 2.5.0, lib.rs: save_window_state and its on_window_event handler; getters from
            // another thread go through the event loop, tauri-runtime-wry's send_user_message).
            // That hung app, its size never written, is what the e2e window-size test met twice.
            let h = handle.clone();
            let _ = handle.run_on_main_thread(move || {
                let _ = h.save_window_state(REMEMBERED);
            });
        }
    });
}
