//! External checkers the quality tests run (W3C Nu checker, axe-core, Lighthouse), found through
//! environment variables or, when those are unset, under `target/tools`, where the harness
//! installs them with npm on first use (once for every test binary, under a file lock). A tool
//! that cannot be had fails the test with the way to install it: a quality check that silently
//! skips is no check at all.

use std::sync::OnceLock;

/// The npm packages of the checkers, installed together.
const PACKAGES: [&str; 3] = ["vnu-jar", "axe-core", "lighthouse"];

/// Where the harness installs them (cargo runs tests from the package root).
const TOOLS: &str = "target/tools";

/// The path in the environment variable `var` (by default `target/tools/{file}`, installed
/// with npm when missing), which must exist; `package` is the npm package that provides it.
pub fn tool(var: &str, package: &str, file: &str) -> String {
    let install = format!(
        "install it with `npm install --prefix {TOOLS} {package}` \
         (or set {var} to where it is; `.ci/run` installs it)"
    );
    let path = match std::env::var(var) {
        Ok(path) => path,
        Err(_) => {
            let path = format!("{TOOLS}/{file}");
            if !std::path::Path::new(&path).exists() {
                install_tools();
            }
            path
        }
    };
    assert!(
        std::path::Path::new(&path).exists(),
        "{var}={path} does not exist: {install}"
    );
    path
}

/// Installs the checkers under [`TOOLS`] once; another test binary doing the same at the same
/// time waits on the lock, then finds them there.
fn install_tools() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        std::fs::create_dir_all(TOOLS).expect("creates target/tools");
        let lock = std::fs::File::create(format!("{TOOLS}/.install.lock")).expect("a lock file");
        lock.lock().expect("locks target/tools");
        if PACKAGES
            .iter()
            .all(|p| std::path::Path::new(&format!("{TOOLS}/node_modules/{p}")).exists())
        {
            return;
        }
        eprintln!("installing the quality checkers under {TOOLS} (once)…");
        let status = std::process::Command::new("npm")
            .args([
                "install",
                "--prefix",
                TOOLS,
                "--no-audit",
                "--no-fund",
                "--silent",
            ])
            .args(PACKAGES)
            .status();
        match status {
            Ok(status) if status.success() => {}
            Ok(status) => eprintln!("npm install failed ({status})"),
            Err(error) => eprintln!("npm cannot run ({error}): install Node.js and npm"),
        }
    });
}

/// The W3C Nu HTML checker's jar (`VNU_JAR`).
pub fn vnu_jar() -> String {
    tool(
        "VNU_JAR",
        "vnu-jar",
        "node_modules/vnu-jar/build/dist/vnu.jar",
    )
}

/// axe-core's script (`AXE_JS`).
pub fn axe_js() -> String {
    tool("AXE_JS", "axe-core", "node_modules/axe-core/axe.min.js")
}

/// The Lighthouse command line (`LIGHTHOUSE`).
pub fn lighthouse() -> String {
    tool("LIGHTHOUSE", "lighthouse", "node_modules/.bin/lighthouse")
}

/// Checks `pages` (HTML documents) with the W3C Nu checker and fails with its report, where
/// `page-N` is `pages[N]`.
pub fn assert_valid_html(pages: &[String]) {
    let jar = vnu_jar();
    let dir = ScratchDir::new("vnu");
    let files: Vec<_> = pages
        .iter()
        .enumerate()
        .map(|(n, html)| {
            let file = dir.0.join(format!("page-{n}.html"));
            std::fs::write(&file, html).expect("a scratch file");
            file
        })
        .collect();
    let output = std::process::Command::new("java")
        .args(["-jar", &jar, "--errors-only", "--format", "text"])
        .args(&files)
        .output()
        .expect("java runs (Java 11 or later is needed by the Nu checker)");
    assert!(
        output.status.success(),
        "the Nu checker found errors (page-N is the Nth page checked):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A directory of its own under the system's temporary directory, removed when dropped.
pub struct ScratchDir(pub std::path::PathBuf);

impl ScratchDir {
    /// Creates `sillage-{name}-{pid}-{n}`.
    pub fn new(name: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sillage-{name}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Self(dir)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
