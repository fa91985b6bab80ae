package dev.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Runs the {@code capstan} command line in-process, as {@code main} would, and captures what it prints. */
public final class Cli {

    /** The exit code and the text written to stdout and stderr. */
    public record Result(int exitCode, String out, String err) {

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + out, e);
            }
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CapstanCli.commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /**
     * Makes {@code capstan} in pipeline stages run this build: a launcher script in {@code dir} that starts the
     * CLI on the test's class path, named by the property the stages' PATH is built from. Undo with
     * {@link #forgetLauncher}.
     */
    public static void launcherIn(Path dir) throws IOException {
        Path capstan = Files.createDirectories(dir).resolve("capstan");
        Files.writeString(capstan, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' dev.capstan.cli.CapstanCli \"$@\"\n");
        Files.setPosixFilePermissions(capstan, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("capstan.command", capstan.toString());
    }

    public static void forgetLauncher() {
        System.clearProperty("capstan.command");
    }

    /** The URI of a SQLite database file: {@code sqlite:////abs/path} for an absolute path. */
    public static String sqlite(Path file) {
        return "sqlite:///" + file.toAbsolutePath();
    }
}
