DROP TABLE comment_votes;
