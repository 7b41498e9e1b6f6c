DROP INDEX comments_reader_idx;
