package dev.paperboy.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Copies whole tables between the two engines and proves a copy equal: the machinery of {@code migrate} (SQLite to
 * PostgreSQL) and of {@code backup}/{@code restore} on PostgreSQL (to and from a portable SQLite file).
 *
 * <p>The tables come from the schema itself — the catalogue of the SQLite side, which both sides share through the
 * same migrations — never from a list kept by hand: a table a later migration adds is copied without anyone
 * remembering to. Only the {@link #EXCLUDED} tables stay behind, each for the reason given.
 */
final class TableCopy {
    static final Map<String, String> EXCLUDED = Map.of(
            "schema_version", "each database records the migrations applied to it",
            "job_leases", "leases belong to running processes; a copy starts with none held",
            "migrated_from", "the progress of a copy, about the database it is written to");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TableCopy() {}

    /** How a column's values are read, written and compared: the four portable types of the migrations. */
    enum Kind {
        TEXT, INTEGER, REAL, BLOB;

        static Kind of(String table, String column, String declared) {
            String type = declared.toUpperCase(java.util.Locale.ROOT);
            if (type.contains("INT")) {
                return INTEGER;
            }
            if (type.contains("TEXT") || type.contains("CHAR") || type.contains("CLOB")) {
                return TEXT;
            }
            if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
                return REAL;
            }
            if (type.contains("BLOB")) {
                return BLOB;
            }
            throw new IllegalStateException(table + "." + column + " has the type '" + declared
                    + "', which a copy between SQLite and PostgreSQL does not know; use TEXT, INTEGER, BIGINT, REAL or BLOB");
        }
    }

    record Column(String name, Kind kind) {}

    /**
     * A table to copy: its columns, the key its rows are upserted and paged by (the primary key, or the first unique
     * constraint), and the columns that point at rows of the same table (a reply's parent comment).
     */
    record Table(String name, List<Column> columns, List<String> key, List<String> selfReferences) {
        /** Rows without a self reference first, then the others, so that a parent always arrives before its child. */
        int segments() {
            return selfReferences.isEmpty() ? 1 : 2;
        }

        private String columnList() {
            return String.join(", ", columns.stream().map(c -> quote(c.name())).toList());
        }

        private String keyList() {
            return String.join(", ", key.stream().map(TableCopy::quote).toList());
        }

        String select(int segment, boolean after, int limit) {
            var where = new ArrayList<String>();
            if (!selfReferences.isEmpty()) {
                String noParent = String.join(" AND ", selfReferences.stream().map(c -> quote(c) + " IS NULL").toList());
                where.add(segment == 0 ? noParent : "NOT (" + noParent + ")");
            }
            if (after) {
                where.add(key.size() == 1 ? keyList() + " > ?"
                        : "(" + keyList() + ") > (" + String.join(", ", key.stream().map(k -> "?").toList()) + ")");
            }
            return "SELECT " + columnList() + " FROM " + quote(name) + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY " + keyList() + " LIMIT " + limit;
        }

        String upsert() {
            var update = columns.stream().map(Column::name).filter(c -> !key.contains(c))
                    .map(c -> quote(c) + " = excluded." + quote(c)).toList();
            return "INSERT INTO " + quote(name) + " (" + columnList() + ") VALUES ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ") ON CONFLICT (" + keyList() + ") DO "
                    + (update.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", update));
        }

        Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Every table of the schema but the {@link #EXCLUDED} ones, read from a SQLite connection, in an order where each
     * table comes after the tables its foreign keys point at (PostgreSQL checks them at every insert).
     *
     * @throws IllegalStateException when a table has no key to resume by, or a column a type the copy does not know
     */
    static List<Table> tables(Connection sqlite) throws SQLException {
        var names = new TreeSet<String>();
        try (var s = sqlite.createStatement();
                var rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        names.removeAll(EXCLUDED.keySet());
        var tables = new TreeMap<String, Table>();
        var dependsOn = new TreeMap<String, TreeSet<String>>();
        for (String name : names) {
            var columns = new ArrayList<Column>();
            var primary = new TreeMap<Integer, String>();
            try (var rows = query(sqlite, "PRAGMA table_info(" + quote(name) + ")")) {
                while (rows.next()) {
                    String column = rows.getString("name");
                    columns.add(new Column(column, Kind.of(name, column, rows.getString("type"))));
                    if (rows.getInt("pk") > 0) {
                        primary.put(rows.getInt("pk"), column);
                    }
                }
            }
            List<String> key = primary.isEmpty() ? uniqueKey(sqlite, name) : List.copyOf(primary.values());
            var self = new ArrayList<String>();
            var parents = new TreeSet<String>();
            try (var rows = query(sqlite, "PRAGMA foreign_key_list(" + quote(name) + ")")) {
                while (rows.next()) {
                    if (rows.getString("table").equals(name)) {
                        self.add(rows.getString("from"));
                    } else if (names.contains(rows.getString("table"))) {
                        parents.add(rows.getString("table"));
                    }
                }
            }
            tables.put(name, new Table(name, List.copyOf(columns), key, List.copyOf(self)));
            dependsOn.put(name, parents);
        }
        // Parents first; alphabetical among equals, so that every run copies in the same order.
        var ordered = new ArrayList<Table>();
        var placed = new TreeSet<String>();
        while (placed.size() < tables.size()) {
            String next = dependsOn.entrySet().stream()
                    .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the foreign keys between tables form a cycle"));
            placed.add(next);
            ordered.add(tables.get(next));
        }
        return ordered;
    }

    private static List<String> uniqueKey(Connection sqlite, String table) throws SQLException {
        var indexes = new ArrayList<String>();
        try (var rows = query(sqlite, "PRAGMA index_list(" + quote(table) + ")")) {
            while (rows.next()) {
                if (rows.getInt("unique") == 1) {
                    indexes.add(rows.getString("name"));
                }
            }
        }
        if (indexes.isEmpty()) {
            throw new IllegalStateException("the table " + table + " has no primary key or unique constraint: "
                    + "a copy could not resume without duplicating its rows; give it one");
        }
        indexes.sort(null);
        var key = new TreeMap<Integer, String>();
        try (var rows = query(sqlite, "PRAGMA index_info(" + quote(indexes.getFirst()) + ")")) {
            while (rows.next()) {
                key.put(rows.getInt("seqno"), rows.getString("name"));
            }
        }
        return List.copyOf(key.values());
    }

    private static ResultSet query(Connection connection, String sql) throws SQLException {
        // The result set closes its statement (closeOnCompletion) when it is closed itself.
        var statement = connection.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery(sql);
    }

    /** Where a copy of one table stands: the segment (see {@link Table#segments}) and the key of the last row copied. */
    record Position(int segment, List<Object> key) {
        String json() {
            var values = new ArrayList<Object>();
            values.add(segment);
            values.addAll(key);
            try {
                return JSON.writeValueAsString(values);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Position parse(String json, Table table) {
            if (json == null) {
                return null;
            }
            try {
                List<?> values = JSON.readValue(json, List.class);
                var key = new ArrayList<Object>();
                for (int i = 0; i < table.key().size(); i++) {
                    Object value = values.get(i + 1);
                    key.add(value instanceof Number n && table.column(table.key().get(i)).kind() == Kind.INTEGER ? n.longValue() : value);
                }
                return new Position(((Number) values.getFirst()).intValue(), key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What one call of {@link #copyBatch} did: the rows written, and where the next call starts (null: all copied). */
    record Batch(int rows, Position next) {}

    /**
     * Copies the next {@code limit} rows of {@code table} after {@code from} (null: from the start) from {@code source}
     * to {@code target}, each an upsert on the table's key, so a batch copied twice changes nothing. The caller owns
     * both transactions.
     *
     * @param stripNul drop NUL characters from text (PostgreSQL cannot store them; {@link #summarise} ignores them)
     */
    static Batch copyBatch(Connection source, Connection target, Table table, Position from, int limit, boolean stripNul)
            throws SQLException {
        int segment = from == null ? 0 : from.segment();
        List<Object> after = from == null ? null : from.key();
        for (; segment < table.segments(); segment++, after = null) {
            var rows = new ArrayList<Object[]>();
            try (var select = source.prepareStatement(table.select(segment, after != null, limit))) {
                if (after != null) {
                    for (int i = 0; i < after.size(); i++) {
                        bind(select, i + 1, table.column(table.key().get(i)).kind(), after.get(i), false);
                    }
                }
                try (var result = select.executeQuery()) {
                    while (result.next()) {
                        var row = new Object[table.columns().size()];
                        for (int c = 0; c < row.length; c++) {
                            row[c] = read(result, c + 1, table.columns().get(c).kind());
                        }
                        rows.add(row);
                    }
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            try (var insert = target.prepareStatement(table.upsert())) {
                for (Object[] row : rows) {
                    for (int c = 0; c < row.length; c++) {
                        bind(insert, c + 1, table.columns().get(c).kind(), row[c], stripNul);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Object[] last = rows.getLast();
            var key = new ArrayList<Object>();
            for (String k : table.key()) {
                key.add(last[table.columns().indexOf(table.column(k))]);
            }
            return new Batch(rows.size(), new Position(segment, key));
        }
        return new Batch(0, null);
    }

    /** Copies all of {@code table}, in batches of {@code limit} rows on the callers' transactions; returns the rows copied. */
    static long copyAll(Connection source, Connection target, Table table, int limit, boolean stripNul) throws SQLException {
        long copied = 0;
        for (Batch batch = copyBatch(source, target, table, null, limit, stripNul); batch.next() != null;
                batch = copyBatch(source, target, table, batch.next(), limit, stripNul)) {
            copied += batch.rows();
        }
        return copied;
    }

    private static Object read(ResultSet result, int index, Kind kind) throws SQLException {
        Object value = switch (kind) {
            case TEXT -> result.getString(index);
            case INTEGER -> result.getLong(index);
            case REAL -> result.getDouble(index);
            case BLOB -> result.getBytes(index);
        };
        return result.wasNull() ? null : value;
    }

    private static void bind(PreparedStatement statement, int index, Kind kind, Object value, boolean stripNul) throws SQLException {
        if (value == null) {
            statement.setNull(index, switch (kind) {
                case TEXT -> Types.VARCHAR;
                case INTEGER -> Types.BIGINT;
                case REAL -> Types.DOUBLE;
                case BLOB -> Types.BINARY;
            });
            return;
        }
        switch (kind) {
            case TEXT -> statement.setString(index, stripNul ? withoutNul(value.toString()) : value.toString());
            case INTEGER -> statement.setLong(index, ((Number) value).longValue());
            case REAL -> statement.setDouble(index, ((Number) value).doubleValue());
            case BLOB -> statement.setBytes(index, (byte[]) value);
        }
    }

    private static String withoutNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    /** A table's row count and a checksum of its rows that does not depend on their order or on the engine. */
    record Summary(long rows, String checksum) {}

    /**
     * Counts and checksums every row of {@code table}: each row's canonical bytes (every column in schema order, by
     * its portable type) hashed with SHA-256, and the hashes summed, so that the same rows give the same checksum on
     * SQLite and PostgreSQL whatever order each returns them in. Two differences between the engines are
     * canonicalised away: NUL characters in text (PostgreSQL cannot store them) and the precision of {@code REAL}
     * (a 4-byte float on PostgreSQL, 8 bytes on SQLite: compared as 4-byte floats).
     */
    static Summary summarise(Connection connection, Table table) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long rows = 0;
        long high = 0;
        long low = 0;
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        try (var select = connection.prepareStatement("SELECT " + table.columnList() + " FROM " + quote(table.name()))) {
            select.setFetchSize(1_000);
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    bytes.reset();
                    for (int c = 0; c < table.columns().size(); c++) {
                        canonical(out, read(result, c + 1, table.columns().get(c).kind()));
                    }
                    out.flush();
                    var hash = ByteBuffer.wrap(sha.digest(bytes.toByteArray()));
                    high += hash.getLong();
                    low += hash.getLong();
                    rows++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(rows, HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low));
    }

    private static void canonical(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(0);
            case String text -> {
                byte[] utf8 = withoutNul(text).getBytes(StandardCharsets.UTF_8);
                out.writeByte(1);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case Long number -> {
                out.writeByte(2);
                out.writeLong(number);
            }
            case Double number -> {
                out.writeByte(3);
                out.writeInt(Float.floatToIntBits((float) number.doubleValue()));
            }
            case byte[] blob -> {
                out.writeByte(4);
                out.writeInt(blob.length);
                out.write(blob);
            }
            default -> throw new IllegalStateException("unexpected value " + value.getClass());
        }
    }

    /** Row counts and checksums of {@code tables}, by name, in their order. */
    static Map<String, Summary> summarise(Connection connection, List<Table> tables) throws SQLException {
        var summaries = new LinkedHashMap<String, Summary>();
        for (Table table : tables) {
            summaries.put(table.name(), summarise(connection, table));
        }
        return summaries;
    }

    /** Runs {@code work} on one connection inside one read-only snapshot (REPEATABLE READ on PostgreSQL). */
    static <T> T inSnapshot(javax.sql.DataSource dataSource, dev.paperboy.store.Database.SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgresql = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            if (postgresql) {
                connection.setReadOnly(true);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            connection.setAutoCommit(false);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                if (postgresql) {
                    connection.setReadOnly(false);
                }
            }
        } catch (SQLException e) {
            throw new dev.paperboy.store.StoreException(e);
        }
    }
}
