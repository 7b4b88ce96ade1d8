package dev.loopline.examples.rest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * To-do items in SQL, one short statement per call with auto-commit. Every method blocks on JDBC: call it from
 * {@code Offload.blocking}. Identity ids make concurrent inserts safe without any locking here.
 */
public final class TodoStore {

    /** One page of the list, with the total so that a client knows when it has seen everything. */
    public record Page(List<Todo> items, int limit, long offset, long total) {
    }

    private final DataSource dataSource;

    public TodoStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Todo create(TodoInput input) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO todo (title, done) VALUES (?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, input.title());
            insert.setBoolean(2, input.done());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new row");
                }
                return new Todo(keys.getLong(1), input.title(), input.done());
            }
        }
    }

    public Optional<Todo> find(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, title, done FROM todo WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(todo(row)) : Optional.empty();
            }
        }
    }

    public Page list(int limit, long offset) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, title, done FROM todo ORDER BY id LIMIT ? OFFSET ?");
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM todo")) {
            select.setInt(1, limit);
            select.setLong(2, offset);
            List<Todo> items = new ArrayList<>(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(todo(rows));
                }
            }
            try (ResultSet total = count.executeQuery()) {
                total.next();
                return new Page(List.copyOf(items), limit, offset, total.getLong(1));
            }
        }
    }

    /** Replaces the item's fields; empty when there is no item {@code id}. */
    public Optional<Todo> replace(long id, TodoInput input) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE todo SET title = ?, done = ? WHERE id = ?")) {
            update.setString(1, input.title());
            update.setBoolean(2, input.done());
            update.setLong(3, id);
            return update.executeUpdate() == 1 ? Optional.of(new Todo(id, input.title(), input.done()))
                    : Optional.empty();
        }
    }

    /** True when there was an item {@code id} to delete. */
    public boolean delete(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM todo WHERE id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate() == 1;
        }
    }

    private static Todo todo(ResultSet row) throws SQLException {
        return new Todo(row.getLong("id"), row.getString("title"), row.getBoolean("done"));
    }
}
