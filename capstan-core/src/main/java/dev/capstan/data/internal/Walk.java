package dev.capstan.data.internal;

import dev.capstan.CapstanException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Lists the files of a tracked directory with one stat each, leaving out what {@code .dvcignore} ignores; the
 * subdirectories are listed in parallel. Symbolic links to files count as the files they point to (a checkout with
 * {@code cache.type = symlink} makes them); symbolic links to directories are not followed, and empty directories
 * are not recorded, as in DVC.
 */
public final class Walk {

    private Walk() {
    }

    /** The files under {@code dir}; {@code dirRel} is the directory's path from the repository root. */
    public static List<FileInfo> files(Path dir, String dirRel, DvcIgnore ignore) throws IOException {
        return files(dir, dirRel, ignore, ForkJoinPool.commonPool());
    }

    public static List<FileInfo> files(Path dir, String dirRel, DvcIgnore ignore, ForkJoinPool pool) throws IOException {
        try {
            return pool.invoke(new Lister(dir, "", dirRel, ignore));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final class Lister extends RecursiveTask<List<FileInfo>> {
        private static final long serialVersionUID = 1L;
        private final transient Path dir;
        private final String prefix;
        private final String dirRel;
        private final transient DvcIgnore ignore;

        Lister(Path dir, String prefix, String dirRel, DvcIgnore ignore) {
            this.dir = dir;
            this.prefix = prefix;
            this.dirRel = dirRel;
            this.ignore = ignore;
        }

        @Override
        protected List<FileInfo> compute() {
            List<FileInfo> files = new ArrayList<>();
            List<Lister> subdirs = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    visit(entries, entry, files, subdirs);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (subdirs.size() == 1) {
                files.addAll(subdirs.get(0).compute());
            } else if (!subdirs.isEmpty()) {
                invokeAll(subdirs);
                subdirs.forEach(s -> files.addAll(s.join()));
            }
            return files;
        }

        /**
         * Records one entry: a file in {@code files}, a directory to list in {@code subdirs}. A method of its own
         * so that the JIT compiles it after a few hundred files rather than the loop after tens of thousands.
         */
        private void visit(DirectoryStream<Path> entries, Path entry, List<FileInfo> files, List<Lister> subdirs)
                throws IOException {
            String name = entry.getFileName().toString();
            String rel = prefix.isEmpty() ? name : prefix + "/" + name;
            BasicFileAttributes attrs = statNoFollow(entries, entry);
            if (attrs.isDirectory()) {
                if (ignore.isEmpty() || !ignore.ignores(dirRel + "/" + rel, true)) {
                    subdirs.add(new Lister(entry, rel, dirRel, ignore));
                }
                return;
            }
            if (!ignore.isEmpty() && ignore.ignores(dirRel + "/" + rel, false)) {
                return;
            }
            if (name.equals(".dvcignore")) {
                throw CapstanException.invalid(".dvcignore file should not be in collected dir path: '%s'", dir);
            }
            if (attrs.isSymbolicLink()) {
                if (Files.isRegularFile(entry)) {
                    files.add(FileInfo.of(entry, rel, Files.readAttributes(entry, PosixFileAttributes.class)));
                }
            } else if (attrs.isRegularFile()) {
                files.add(FileInfo.of(entry, rel, attrs));
            }
        }

        /** Stats relative to the open directory where the platform allows it, sparing the kernel a path lookup. */
        private static BasicFileAttributes statNoFollow(DirectoryStream<Path> entries, Path entry) throws IOException {
            if (entries instanceof SecureDirectoryStream<Path> secure) {
                return secure.getFileAttributeView(entry.getFileName(), BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
            }
            return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
