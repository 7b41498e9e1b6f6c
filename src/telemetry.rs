//! Logging: `tracing` to standard error, filtered by `RUST_LOG` (`info` by default).

use tracing_subscriber::EnvFilter;

/// Installs the subscriber once, at `info` unless `RUST_LOG` says otherwise.
pub fn init() {
    init_with("info");
}

/// Installs the subscriber once with `default` as the filter when `RUST_LOG` is unset; later
/// calls (tests) do nothing.
pub fn init_with(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
