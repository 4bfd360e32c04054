package dev.paperboy.web;

import dev.paperboy.TestApp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads the test app's SQLite file directly, to prove that a refused request changed nothing: a snapshot of every
 * community table, row by row, compared before and after.
 */
final class DbState {
    private static final List<String> TABLES = List.of(
            "SELECT id, email, name, password_hash, role, verified_at FROM users ORDER BY id",
            "SELECT id_hash, user_id FROM sessions ORDER BY id_hash",
            "SELECT id, user_id, name, revoked_at FROM api_tokens ORDER BY id",
            "SELECT id, user_id, used_at FROM mail_tokens ORDER BY id",
            "SELECT user_id, paper_id FROM votes ORDER BY user_id, paper_id",
            "SELECT user_id, paper_id FROM library ORDER BY user_id, paper_id",
            "SELECT id, user_id, parent_id, body, edited_at, deleted_at, hidden_at FROM comments ORDER BY id",
            "SELECT paper_id, user_id FROM submissions ORDER BY paper_id",
            "SELECT id, local_upvotes, num_comments FROM papers WHERE local_upvotes <> 0 OR num_comments <> 0 ORDER BY id",
            "SELECT COUNT(*) FROM papers",
            "SELECT COUNT(*) FROM feed_entries");

    private DbState() {}

    /** Every community row as text. */
    static String snapshot(TestApp app) {
        var out = new StringBuilder();
        try (Connection c = connect(app)) {
            for (String sql : TABLES) {
                out.append(sql).append('\n');
                try (var rs = c.createStatement().executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static long count(TestApp app, String sql, Object... args) {
        try (Connection c = connect(app); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String string(TestApp app, String sql, Object... args) {
        try (Connection c = connect(app); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(TestApp app) throws SQLException {
        return dev.paperboy.TestDatabases.connect(app.dataDir());
    }
}
