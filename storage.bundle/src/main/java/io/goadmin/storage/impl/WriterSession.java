package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.json.Json;

/**
 * The writer thread's connection and its prepared statements. Used by that thread only. After a failed commit the
 * writer throws the session away and opens a new one: SQLite may have rolled the transaction back by itself
 * ({@code SQLITE_FULL}, {@code SQLITE_IOERR}) and the driver closes statements that failed, so neither the
 * connection's transaction state nor its statements can be trusted afterwards.
 */
final class WriterSession {
    private static final String INSERT_METRIC =
            "INSERT INTO metrics (ts, module, key, value, tags_json) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_AUDIT = "INSERT INTO audit_events "
            + "(ts, subject, action, source, status, request_id, payload_json) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_JOB = "INSERT INTO jobs (name, kind, interval_ms, enabled, last_run_ts, "
            + "last_duration_ms, last_status, last_error, run_count, failure_count, timeout_count, skipped_count, "
            + "record_count, next_run_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, interval_ms = excluded.interval_ms, "
            + "enabled = excluded.enabled, last_run_ts = excluded.last_run_ts, "
            + "last_duration_ms = excluded.last_duration_ms, last_status = excluded.last_status, "
            + "last_error = excluded.last_error, run_count = excluded.run_count, "
            + "failure_count = excluded.failure_count, timeout_count = excluded.timeout_count, "
            + "skipped_count = excluded.skipped_count, record_count = excluded.record_count, "
            + "next_run_ts = excluded.next_run_ts";

    /** Rows per multi-row insert: fewer statement executions per batch (5 parameters a row, far below the limit). */
    private static final int ROWS_PER_INSERT = 64;

    private final Connection connection;
    private final PreparedStatement insertMetric;
    private final PreparedStatement insertMetrics;
    private final PreparedStatement insertAudit;
    private final PreparedStatement upsertJob;

    private WriterSession(Connection connection) throws SQLException {
        this.connection = connection;
        this.insertMetric = connection.prepareStatement(INSERT_METRIC);
        this.insertMetrics = connection.prepareStatement(INSERT_METRIC + ", (?, ?, ?, ?, ?)".repeat(ROWS_PER_INSERT - 1));
        this.insertAudit = connection.prepareStatement(INSERT_AUDIT);
        this.upsertJob = connection.prepareStatement(UPSERT_JOB);
    }

    /** Prepares the statements on {@code connection}, which the session then owns; closes it if that fails. */
    static WriterSession on(Connection connection) throws SQLException {
        try {
            return new WriterSession(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    int insertMetrics(List<MetricRecord> records) throws SQLException {
        int full = records.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        for (int start = 0; start < full; start += ROWS_PER_INSERT) {
            for (int row = 0; row < ROWS_PER_INSERT; row++) {
                bindMetric(insertMetrics, row * 5, records.get(start + row));
            }
            insertMetrics.executeUpdate();
        }
        for (MetricRecord record : records.subList(full, records.size())) {
            insertMetric(record);
        }
        return records.size();
    }

    int insertMetric(MetricRecord record) throws SQLException {
        bindMetric(insertMetric, 0, record);
        return insertMetric.executeUpdate();
    }

    private static void bindMetric(PreparedStatement statement, int offset, MetricRecord record)
            throws SQLException {
        statement.setLong(offset + 1, record.ts());
        statement.setString(offset + 2, record.module());
        statement.setString(offset + 3, record.key());
        statement.setDouble(offset + 4, record.value());
        statement.setString(offset + 5, record.tags().isEmpty() ? "{}" : Json.write(record.tags()));
    }

    int insertAudit(AuditEvent event) throws SQLException {
        insertAudit.setLong(1, event.ts());
        insertAudit.setString(2, event.subject());
        insertAudit.setString(3, event.action());
        insertAudit.setString(4, event.source());
        insertAudit.setString(5, event.status());
        insertAudit.setString(6, event.requestId());
        insertAudit.setString(7, event.payloadJson());
        return insertAudit.executeUpdate();
    }

    int upsertJob(JobState job) throws SQLException {
        upsertJob.setString(1, job.name());
        upsertJob.setString(2, job.kind());
        upsertJob.setLong(3, job.intervalMillis());
        upsertJob.setInt(4, job.enabled() ? 1 : 0);
        setNullableLong(5, job.lastRunTs());
        setNullableLong(6, job.lastDurationMillis());
        upsertJob.setString(7, job.lastStatus());
        upsertJob.setString(8, job.lastError());
        upsertJob.setLong(9, job.runCount());
        upsertJob.setLong(10, job.failureCount());
        upsertJob.setLong(11, job.timeoutCount());
        upsertJob.setLong(12, job.skippedCount());
        upsertJob.setLong(13, job.recordCount());
        setNullableLong(14, job.nextRunTs());
        return upsertJob.executeUpdate();
    }

    /** Runs a fixed statement with bound parameters; returns the rows changed. */
    int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Closes the statements and the connection; SQLite rolls back whatever was not committed. */
    void close() {
        for (AutoCloseable resource : new AutoCloseable[] {insertMetric, insertMetrics, insertAudit, upsertJob}) {
            try {
                resource.close();
            } catch (Exception e) {
                // A statement the driver already closed after a failure; the connection's close frees the rest.
            }
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing more can be done; SQLite keeps the file consistent.
        }
    }

    private void setNullableLong(int index, Long value) throws SQLException {
        if (value == null) {
            upsertJob.setNull(index, Types.INTEGER);
        } else {
            upsertJob.setLong(index, value);
        }
    }
}
