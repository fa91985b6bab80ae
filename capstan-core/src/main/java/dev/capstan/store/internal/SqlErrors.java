package dev.capstan.store.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Translates SQL failures into Capstan's error classes: a busy or locked database, a lost connection or a
 * serialization conflict becomes {@link ErrorCode#TEMPORARILY_UNAVAILABLE} (HTTP 503, safe to retry), never a 500.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    public static RuntimeException translate(RuntimeException e) {
        if (e instanceof CapstanException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                        "The metadata database is busy, retry the request: " + sql.getMessage(), e);
            }
            if (t instanceof CapstanException ce) {
                return ce;
            }
        }
        return e;
    }

    /** True for a unique or primary-key violation. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage());
                if ("23505".equals(state) || message.contains("SQLITE_CONSTRAINT_UNIQUE")
                        || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException e) {
        String message = String.valueOf(e.getMessage());
        String state = String.valueOf(e.getSQLState());
        return e instanceof SQLTransientConnectionException
                || message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")
                || state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                || state.equals("55P03") || state.equals("57P01");
    }
}
