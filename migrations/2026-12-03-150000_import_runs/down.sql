SELECT lo_unlink(file)
FROM (
    SELECT wxr AS file FROM import_runs
    UNION ALL SELECT wpdiscuz_sql FROM import_runs
    UNION ALL SELECT uploads_zip FROM import_runs
) AS files
WHERE file IS NOT NULL;
DROP TABLE import_runs;
