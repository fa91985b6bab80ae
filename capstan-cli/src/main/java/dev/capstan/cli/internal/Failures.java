package dev.capstan.cli.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * The one place where the CLI reports failures: {@code error: <message>} on stderr and an exit code that tells
 * scripts what went wrong. Expected failures ({@link CapstanException}) never show a stack trace; unexpected ones
 * show it when {@code CAPSTAN_DEBUG} is set.
 */
public final class Failures implements IExecutionExceptionHandler {

    public static final int OTHER = 1;
    public static final int INVALID = 2;
    public static final int NOT_FOUND = 3;
    public static final int UNAVAILABLE = 4;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof CapstanException ce) {
            err.println("error: " + ce.getMessage());
            return exitCode(ce.code());
        }
        err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        if (System.getenv("CAPSTAN_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set CAPSTAN_DEBUG=1 to see the stack trace)");
        }
        return OTHER;
    }

    /** The exit code of an error class. */
    public static int exitCode(ErrorCode code) {
        return switch (code) {
            case INVALID_PARAMETER_VALUE, BAD_REQUEST -> INVALID;
            case RESOURCE_DOES_NOT_EXIST -> NOT_FOUND;
            case TEMPORARILY_UNAVAILABLE -> UNAVAILABLE;
            default -> OTHER;
        };
    }
}
