-- Version 1: the stage-2 contract. Timestamps are UTC epoch milliseconds.

CREATE TABLE metrics (
    id        INTEGER PRIMARY KEY,
    ts        INTEGER NOT NULL,
    module    TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    value     REAL    NOT NULL,
    tags_json TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX metrics_ts ON metrics (ts);
CREATE INDEX metrics_module_ts ON metrics (module, ts);

CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY,
    ts           INTEGER NOT NULL,
    subject      TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    payload_json TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_ts ON audit_events (ts);
CREATE INDEX audit_events_subject_ts ON audit_events (subject, ts);

-- One row per scheduled job, the JobState record.
CREATE TABLE jobs (
    name             TEXT    PRIMARY KEY,
    kind             TEXT    NOT NULL,
    interval_ms      INTEGER NOT NULL,
    enabled          INTEGER NOT NULL,
    last_run_ts      INTEGER,
    last_duration_ms INTEGER,
    last_status      TEXT,
    last_error       TEXT,
    run_count        INTEGER NOT NULL DEFAULT 0,
    failure_count    INTEGER NOT NULL DEFAULT 0,
    timeout_count    INTEGER NOT NULL DEFAULT 0,
    skipped_count    INTEGER NOT NULL DEFAULT 0,
    record_count     INTEGER NOT NULL DEFAULT 0,
    next_run_ts      INTEGER
);
