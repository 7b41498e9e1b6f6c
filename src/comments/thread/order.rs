//! Assembles an article's comments (one query, oldest first) into the order a reader reads
//! them: threads newest or oldest first, each followed by its replies, oldest first, depth by
//! depth. Pure, so it is tested without a database.

use std::collections::HashMap;

use crate::comments::model::Comment;

/// Replies deeper than this are shown flat, with "in reply to …".
pub const MAX_NESTING: usize = 4;

/// A comment in reading order.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The comment.
    pub comment: Comment,
    /// Indentation shown (capped at [`MAX_NESTING`]).
    pub level: usize,
    /// For replies shown flat: the name of the comment answered.
    pub in_reply_to: Option<String>,
}

/// The order of threads (replies always follow their parent, oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Newest threads first.
    Newest,
    /// Oldest threads first.
    Oldest,
    /// Best-voted threads first.
    Top,
}

impl Order {
    /// The value of `?comments=` for this order.
    pub fn key(self) -> &'static str {
        match self {
            Order::Newest => "newest",
            Order::Oldest => "oldest",
            Order::Top => "top",
        }
    }

    /// Reads `?comments=`; anything unknown is the default, newest first.
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("oldest") => Order::Oldest,
            Some("top") => Order::Top,
            _ => Order::Newest,
        }
    }
}

/// Orders `comments` (oldest first, as loaded) into threads.
pub fn arrange(comments: Vec<Comment>, order: Order, scores: &HashMap<i64, i64>) -> Vec<Placed> {
    let names: HashMap<i64, String> = comments
        .iter()
        .map(|c| (c.id, c.author_name.clone()))
        .collect();
    let mut children: HashMap<i64, Vec<Comment>> = HashMap::new();
    let mut roots = Vec::new();
    for comment in comments {
        match comment
            .parent_id
            .filter(|parent| names.contains_key(parent))
        {
            Some(parent) => children.entry(parent).or_default().push(comment),
            None => roots.push(comment),
        }
    }
    match order {
        Order::Oldest => {}
        Order::Newest => roots.reverse(),
        Order::Top => {
            roots.reverse();
            // Stable: among equal scores, the newest first.
            roots.sort_by_key(|c| std::cmp::Reverse(scores.get(&c.id).copied().unwrap_or(0)));
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<(Comment, usize)> = roots.into_iter().rev().map(|c| (c, 0)).collect();
    while let Some((comment, depth)) = stack.pop() {
        if let Some(replies) = children.remove(&comment.id) {
            stack.extend(replies.into_iter().rev().map(|c| (c, depth + 1)));
        }
        let in_reply_to = (depth > MAX_NESTING)
            .then(|| comment.parent_id.and_then(|p| names.get(&p).cloned()))
            .flatten();
        out.push(Placed {
            level: depth.min(MAX_NESTING),
            in_reply_to,
            comment,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::status::CommentStatus;
    use chrono::{Duration, Utc};

    fn comment(id: i64, parent: Option<i64>) -> Comment {
        Comment {
            id,
            parent_id: parent,
            depth: 0,
            author_name: format!("n{id}"),
            author_url: None,
            by_author: false,
            body_markdown: String::new(),
            body_html: String::new(),
            status: CommentStatus::Approved,
            reader_id: None,
            created_at: Utc::now() + Duration::seconds(id),
            anchor: None,
        }
    }

    fn ids(placed: &[Placed]) -> Vec<(i64, usize)> {
        placed.iter().map(|p| (p.comment.id, p.level)).collect()
    }

    #[test]
    fn replies_follow_their_parent_oldest_first() {
        let all = vec![
            comment(1, None),
            comment(2, None),
            comment(3, Some(1)),
            comment(4, Some(3)),
            comment(5, Some(1)),
        ];
        let none = HashMap::new();
        assert_eq!(
            ids(&arrange(all.clone(), Order::Oldest, &none)),
            vec![(1, 0), (3, 1), (4, 2), (5, 1), (2, 0)]
        );
        assert_eq!(
            ids(&arrange(all.clone(), Order::Newest, &none)),
            vec![(2, 0), (1, 0), (3, 1), (4, 2), (5, 1)]
        );
        let scores = HashMap::from([(1, 3), (2, -1)]);
        assert_eq!(
            ids(&arrange(all, Order::Top, &scores))[0],
            (1, 0),
            "the best-voted thread first"
        );
    }

    #[test]
    fn deep_replies_are_flat_and_say_whom_they_answer() {
        let chain: Vec<Comment> = (1..=7)
            .map(|id| comment(id, (id > 1).then(|| id - 1)))
            .collect();
        let placed = arrange(chain, Order::Oldest, &HashMap::new());
        assert_eq!(
            placed.iter().map(|p| p.level).collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 4, 4, 4]
        );
        assert_eq!(placed[5].in_reply_to.as_deref(), Some("n5"));
        assert_eq!(placed[3].in_reply_to, None);
    }

    #[test]
    fn a_reply_whose_parent_is_hidden_becomes_a_thread() {
        let placed = arrange(vec![comment(2, Some(1))], Order::Oldest, &HashMap::new());
        assert_eq!(ids(&placed), vec![(2, 0)]);
    }
}
