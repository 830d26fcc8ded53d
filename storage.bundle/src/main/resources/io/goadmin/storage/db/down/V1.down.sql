-- Undoes V1__initial_schema.sql: back to an empty database. Run by DbTool rollback, never by Flyway.
DROP TABLE IF EXISTS jobs;
DROP INDEX IF EXISTS audit_events_subject_ts;
DROP INDEX IF EXISTS audit_events_ts;
DROP TABLE IF EXISTS audit_events;
DROP INDEX IF EXISTS metrics_module_ts;
DROP INDEX IF EXISTS metrics_ts;
DROP TABLE IF EXISTS metrics;
