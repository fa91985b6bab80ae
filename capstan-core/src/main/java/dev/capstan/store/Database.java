package dev.capstan.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.store.internal.SqlErrors;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The metadata database: connection pools, the schema check and transactions with error translation.
 *
 * <p>SQLite allows one writer at a time, so writes go through a single-connection pool opened in
 * {@code IMMEDIATE} mode: concurrent writers queue in the JVM instead of failing with SQLITE_BUSY, while
 * reads use a separate pool and run beside the writer (WAL). PostgreSQL uses one pool for both.
 * Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final int MAX_BUSY_RETRIES = 5;

    private final StoreUri uri;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final Jdbi writer;
    private final Jdbi reader;

    private Database(StoreUri uri, HikariDataSource writePool, HikariDataSource readPool) {
        this.uri = uri;
        this.writePool = writePool;
        this.readPool = readPool;
        this.writer = Jdbi.create(writePool);
        this.reader = readPool == writePool ? writer : Jdbi.create(readPool);
    }

    /**
     * Opens the database at {@code uri}. A brand-new database gets the current schema; an existing one with an
     * older schema is refused with a message that names {@code capstan db upgrade}.
     */
    public static Database open(String uri) {
        Database db = connect(StoreUri.parse(uri));
        try {
            new SchemaMigrations(db).requireCurrent();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Brings the schema at {@code uri} up to date and returns the applied version. */
    public static String upgrade(String uri) {
        try (Database db = connect(StoreUri.parse(uri))) {
            return new SchemaMigrations(db).upgrade();
        }
    }

    static Database connect(StoreUri uri) {
        return switch (uri.scheme()) {
            case SQLITE -> sqlite(uri);
            case POSTGRESQL -> postgresql(uri);
            case HTTP -> throw CapstanException.invalid(
                    "%s is a server URI; a database URI (sqlite:/// or postgresql://) is needed here", uri);
        };
    }

    public StoreUri uri() {
        return uri;
    }

    public Dialect dialect() {
        return uri.scheme() == StoreUri.Scheme.SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /** Runs {@code work} in a write transaction, retrying when the database is briefly busy. */
    public <R> R write(HandleCallback<R, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writer.inTransaction(work);
            } catch (RuntimeException e) {
                RuntimeException translated = SqlErrors.translate(e);
                if (!isBusy(translated) || attempt >= MAX_BUSY_RETRIES) {
                    throw translated;
                }
                pause(attempt);
            }
        }
    }

    /** Runs {@code work} in a read-only transaction, so multi-query reads see one snapshot. */
    public <R> R read(HandleCallback<R, RuntimeException> work) {
        try {
            return reader.inTransaction(work);
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    HikariDataSource writeDataSource() {
        return writePool;
    }

    @Override
    public void close() {
        if (readPool != writePool) {
            readPool.close();
        }
        writePool.close();
    }

    private static boolean isBusy(RuntimeException e) {
        return e instanceof CapstanException ce && ce.code() == ErrorCode.TEMPORARILY_UNAVAILABLE;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted while waiting for the database");
        }
    }

    private static Database sqlite(StoreUri uri) {
        createParentDirectory(uri.sqliteFile());
        HikariDataSource writes = pool(uri, "capstan-sqlite-write", 1, "IMMEDIATE");
        HikariDataSource reads = pool(uri, "capstan-sqlite-read", 8, "DEFERRED");
        return new Database(uri, writes, reads);
    }

    private static Database postgresql(StoreUri uri) {
        HikariDataSource pool = new HikariDataSource(baseConfig(uri, "capstan-postgresql", 16));
        return new Database(uri, pool, pool);
    }

    private static HikariDataSource pool(StoreUri uri, String name, int size, String transactionMode) {
        HikariConfig config = baseConfig(uri, name, size);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("busy_timeout", "30000");
        config.addDataSourceProperty("transaction_mode", transactionMode);
        config.addDataSourceProperty("mmap_size", "268435456");
        config.setConnectionInitSql("PRAGMA case_sensitive_like = ON");
        return new HikariDataSource(config);
    }

    private static HikariConfig baseConfig(StoreUri uri, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(uri.jdbcUrl());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(60_000);
        config.setInitializationFailTimeout(-1);
        if (uri.user() != null) {
            config.setUsername(uri.user());
        }
        if (uri.password() != null) {
            config.setPassword(uri.password());
        }
        return config;
    }

    private static void createParentDirectory(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw CapstanException.invalid("Cannot create the directory for the SQLite database %s: %s", file, e.getMessage());
        }
    }
}
