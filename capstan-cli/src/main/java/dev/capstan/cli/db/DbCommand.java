package dev.capstan.cli.db;

import dev.capstan.store.Database;
import dev.capstan.store.StoreUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan db upgrade}: schema maintenance of the metadata database. */
@Command(name = "db", description = "Maintain the metadata database.",
        subcommands = DbCommand.Upgrade.class)
public final class DbCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: upgrade");
    }

    /** {@code db upgrade}: applies pending migrations; back up the database first. */
    @Command(name = "upgrade",
            description = "Bring the database schema up to date (back up the database first).")
    static final class Upgrade implements Runnable {
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "URI", arity = "0..1", defaultValue = StoreUri.DEFAULT,
                description = "sqlite:///path.db or postgresql://user@host:port/db (default: ${DEFAULT-VALUE})")
        private String uri;

        @Override
        public void run() {
            String version = Database.upgrade(uri);
            spec.commandLine().getOut().printf("Schema of %s is at version %s%n", StoreUri.parse(uri), version);
        }
    }
}
