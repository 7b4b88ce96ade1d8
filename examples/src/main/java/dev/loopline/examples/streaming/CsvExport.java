package dev.loopline.examples.streaming;

import dev.loopline.routing.Params;
import dev.loopline.server.Body;
import dev.loopline.server.Offload;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.h2.jdbcx.JdbcDataSource;

/**
 * {@code GET /export?rows=N}: N rows of CSV, read from H2 with a forward-only cursor and written with
 * {@link Body#writer}: the query runs on the blocking executor and each write waits while the client is not reading,
 * so ten million rows flow through a few kilobytes of heap, and the first row leaves within milliseconds.
 * {@code &buffered=true} builds the whole export in memory first (the anti-pattern, for comparison).
 */
public final class CsvExport implements AutoCloseable {

    static final int MAX_ROWS = 100_000_000;
    private static final String QUERY = "SELECT X, 'item-' || X, X * 7 % 1000, MOD(X, 2) = 0 FROM SYSTEM_RANGE(1, ?)";

    private final JdbcDataSource database = new JdbcDataSource();
    private final Connection keepAlive; // an in-memory H2 database lives while one connection is open

    public CsvExport() {
        database.setURL("jdbc:h2:mem:export-" + UUID.randomUUID() + ";LAZY_QUERY_EXECUTION=TRUE");
        try {
            keepAlive = database.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the export database: " + e.getMessage(), e);
        }
    }

    CompletionStage<Response> handle(Request request) {
        int rows = Params.queryInt(request, "rows", 1000);
        if (rows < 0 || rows > MAX_ROWS) {
            throw new HttpStatusException(400, "query parameter \"rows\" must be from 0 to " + MAX_ROWS + ", was "
                    + rows);
        }
        if (request.queryParam("buffered").filter("true"::equals).isPresent()) {
            return buffered(request, rows);
        }
        return Response.of(200, "text/csv; charset=utf-8", Body.writer(out -> write(rows, out)))
                .withHeader("Content-Disposition", "attachment; filename=\"export.csv\"")
                .completed();
    }

    /**
     * The anti-pattern, for comparison ({@code &buffered=true}): the whole CSV built in memory first, so the first
     * byte leaves only when the last row is read, and the heap holds the whole export.
     */
    private CompletionStage<Response> buffered(Request request, int rows) {
        return Offload.blocking(r -> {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            try {
                write(rows, whole);
            } catch (IOException impossible) { // a ByteArrayOutputStream does not fail
                throw new UncheckedIOException(impossible);
            }
            return Response.of(200, "text/csv; charset=utf-8", Body.wrap(whole.toByteArray())).completed();
        }).handle(request);
    }

    private void write(int rows, OutputStream out) throws IOException {
        out.write("id,name,score,even\n".getBytes(StandardCharsets.US_ASCII));
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(QUERY, ResultSet.TYPE_FORWARD_ONLY,
                     ResultSet.CONCUR_READ_ONLY)) {
            query.setFetchSize(1000);
            query.setInt(1, rows);
            try (ResultSet result = query.executeQuery()) {
                StringBuilder line = new StringBuilder(64);
                while (result.next()) {
                    line.setLength(0);
                    line.append(result.getLong(1)).append(',').append(result.getString(2)).append(',')
                            .append(result.getInt(3)).append(',').append(result.getBoolean(4)).append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.US_ASCII)); // blocks while the client lags
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("the export query failed: " + e.getMessage(), e));
        }
    }

    @Override
    public void close() throws SQLException {
        keepAlive.close();
    }
}
