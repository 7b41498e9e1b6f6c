DROP INDEX comments_inbox_idx;
DROP TABLE comment_blocks;
