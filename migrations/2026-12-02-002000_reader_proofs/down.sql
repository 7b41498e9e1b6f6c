ALTER TABLE readers DROP COLUMN pending_name;
DROP TABLE reader_browsers;
