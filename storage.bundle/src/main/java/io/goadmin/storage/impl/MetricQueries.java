package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.Query;
import io.goadmin.core.json.Json;

/**
 * Turns a {@link Query} into SQL. The SQL text is assembled only from the fixed fragments below, chosen by which
 * filters are present; every value, tag keys included, is a bound parameter. Bucketing and aggregation run in SQL.
 */
final class MetricQueries {
    private static final String RAW_SELECT = "SELECT ts, module, key, value, tags_json FROM metrics";
    private static final String RANGE = " WHERE ts >= ? AND ts < ?";
    private static final String MODULE = " AND module = ?";
    private static final String KEY = " AND key = ?";
    private static final String TAG = " AND json_extract(tags_json, ?) = ?";

    private MetricQueries() {
    }

    /** The statement text for {@code query}; {@link #bind} sets its parameters in the same order. */
    static String sql(Query query) {
        StringBuilder sql = new StringBuilder(256);
        if (query.step() == null) {
            sql.append(RAW_SELECT);
        } else {
            sql.append("SELECT ts - (ts % ?) AS bucket, module, key, ")
                    .append(aggregate(query.aggregation()))
                    .append(", tags_json")
                    .append(query.aggregation() == Query.Aggregation.LAST ? ", MAX(ts)" : "")
                    .append(" FROM metrics");
        }
        sql.append(RANGE);
        if (query.module() != null) {
            sql.append(MODULE);
        }
        if (query.key() != null) {
            sql.append(KEY);
        }
        for (int i = 0; i < query.tags().size(); i++) {
            sql.append(TAG);
        }
        String direction = query.order() == Query.Order.DESC ? " DESC" : " ASC";
        if (query.step() == null) {
            sql.append(" ORDER BY ts").append(direction).append(", id").append(direction);
        } else {
            sql.append(" GROUP BY bucket, module, key, tags_json ORDER BY bucket").append(direction)
                    .append(", module, key, tags_json");
        }
        return sql.append(" LIMIT ?").toString();
    }

    static List<MetricRecord> run(Connection connection, Query query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(query))) {
            bind(statement, query);
            List<MetricRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String tags = rows.getString(5);
                    records.add(new MetricRecord(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getDouble(4), "{}".equals(tags) ? Map.of() : Json.readStringMap(tags)));
                }
            }
            return records;
        }
    }

    static void bind(PreparedStatement statement, Query query) throws SQLException {
        int index = 1;
        if (query.step() != null) {
            statement.setLong(index++, query.step().toMillis());
        }
        statement.setLong(index++, query.from());
        statement.setLong(index++, query.to());
        if (query.module() != null) {
            statement.setString(index++, query.module());
        }
        if (query.key() != null) {
            statement.setString(index++, query.key());
        }
        for (Map.Entry<String, String> tag : query.tags().entrySet()) {
            // Tag keys are validated names; quoting makes a dotted key one JSON path step.
            statement.setString(index++, "$.\"" + tag.getKey() + "\"");
            statement.setString(index++, tag.getValue());
        }
        statement.setInt(index, query.limit());
    }

    private static String aggregate(Query.Aggregation aggregation) {
        return switch (aggregation) {
            case AVG -> "AVG(value)";
            case MIN -> "MIN(value)";
            case MAX -> "MAX(value)";
            case LAST -> "value";
        };
    }
}
