package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A Parquet file read through an in-memory DuckDB whose results stream, so memory stays bounded. Values: booleans as
 * {@code Boolean}; integers, and decimals of scale 0 that fit, as {@code Long}; other numbers as {@code Double} (NaN as
 * null); strings as {@code String}; dates as {@code LocalDate}; timestamps without time zone as {@code LocalDateTime};
 * anything else as its text. Only java.sql types appear here, so DuckDB's classes and native library load when the
 * first Parquet file is opened and not before.
 */
public final class ParquetSource implements TableSource {
    private static final String GLOB_CHARACTERS = "*?[";

    private final String name;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final List<String> columns;
    private final Kind[] kinds;
    private long rowsRead;

    /** How a column's values are read from the result set. */
    private enum Kind { DECIMAL_LONG, DATE, TIMESTAMP, OBJECT }

    private ParquetSource(String name, Connection connection, PreparedStatement statement, ResultSet rows)
            throws SQLException {
        this.name = name;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        ResultSetMetaData meta = rows.getMetaData();
        this.columns = names(meta);
        this.kinds = kinds(meta);
    }

    /** Opens {@code file}, a regular readable file, and starts the query that streams its rows. */
    public static ParquetSource open(Path file) {
        rejectGlob(file);
        Connection connection = connect();
        try {
            PreparedStatement statement = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            statement.setString(1, file.toAbsolutePath().toString());
            statement.setFetchSize(BATCH_ROWS);
            return new ParquetSource(file.toString(), connection, statement, statement.executeQuery());
        } catch (SQLException e) {
            closeQuietly(connection);
            throw notParquet(file.toString(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean typed() {
        return true;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Batch next() {
        BatchBuilder batch = new BatchBuilder(columns.size());
        try {
            while (!batch.isFull() && rows.next()) {
                readRow(batch);
                batch.endRow();
            }
        } catch (SQLException e) {
            throw notParquet(name, e);
        }
        long firstRow = rowsRead;
        rowsRead += batch.size();
        return batch.build(firstRow, columns);
    }

    @Override
    public void close() {
        closeQuietly(rows);
        closeQuietly(statement);
        closeQuietly(connection);
    }

    private void readRow(BatchBuilder batch) throws SQLException {
        for (int i = 0; i < kinds.length; i++) {
            batch.set(i, value(i + 1, kinds[i]));
        }
    }

    private Object value(int index, Kind kind) throws SQLException {
        return switch (kind) {
            case DECIMAL_LONG -> rows.getObject(index) instanceof Number n ? (Object) n.longValue() : null;
            case DATE -> rows.getObject(index, LocalDate.class);
            case TIMESTAMP -> rows.getObject(index, LocalDateTime.class);
            case OBJECT -> other(rows.getObject(index));
        };
    }

    /** Booleans, strings and numbers as the other sources give them, anything else as its text. */
    private static Object other(Object value) {
        Object normalized = SourceValues.normalize(value);
        if (normalized == null || normalized instanceof Boolean || normalized instanceof Long
                || normalized instanceof Double || normalized instanceof String) {
            return normalized;
        }
        return normalized.toString();
    }

    private static List<String> names(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return List.copyOf(names);
    }

    private static Kind[] kinds(ResultSetMetaData meta) throws SQLException {
        Kind[] kinds = new Kind[meta.getColumnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(meta, i + 1);
        }
        return kinds;
    }

    private static Kind kind(ResultSetMetaData meta, int index) throws SQLException {
        return switch (meta.getColumnType(index)) {
            case Types.DECIMAL, Types.NUMERIC ->
                    meta.getScale(index) == 0 && meta.getPrecision(index) <= 18 ? Kind.DECIMAL_LONG : Kind.OBJECT;
            case Types.DATE -> Kind.DATE;
            case Types.TIMESTAMP -> Kind.TIMESTAMP;
            default -> Kind.OBJECT;
        };
    }

    /** DuckDB reads {@code *}, {@code ?} and {@code [} in a path as a glob, which could read other files too. */
    private static void rejectGlob(Path file) {
        String path = file.toAbsolutePath().toString();
        for (char c : GLOB_CHARACTERS.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                throw CapstanException.invalid("%s: a Parquet file's path must not contain '%c', which DuckDB reads "
                        + "as a glob pattern; rename or move the file", file, c);
            }
        }
    }

    private static Connection connect() {
        Properties properties = new Properties();
        properties.setProperty("jdbc_stream_results", "true");
        try {
            return DriverManager.getConnection("jdbc:duckdb:", properties);
        } catch (SQLException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot start DuckDB to read Parquet: "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static CapstanException notParquet(String name, SQLException e) {
        return CapstanException.invalid("%s: cannot read as Parquet: %s", name, firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // read-only: a failed close loses nothing
        }
    }
}
