//! Unit tests of the CSV reader.

use crate::subscribers::csv_file::*;

fn themes() -> Vec<Theme> {
    vec![
        Theme {
            id: 1,
            slug: "industrie".into(),
            name: "Industrie".into(),
            description: String::new(),
        },
        Theme {
            id: 2,
            slug: "energie".into(),
            name: "Énergie".into(),
            description: String::new(),
        },
    ]
}

#[test]
fn encodings_are_recognised() {
    assert_eq!(decode(b"\xEF\xBB\xBFL\xC3\xA9a"), "Léa");
    assert_eq!(decode(b"L\xC3\xA9a"), "Léa");
    assert_eq!(decode(b"L\xE9a \x80"), "Léa €", "Windows-1252");
    assert_eq!(
        decode(b"\xFF\xFEL\x00\xE9\x00a\x00"),
        "Léa",
        "UTF-16 with its mark"
    );
}

#[test]
fn the_separator_is_the_most_frequent_one() {
    assert_eq!(separator("email;name;themes\na@b.fr;x;y"), b';');
    assert_eq!(separator("email,name\n"), b',');
    assert_eq!(separator("email\tname\n"), b'\t');
    assert_eq!(
        separator("\"a;b;c\",d\n"),
        b',',
        "quoted separators do not count"
    );
    assert_eq!(separator(""), b',');
}

#[test]
fn a_file_with_a_header_bom_and_semicolons_is_read_with_line_numbers() {
    let file = "\u{feff}Nom;E-mail;Thèmes\n\
                Léa;lea@example.org;Énergie\n\
                ;pas-une-adresse;\n\
                \n\
                Bob;BOB@example.org;industrie | Énergie\n\
                Zoé;zoe@example.org;Cuisine\n\
                ;Lea@Example.org;Industrie\n";
    let parsed = parse(file.as_bytes(), &themes());
    assert!(!parsed.too_many);
    assert_eq!(
        parsed.invalid,
        vec![
            InvalidLine {
                line: 3,
                problem: Problem::Email
            },
            InvalidLine {
                line: 6,
                problem: Problem::Theme("Cuisine".into())
            },
        ]
    );
    assert_eq!(parsed.lines.len(), 2);
    let lea = &parsed.lines[0];
    assert_eq!(
        (lea.line, lea.email.as_str(), lea.name.as_str()),
        (2, "lea@example.org", "Léa")
    );
    assert_eq!(lea.theme_ids, vec![1, 2], "themes of duplicates are merged");
    assert_eq!(lea.merged, vec![7]);
    let bob = &parsed.lines[1];
    assert_eq!((bob.line, bob.email.as_str()), (5, "bob@example.org"));
    assert_eq!(bob.theme_ids, vec![1, 2]);
}

#[test]
fn a_file_without_header_takes_email_name_themes() {
    let file =
        b"a@example.org,Ana\n\"b@example.org\",\"Bernard, dit \"\"Ben\"\"\",\n'=c@example.org,x\n";
    let parsed = parse(file, &themes());
    let emails: Vec<_> = parsed.lines.iter().map(|l| l.email.as_str()).collect();
    assert_eq!(emails, ["a@example.org", "b@example.org", "=c@example.org"]);
    assert_eq!(parsed.lines[1].name, "Bernard, dit \"Ben\"");
    assert!(parsed.lines.iter().all(|l| l.theme_ids.is_empty()));
}

#[test]
fn a_latin1_file_keeps_its_accents_and_bad_names_are_reported() {
    let mut file = b"email;nom\nl\xE9a@example.org;L\xE9a\nx@example.org;".to_vec();
    file.extend("n".repeat(101).as_bytes());
    file.extend(b"\n");
    let parsed = parse(&file, &themes());
    assert_eq!(parsed.lines[0].name, "Léa");
    assert_eq!(
        parsed.invalid,
        vec![InvalidLine {
            line: 3,
            problem: Problem::Name
        }]
    );
}

#[test]
fn a_line_with_all_themes_merged_with_one_theme_follows_all() {
    let parsed = parse(b"a@example.org;;\na@example.org;;Industrie\n", &themes());
    assert_eq!(parsed.lines.len(), 1);
    assert!(parsed.lines[0].theme_ids.is_empty());
    assert_eq!(parsed.lines[0].merged, vec![2]);
}

#[test]
fn too_many_lines_are_flagged() {
    let file: String = (0..=MAX_ROWS)
        .map(|i| format!("u{i}@example.org\n"))
        .collect();
    assert!(parse(file.as_bytes(), &themes()).too_many);
}
