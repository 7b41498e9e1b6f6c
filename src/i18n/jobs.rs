//! The strings of the background work page (`/admin/jobs`), one table per language, reached
//! from the main tables as `t.jobs`.

/// The background work strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is a string named after its place in the interface"
)]
pub struct JobMessages {
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub kind: &'static str,
    pub state: &'static str,
    pub attempts: &'static str,
    pub reason: &'static str,
    pub failed: &'static str,
    pub retrying: &'static str,
    pub retry: &'static str,
    pub dashboard_failed: &'static str,
    pub flash_requeued: &'static str,
}

/// French.
pub const FR: JobMessages = JobMessages {
    title: "Tâches de fond",
    intro: "Les envois et traitements qui ont échoué\u{a0}: ceux qui seront retentés, puis ceux abandonnés après leurs essais.",
    none: "Aucune tâche en échec.",
    kind: "Tâche",
    state: "État",
    attempts: "Essais",
    reason: "Raison",
    failed: "abandonnée le",
    retrying: "nouvel essai le",
    retry: "Relancer",
    dashboard_failed: "Tâches de fond en échec",
    flash_requeued: "La tâche est relancée.",
};

/// English.
pub const EN: JobMessages = JobMessages {
    title: "Background work",
    intro: "Sends and tasks that failed: those that will be tried again, then those given up after their attempts.",
    none: "No failed task.",
    kind: "Task",
    state: "State",
    attempts: "Attempts",
    reason: "Reason",
    failed: "given up on",
    retrying: "next attempt on",
    retry: "Try again",
    dashboard_failed: "Failed background tasks",
    flash_requeued: "The task will run again.",
};
