//! The import's report: what was imported, what was already there (merged or unchanged), what
//! was skipped and why, and each problem with its line in the WXR file.

use std::collections::BTreeMap;
use std::fmt;

use crate::i18n::Locale;
use crate::import::issue::Issue;

/// The most problems listed one by one; the rest are counted.
const MAX_LISTED: usize = 500;

/// A problem met in the file, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line in the WXR file (0 when it concerns the SQL dump).
    pub line: u64,
    /// What happened.
    pub issue: Issue,
}

impl Problem {
    /// A problem at `line`.
    pub fn new(line: u64, issue: Issue) -> Self {
        Self { line, issue }
    }
}

/// What an import has read so far: the counts a progress bar or the admin's progress view shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Items of the WXR file read (posts, pages, attachments…).
    pub items: u64,
    /// Articles written or found already there.
    pub articles: u64,
    /// Comments written or found already there.
    pub comments: u64,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Whether nothing was written.
    pub dry_run: bool,
    /// How many of each thing were imported (`articles`, `comments`, `votes`…).
    pub imported: BTreeMap<&'static str, u64>,
    /// How many were already there: imported before, or merged with what Sillage had.
    pub existing: BTreeMap<&'static str, u64>,
    /// How many were skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// The problems, in file order.
    pub problems: Vec<Problem>,
    /// Problems beyond those listed.
    pub more_problems: u64,
    /// Why the input could not be read to its end, if it could not.
    pub failure: Option<String>,
}

impl Report {
    /// Counts `n` imported `what`.
    pub fn imported(&mut self, what: &'static str, n: u64) {
        *self.imported.entry(what).or_default() += n;
    }

    /// Counts `n` `what` already there.
    pub fn existing(&mut self, what: &'static str, n: u64) {
        *self.existing.entry(what).or_default() += n;
    }

    /// Counts one thing skipped for `reason`.
    pub fn skipped(&mut self, reason: impl Into<String>) {
        self.skipped_many(reason, 1);
    }

    /// Counts `n` things skipped for `reason`.
    pub fn skipped_many(&mut self, reason: impl Into<String>, n: u64) {
        *self.skipped.entry(reason.into()).or_default() += n;
    }

    /// Records a problem.
    pub fn problem(&mut self, problem: Problem) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(problem);
        } else {
            self.more_problems += 1;
        }
    }

    /// Adds the counts and problems of `other` (one post's) to this report.
    pub fn merge(&mut self, other: Report) {
        for (what, n) in other.imported {
            self.imported(what, n);
        }
        for (what, n) in other.existing {
            self.existing(what, n);
        }
        for (reason, n) in other.skipped {
            *self.skipped.entry(reason).or_default() += n;
        }
        for problem in other.problems {
            self.problem(problem);
        }
        self.more_problems += other.more_problems;
    }

    /// How many `what` were imported.
    pub fn count(&self, what: &str) -> u64 {
        self.imported.get(what).copied().unwrap_or(0)
    }

    /// How many `what` were imported or already there.
    fn seen(&self, what: &str) -> u64 {
        self.count(what) + self.existing.get(what).copied().unwrap_or(0)
    }

    /// The progress of an import that has read `items` items and counted this report.
    pub fn progress(&self, items: u64) -> Progress {
        Progress {
            items,
            articles: self.seen("articles"),
            comments: self.seen("comments"),
        }
    }
}

/// The report in English, as the terminal shows it.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = &Locale::En.messages().import_problems;
        if self.dry_run {
            writeln!(f, "Dry run: nothing was written. An import would do this:")?;
        }
        let list = |f: &mut fmt::Formatter<'_>, title: &str, map: &BTreeMap<&str, u64>| {
            if map.is_empty() {
                return Ok(());
            }
            let items: Vec<String> = map.iter().map(|(k, n)| format!("{n} {k}")).collect();
            writeln!(f, "{title}: {}", items.join(", "))
        };
        list(f, "Imported", &self.imported)?;
        list(f, "Already there (unchanged or merged)", &self.existing)?;
        if !self.skipped.is_empty() {
            writeln!(f, "Skipped:")?;
            for (reason, n) in &self.skipped {
                writeln!(f, "  {n} × {reason}")?;
            }
        }
        if !self.problems.is_empty() {
            writeln!(f, "Problems:")?;
            for problem in &self.problems {
                let message = problem.issue.describe(words);
                match problem.line {
                    0 => writeln!(f, "  SQL dump: {message}")?,
                    line => writeln!(f, "  line {line}: {message}")?,
                }
            }
            if self.more_problems > 0 {
                writeln!(f, "  … and {} more", self.more_problems)?;
            }
        }
        if let Some(failure) = &self.failure {
            writeln!(f, "Stopped: {failure}")?;
        }
        Ok(())
    }
}
