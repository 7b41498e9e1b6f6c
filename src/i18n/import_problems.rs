//! The words of the import report's problems, reached as `t.import_problems`; `{name}` marks
//! where an issue's data goes.

/// The problems' strings.
#[derive(Debug)]
#[expect(
    missing_docs,
    reason = "each field is the text of one kind of problem, named after it"
)]
pub struct ImportProblemMessages {
    pub bare_ampersand: &'static str,
    pub control_characters: &'static str,
    pub unknown_shortcode: &'static str,
    pub published_undated: &'static str,
    pub title_shortened: &'static str,
    pub slug_taken: &'static str,
    pub post_not_written: &'static str,
    pub passage_missing: &'static str,
    pub parent_missing: &'static str,
    pub comment_shortened: &'static str,
    pub comment_undated: &'static str,
    pub comment_number_taken: &'static str,
    pub image_kept: &'static str,
    pub hero_not_imported: &'static str,
    pub image_outside_uploads: &'static str,
    pub image_not_in_copy: &'static str,
    pub image_not_an_image: &'static str,
    pub gallery_left_out: &'static str,
    pub gallery_attached: &'static str,
}

/// French.
pub const FR: ImportProblemMessages = ImportProblemMessages {
    bare_ampersand: "un `&` nu (non écrit `&amp;`) a été lu comme `&`",
    control_characters: "des caractères de contrôle que XML interdit ont été retirés",
    unknown_shortcode: "le shortcode [{name}] n’a pas d’équivalent\u{a0}: il est resté en texte",
    published_undated: "un billet publié sans date\u{a0}: publié maintenant",
    title_shortened: "titre raccourci à {max} caractères",
    slug_taken: "le slug `{wanted}` est déjà pris ici\u{a0}: l’article est `{given}`",
    post_not_written: "le billet {post} n’a pas été importé\u{a0}: {error}",
    passage_missing: "commentaire {comment}\u{a0}: son passage (formulaire {form}) est introuvable, c’est un commentaire ordinaire",
    parent_missing: "commentaire {comment}\u{a0}: son parent {parent} n’est pas dans le fichier, il ouvre un fil à lui",
    comment_shortened: "commentaire {comment} raccourci à {max} caractères",
    comment_undated: "le commentaire {comment} n’a pas de date\u{a0}: daté de maintenant",
    comment_number_taken: "commentaire {comment}\u{a0}: ce numéro est pris ici, son ancien lien #comment mène à l’article",
    image_kept: "image laissée à son ancienne adresse\u{a0}: {why}",
    hero_not_imported: "image à la une non importée\u{a0}: {why}",
    image_outside_uploads: "`{path}` n’est pas un chemin dans les uploads",
    image_not_in_copy: "`{path}` n’est pas dans la copie des uploads",
    image_not_an_image: "`{path}` n’est pas une image que Sillage accepte",
    gallery_left_out: "une galerie [gallery] n’a pas été reprise (fichiers joints {ids})\u{a0}: ajoutez ses images dans l’éditeur",
    gallery_attached: "une galerie [gallery] des images jointes au billet n’a pas été reprise\u{a0}: ajoutez-les dans l’éditeur",
};

/// English.
pub const EN: ImportProblemMessages = ImportProblemMessages {
    bare_ampersand: "a bare `&` (not written as `&amp;`) was read as `&`",
    control_characters: "control characters that XML forbids were removed",
    unknown_shortcode: "shortcode [{name}] has no equivalent and was left as text",
    published_undated: "a published post without a date: published now",
    title_shortened: "title shortened to {max} characters",
    slug_taken: "the slug `{wanted}` is taken here: the article is `{given}`",
    post_not_written: "post {post} was not imported: {error}",
    passage_missing: "comment {comment}: its inline passage (form {form}) was not found, it is an ordinary comment",
    parent_missing: "comment {comment}: its parent {parent} is not in the file, it starts a thread of its own",
    comment_shortened: "comment {comment} shortened to {max} characters",
    comment_undated: "comment {comment} has no date: dated now",
    comment_number_taken: "comment {comment}: that number is taken here, its old #comment link lands on the article",
    image_kept: "image kept at its old address: {why}",
    hero_not_imported: "featured image not imported: {why}",
    image_outside_uploads: "`{path}` is not a path inside the uploads",
    image_not_in_copy: "`{path}` is not in the uploads copy",
    image_not_an_image: "`{path}` is not an image Sillage takes",
    gallery_left_out: "a [gallery] was left out (attachments {ids}): add its images in the editor",
    gallery_attached: "a [gallery] of the post's attached images was left out: add them in the editor",
};
