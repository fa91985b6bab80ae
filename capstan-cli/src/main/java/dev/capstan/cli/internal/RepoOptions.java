package dev.capstan.cli.internal;

import dev.capstan.data.DataRepo;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** DVC's {@code --cd}: the directory the command runs in; relative paths are resolved against it. */
public final class RepoOptions {

    @Option(names = "--cd", paramLabel = "DIR", description = "Run as if started in DIR (default: the current directory).")
    private Path cd;

    public Path workDir() {
        return (cd != null ? cd : Path.of("")).toAbsolutePath().normalize();
    }

    public Path resolve(String path) {
        return workDir().resolve(path).normalize();
    }

    public List<Path> resolve(List<String> paths) {
        return paths == null ? List.of() : paths.stream().map(this::resolve).toList();
    }

    /** The repository around the working directory. */
    public DataRepo repo() {
        return DataRepo.find(workDir());
    }
}
