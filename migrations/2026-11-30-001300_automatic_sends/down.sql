ALTER TABLE newsletters DROP COLUMN auto_key;
DROP TABLE automatic_sends;
