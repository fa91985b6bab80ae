package dev.capstan;

import java.util.Objects;

/**
 * The one unchecked exception Capstan throws for expected failures. Its {@link ErrorCode} decides the HTTP status
 * and CLI exit code; its message says what was expected and what was found.
 */
public class CapstanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public CapstanException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public CapstanException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }

    /** Shorthand for the most common class of error: a bad argument. */
    public static CapstanException invalid(String format, Object... args) {
        return new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(format, args));
    }

    public static CapstanException notFound(String format, Object... args) {
        return new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, String.format(format, args));
    }

    public static CapstanException alreadyExists(String format, Object... args) {
        return new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS, String.format(format, args));
    }
}
