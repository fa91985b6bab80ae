package dev.capstan.cli.validate;

import dev.capstan.cli.internal.OutputFiles;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.validate.CheckResult;
import dev.capstan.validate.GreatExpectationsImport;
import dev.capstan.validate.Profiler;
import dev.capstan.validate.Reports;
import dev.capstan.validate.Suite;
import dev.capstan.validate.TableSource;
import dev.capstan.validate.TableSources;
import dev.capstan.validate.ValidationReport;
import dev.capstan.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

/** {@code capstan validate run|profile|import-ge}: data validation with suites. */
@Command(name = "validate", description = "Validate data with a suite, profile data into a suite, or import a Great "
        + "Expectations suite.", subcommands = {ValidateCommand.Run.class, ValidateCommand.Profile.class,
        ValidateCommand.ImportGe.class})
public final class ValidateCommand {

    /** The report formats of {@code validate run}. */
    enum Format { TABLE, JSON, HTML }

    @Command(name = "run", description = "Validate a CSV, Parquet or JSON-lines file with a suite: every check is "
            + "evaluated and reported. Exit code 1 when an error-severity check fails.")
    static final class Run implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Option(names = "--suite", required = true, paramLabel = "SUITE", description = "The suite (YAML or JSON).")
        private Path suite;
        @Parameters(index = "0", paramLabel = "DATA", description = "The data: .csv, .tsv, .parquet, .jsonl.")
        private Path data;
        @Option(names = "--reference", paramLabel = "REF", description = "A second dataset, for no_leakage.")
        private Path reference;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table, json or html (default: ${DEFAULT-VALUE}).")
        private Format format;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE.")
        private Path output;

        @Override
        public Integer call() {
            Validator validator = new Validator(Suite.read(suite));
            ValidationReport report;
            try (TableSource source = TableSources.open(data);
                 TableSource ref = reference == null ? null : TableSources.open(reference)) {
                report = validator.validate(source, ref, progress(spec.commandLine().getErr(), "validated"));
            }
            if (output != null) {
                OutputFiles.write(output, out -> print(report, out));
                spec.commandLine().getOut().printf("%s: %s; report written to %s%n", data,
                        report.success() ? "passed" : "FAILED", output);
            } else {
                print(report, spec.commandLine().getOut());
            }
            spec.commandLine().getOut().flush();
            return report.success() ? 0 : 1;
        }

        private void print(ValidationReport report, PrintWriter out) {
            switch (format) {
                case JSON -> out.print(Reports.json(report));
                case HTML -> out.print(Reports.html(report));
                case TABLE -> table(report, out);
            }
        }
    }

    /** The human report: one line per check, then the verdict. */
    static void table(ValidationReport report, PrintWriter out) {
        TextTable table = new TextTable(java.util.List.of(TextTable.Column.left("STATUS"),
                TextTable.Column.left("COLUMN", 24), TextTable.Column.left("CHECK"),
                TextTable.Column.right("UNEXPECTED"), TextTable.Column.right("%"),
                TextTable.Column.left("OBSERVED", 30), TextTable.Column.left("EXAMPLES (row: value)", 50)));
        for (CheckResult r : report.results()) {
            table.row(r.success() ? "ok" : r.failsValidation() ? "FAIL" : "warn",
                    r.column() == null ? "(table)" : r.column(), r.type().word(), r.unexpectedCount(),
                    String.format("%.2f", r.unexpectedPercent()), Reports.display(r.observedValue()), examples(r));
        }
        table.print(out);
        long failed = report.results().stream().filter(CheckResult::failsValidation).count();
        long warned = report.results().stream().filter(r -> !r.success() && !r.failsValidation()).count();
        out.printf("%n%s: %d rows, %d checks, %d failed, %d warnings: %s%n", report.data(), report.rows(),
                report.results().size(), failed, warned, report.success() ? "passed" : "FAILED");
    }

    private static String examples(CheckResult r) {
        return String.join(", ", r.examples().stream().limit(5).map(e -> e.row() + ": " + Reports.display(e.value()))
                .toList());
    }

    /** A line on stderr every five seconds ("validated 1,200,000 rows"), so that a long run shows it is moving. */
    static LongConsumer progress(PrintWriter err, String verb) {
        long[] next = {System.nanoTime() + 5_000_000_000L};
        return rows -> {
            if (System.nanoTime() > next[0]) {
                err.printf("%s %,d rows%n", verb, rows);
                err.flush();
                next[0] = System.nanoTime() + 5_000_000_000L;
            }
        };
    }

    /** What a written suite holds, in a line. */
    static String wrote(Path file, Suite suite) {
        int checks = suite.columns().stream().mapToInt(c -> c.checks().size()).sum() + suite.checks().size();
        return "Wrote " + file + ": " + suite.columns().size() + " columns, " + checks + " checks";
    }

    @Command(name = "profile", description = "Profile data into a starting suite to edit: types, nullability, "
            + "ranges, quantile bands, value sets, uniqueness, row-count band.")
    static final class Profile implements Runnable {
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DATA", description = "The data: .csv, .tsv, .parquet, .jsonl.")
        private Path data;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "SUITE", description = "The suite to write.")
        private Path output;
        @Option(names = "--name", paramLabel = "NAME", description = "The suite's name (default: the data's file name).")
        private String name;

        @Override
        public void run() {
            Suite suite;
            try (TableSource source = TableSources.open(data)) {
                suite = Profiler.profile(name != null ? name : data.getFileName().toString(), source,
                        progress(spec.commandLine().getErr(), "profiled"));
            }
            suite.write(output);
            spec.commandLine().getOut().println(wrote(output, suite));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "import-ge", description = "Convert a Great Expectations expectation suite (JSON) into a suite; "
            + "expectations without a Capstan check are listed, not dropped silently.")
    static final class ImportGe implements Runnable {
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "EXPECTATIONS", description = "The expectation suite JSON.")
        private Path expectations;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "SUITE", description = "The suite to write.")
        private Path output;

        @Override
        public void run() {
            GreatExpectationsImport.Result result = GreatExpectationsImport.convert(expectations);
            result.suite().write(output);
            PrintWriter out = spec.commandLine().getOut();
            out.println(wrote(output, result.suite()));
            result.skipped().forEach(s -> out.println("not imported: " + s));
            out.flush();
        }
    }
}
