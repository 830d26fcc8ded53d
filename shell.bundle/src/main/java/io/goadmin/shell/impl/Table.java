package io.goadmin.shell.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows of text cells rendered as aligned columns for people. */
final class Table {
    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();
    private final boolean hasHeader;

    private Table(String[] header) {
        hasHeader = header != null;
        if (header != null) {
            rows.add(header);
        }
    }

    /** A table whose first row is {@code header}. */
    static Table withHeader(String... header) {
        return new Table(header);
    }

    /** A table without a header, such as label/value pairs. */
    static Table plain() {
        return new Table(null);
    }

    /** Adds a row; {@code null} cells print as {@code -}. */
    Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? "-" : cell.toString()).toArray(String[]::new));
        return this;
    }

    /** True if it has no rows besides its header. */
    boolean isEmpty() {
        return rows.size() == (hasHeader ? 1 : 0);
    }

    /** The rendered lines, columns padded to their widest cell, no trailing blanks. */
    List<String> lines() {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
