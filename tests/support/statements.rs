//! The SQL statements an app runs on its database, seen through diesel's instrumentation of
//! every connection opened to a watched database: each statement's text and whether it was
//! prepared for that run (new to its connection, or one diesel never keeps).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use diesel::connection::{Instrumentation, InstrumentationEvent, set_default_instrumentation};

/// One statement run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Its SQL, without its bound values.
    pub sql: String,
    /// Whether it was parsed and planned for this run rather than reused.
    pub prepared: bool,
}

/// The statements run so far on each watched database, by connection string.
fn log() -> &'static Mutex<HashMap<String, Vec<Run>>> {
    static LOG: OnceLock<Mutex<HashMap<String, Vec<Run>>>> = OnceLock::new();
    LOG.get_or_init(Mutex::default)
}

/// The instrumentation of one connection.
#[derive(Default)]
struct Counter {
    database: Option<String>,
    kept: HashSet<String>,
    running: Option<(String, bool)>,
}

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartEstablishConnection { url, .. } => {
                let watched = log().lock().unwrap().contains_key(url);
                self.database = watched.then(|| url.to_owned());
            }
            InstrumentationEvent::StartQuery { query, .. } => {
                let text = query.to_string();
                let sql = text.split(" -- binds:").next().unwrap_or(&text).to_owned();
                self.running = Some((sql, false));
            }
            InstrumentationEvent::CacheQuery { sql, .. } => {
                self.kept.insert(sql.to_owned());
                if let Some((_, new)) = self.running.as_mut() {
                    *new = true;
                }
            }
            InstrumentationEvent::FinishQuery { .. } => {
                let (Some(database), Some((sql, new))) = (&self.database, self.running.take())
                else {
                    return;
                };
                let prepared = new || !self.kept.contains(&sql);
                if let Some(runs) = log().lock().unwrap().get_mut(database) {
                    runs.push(Run { sql, prepared });
                }
            }
            _ => {}
        }
    }
}

/// Records the statements of the connections opened from now on to `database_url`.
pub fn watch(database_url: &str) {
    log()
        .lock()
        .unwrap()
        .entry(database_url.to_owned())
        .or_default();
    set_default_instrumentation(|| Some(Box::new(Counter::default())))
        .expect("the instrumentation is set");
}

/// The statements run on `database_url` since the last call.
pub fn take(database_url: &str) -> Vec<Run> {
    log()
        .lock()
        .unwrap()
        .get_mut(database_url)
        .map(std::mem::take)
        .unwrap_or_default()
}
