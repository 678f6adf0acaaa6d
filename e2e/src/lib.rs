//! Harness for end-to-end tests: starts `tauri-driver` (which starts WebKitWebDriver, which starts
//! the app), opens WebDriver sessions on the real window, and stops everything on drop.
//!
//! Each test gets its own data, cache and export directories (through the environment the app
//! inherits), so tests never touch the user's records. Needs a display: run under `xvfb-run`.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::elements::Element;
pub use fantoccini::key::Key;

pub const WAIT: Duration = Duration::from_secs(30);

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The debug build's directory, wherever CARGO_TARGET_DIR puts it.
fn debug_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target"))
        .join("debug")
}

pub fn app_binary() -> PathBuf {
    if let Ok(p) = std::env::var("APP_BINARY") {
        return PathBuf::from(p);
    }
    debug_dir().join("cailiang-desktop")
}

/// The CLI of the same build (tests use it to write their input files).
pub fn cli_binary() -> PathBuf {
    debug_dir().join("cailiang")
}

/// A running tauri-driver with its own directories; stopped (with its WebKitWebDriver) on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops its WebKitWebDriver child; a SIGKILL
        // would leave it running and holding the port (research/tauri-spike.md §5).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                let _ = std::fs::remove_dir_all(&self.dir);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Driver {
    /// Starts a driver on `port` (and `port + 1` for WebKitWebDriver), with WebKit's
    /// compositing on so that screenshots work.
    pub fn start(port: u16) -> Driver {
        Driver::launch(port, true, &[])
    }

    /// The same, with the app's settings as shipped (compositing off: no screenshots).
    pub fn start_as_shipped(port: u16) -> Driver {
        Driver::launch(port, false, &[])
    }

    /// As shipped, with these variables set for the app (to compare a default with its opposite).
    pub fn start_with_env(port: u16, env: &[(&str, &str)]) -> Driver {
        Driver::launch(port, false, env)
    }

    fn launch(port: u16, screenshots: bool, env: &[(&str, &str)]) -> Driver {
        assert!(
            std::env::var("DISPLAY").is_ok(),
            "DISPLAY not set: run under xvfb-run"
        );
        let app = app_binary();
        assert!(
            app.exists(),
            "app binary missing: {} (cargo build --workspace --all-targets)",
            app.display()
        );
        let dir = std::env::temp_dir().join(format!("cailiang-e2e-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let driver = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let mut cmd = Command::new(driver);
        if screenshots {
            // The app turns WebKit's accelerated compositing off by default (memory); WebDriver's
            // screenshots hang without it.
            cmd.env("WEBKIT_DISABLE_COMPOSITING_MODE", "0");
        }
        cmd.envs(env.iter().copied());
        own_directories(&mut cmd, &dir);
        let child = cmd
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn tauri-driver (cargo install tauri-driver --locked)");
        // tauri-driver opens its own port before WebKitWebDriver (which it starts) opens the
        // native one; a session requested in between is forwarded to nothing and fails with an
        // incomplete message. Both ports must answer first.
        let start = Instant::now();
        for p in [port, port + 1] {
            while TcpStream::connect(("127.0.0.1", p)).is_err() {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "the WebDriver did not open port {p}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Driver { child, port, dir }
    }

    /// Launches the app and connects to its window.
    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary().canonicalize().unwrap() }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let c = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("create a WebDriver session");
        // The page is up when the search box is.
        c.wait()
            .at_most(WAIT)
            .for_element(Locator::Css("#q"))
            .await
            .expect("the main window shows the search box");
        c
    }
}

/// The app started directly, as an officer starts it (no WebDriver: WebKit behaves as
/// shipped, print dialog included), with its own directories; `HOME` and the working
/// directory are `home()`. Killed on drop.
pub struct DirectApp {
    child: Child,
    pub dir: PathBuf,
    env: Vec<(String, String)>,
}

impl DirectApp {
    pub fn start() -> DirectApp {
        DirectApp::start_with_env(&[])
    }

    /// Started with extra environment variables (a D-Bus session of the test's own …).
    pub fn start_with_env(env: &[(&str, &str)]) -> DirectApp {
        assert!(
            std::env::var("DISPLAY").is_ok(),
            "DISPLAY not set: run under xvfb-run"
        );
        // One folder per app started, never reused within a run, so that no test can read
        // another's saved state. (A fresh app's first window that measured the previous test's
        // size was seen with separate folders too: see the window tests.)
        static STARTED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("cailiang-e2e-direct-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("home")).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let child = spawn_direct(&dir, &env);
        DirectApp { child, dir, env }
    }

    /// Another start of the app on the same directories (a second copy, or a restart).
    pub fn spawn_again(&self) -> Child {
        spawn_direct(&self.dir, &self.env)
    }

    /// Ends the app (killed, as a power cut would) and starts it again on the same directories.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = self.spawn_again();
    }

    /// The process id of the running copy (windows are found by it: a window another test left
    /// on the display while it closes bears the same title).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the first process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// How the first process ended, if it has.
    pub fn ended(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    pub fn home(&self) -> PathBuf {
        self.dir.join("home")
    }
}

fn spawn_direct(dir: &std::path::Path, env: &[(String, String)]) -> Child {
    let mut cmd = Command::new(app_binary());
    own_directories(&mut cmd, dir);
    cmd.current_dir(dir.join("home"))
        .env("HOME", dir.join("home"))
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", app_binary().display()))
}

impl Drop for DirectApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn wait(c: &Client, css: &str) -> Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
}

pub async fn click(c: &Client, css: &str) {
    wait(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

pub async fn text(c: &Client, css: &str) -> String {
    wait(c, css).await.text().await.unwrap_or_default()
}

/// Waits until `check` holds for the text of `css` (the UI updates asynchronously).
pub async fn wait_text(c: &Client, css: &str, check: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    let mut last = None;
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if let Ok(t) = e.text().await {
                if check(&t) {
                    return t;
                }
                last = Some(t);
            }
        }
        assert!(
            start.elapsed() < WAIT,
            "{css} never satisfied the check; last text: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn wait_attr(c: &Client, css: &str, attr: &str, want: &str) {
    let start = Instant::now();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if let Ok(Some(v)) = e.attr(attr).await {
                if v == want {
                    return;
                }
            }
        }
        assert!(start.elapsed() < WAIT, "{css}[{attr}] never became {want}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a screenshot of the window to <target>/screenshots/<name>.png. A test run never touches
/// the committed pictures in docs/screenshots/: `scripts/update-screenshots.sh` copies them there
/// when someone decides the README should show the new ones.
pub async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    let dir = debug_dir()
        .parent()
        .map(|t| t.join("screenshots"))
        .unwrap_or_else(|| workspace().join("target").join("screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub async fn view(c: &Client, name: &str) {
    click(c, &format!("nav button[data-view=\"{name}\"]")).await;
}

/// Opens 审查 and types the path of `cases`; clicking `#audit-start` then starts the review.
pub async fn open_review(c: &Client, cases: &std::path::Path) {
    view(c, "audit").await;
    wait(c, "#audit-path")
        .await
        .send_keys(&cases.to_string_lossy())
        .await
        .unwrap();
}

/// Points the app's records, library cache and exports into `dir`, so that a test never
/// touches the user's.
fn own_directories(cmd: &mut Command, dir: &std::path::Path) {
    cmd.env("CAILIANG_DATA_DIR", dir.join("data"))
        .env("CAILIANG_CACHE_DIR", dir.join("cache"))
        // The remembered window size and place (tauri-plugin-window-state) are the test's own.
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("CAILIANG_EXPORT_DIR", dir.join("exports"))
        // No test can click a native dialog: files in the test's own folder may be typed.
        .env("CAILIANG_IMPORT_DIR", dir);
}
