//! The import's report as the database keeps it (JSON in `import_runs.report`) and the admin
//! page shows it: the CLI's [`Report`] with owned names.

use serde::{Deserialize, Serialize};

use crate::import::issue::Issue;
use crate::import::report::Report;

/// A counted thing: its name in the report and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// What was counted (`articles`, `comments`…, or a reason to skip).
    pub what: String,
    /// How many.
    pub n: u64,
}

/// A problem with its line in the WXR file (0: the SQL dump).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedProblem {
    /// The line.
    pub line: u64,
    /// What happened.
    pub issue: Issue,
}

/// A report kept for the admin page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReport {
    /// Whether it is a dry run's.
    pub dry_run: bool,
    /// Imported things.
    pub imported: Vec<Count>,
    /// Things already there (unchanged or merged).
    pub existing: Vec<Count>,
    /// Things skipped, by reason.
    pub skipped: Vec<Count>,
    /// The problems listed.
    pub problems: Vec<SavedProblem>,
    /// Problems beyond those listed.
    pub more_problems: u64,
    /// Why the file could not be read to its end.
    pub failure: Option<String>,
}

impl From<&Report> for SavedReport {
    fn from(report: &Report) -> Self {
        let counts = |map: &mut dyn Iterator<Item = (&str, u64)>| {
            map.map(|(what, n)| Count {
                what: what.to_owned(),
                n,
            })
            .collect()
        };
        Self {
            dry_run: report.dry_run,
            imported: counts(&mut report.imported.iter().map(|(k, n)| (*k, *n))),
            existing: counts(&mut report.existing.iter().map(|(k, n)| (*k, *n))),
            skipped: counts(&mut report.skipped.iter().map(|(k, n)| (k.as_str(), *n))),
            problems: report
                .problems
                .iter()
                .map(|p| SavedProblem {
                    line: p.line,
                    issue: p.issue.clone(),
                })
                .collect(),
            more_problems: report.more_problems,
            failure: report.failure.clone(),
        }
    }
}

impl SavedReport {
    /// Whether the report counts nothing at all.
    pub fn is_empty(&self) -> bool {
        self.imported.is_empty()
            && self.existing.is_empty()
            && self.skipped.is_empty()
            && self.problems.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::report::Problem;

    #[test]
    fn a_report_survives_its_trip_through_json() {
        let mut report = Report {
            dry_run: true,
            ..Report::default()
        };
        report.imported("articles", 3);
        report.skipped("trashed posts");
        report.problem(Problem::new(42, Issue::CommentUndated { comment: 7 }));
        let saved = SavedReport::from(&report);
        let json = serde_json::to_value(&saved).unwrap();
        let back: SavedReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, saved);
        assert_eq!(back.imported[0].what, "articles");
        assert_eq!(back.problems[0].line, 42);
    }
}
