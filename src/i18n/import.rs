//! The few texts the WordPress import writes into the site, reached as `t.import`.

/// The import's strings.
#[derive(Debug)]
pub struct ImportMessages {
    /// The title of a post that had none.
    pub untitled: &'static str,
    /// The name of a commenter who gave none.
    pub anonymous: &'static str,
}

/// French.
pub const FR: ImportMessages = ImportMessages {
    untitled: "Sans titre",
    anonymous: "Anonyme",
};

/// English.
pub const EN: ImportMessages = ImportMessages {
    untitled: "Untitled",
    anonymous: "Anonymous",
};
