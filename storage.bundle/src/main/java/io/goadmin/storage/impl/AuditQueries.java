package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.JobState;

/** Reads of the audit log and the jobs table; fixed SQL text, bound values. */
final class AuditQueries {
    private static final String SELECT_AUDIT = "SELECT ts, subject, action, source, status, request_id, payload_json "
            + "FROM audit_events WHERE ts >= ?";
    // Fragments chosen by which filters are present, so a subject filter can use the (subject, ts) index.
    private static final String SUBJECT = " AND subject = ?";
    private static final String ACTION = " AND action = ?";
    private static final String NEWEST_FIRST = " ORDER BY ts DESC, id DESC LIMIT ?";
    private static final String SELECT_JOBS = "SELECT name, kind, interval_ms, enabled, last_run_ts, "
            + "last_duration_ms, last_status, last_error, run_count, failure_count, timeout_count, skipped_count, "
            + "record_count, next_run_ts FROM jobs ORDER BY name";

    private AuditQueries() {
    }

    /** The statement text for {@code query}: fixed fragments only, every value bound. */
    static String sql(AuditQuery query) {
        return SELECT_AUDIT + (query.subject() != null ? SUBJECT : "") + (query.action() != null ? ACTION : "")
                + NEWEST_FIRST;
    }

    static List<AuditEvent> run(Connection connection, AuditQuery query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(query))) {
            int index = 1;
            statement.setLong(index++, query.since());
            if (query.subject() != null) {
                statement.setString(index++, query.subject());
            }
            if (query.action() != null) {
                statement.setString(index++, query.action());
            }
            statement.setInt(index, query.limit());
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(new AuditEvent(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                }
            }
            return events;
        }
    }

    static List<JobState> jobStates(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT_JOBS);
                ResultSet rows = statement.executeQuery()) {
            List<JobState> jobs = new ArrayList<>();
            while (rows.next()) {
                jobs.add(new JobState(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getInt(4) != 0,
                        nullableLong(rows, 5), nullableLong(rows, 6), rows.getString(7), rows.getString(8),
                        rows.getLong(9), rows.getLong(10), rows.getLong(11), rows.getLong(12), rows.getLong(13),
                        nullableLong(rows, 14)));
            }
            return jobs;
        }
    }

    private static Long nullableLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
