package dev.capstan.store.artifact.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.artifact.ArtifactStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Artifacts as files under a local directory, created on first write. Writes go to a hidden temporary file in the
 * target's directory, are flushed to disk, then renamed over the target ({@code ATOMIC_MOVE}), so a reader or a crash
 * never sees half a file. Every path is checked against the root's real path, so a symbolic link inside the root
 * cannot lead outside it. Thread-safe and stateless.
 */
public final class FileArtifactStore implements ArtifactStore {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path root;

    public FileArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public URI root() {
        return root.toUri();
    }

    @Override
    public void put(String path, InputStream content) {
        String rel = ArtifactPaths.validateRelative(path);
        if (rel.isEmpty()) {
            throw CapstanException.invalid("Invalid artifact path '': a file path is required to write an artifact");
        }
        Path target = inside(rel);
        try {
            createParents(target, rel);
            if (Files.isDirectory(target)) {
                throw CapstanException.invalid("Cannot write artifact '%s': it is a directory", rel);
            }
            writeAtomically(target, content);
        } catch (IOException e) {
            throw failure("write", rel, e);
        }
    }

    @Override
    public InputStream open(String path) {
        String rel = ArtifactPaths.validateRelative(path);
        Path file = inside(rel);
        if (Files.isDirectory(file)) {
            throw CapstanException.invalid("Cannot read artifact '%s': it is a directory; list it instead", rel);
        }
        if (!Files.isRegularFile(file)) {
            throw CapstanException.notFound("No artifact at '%s'", rel);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw CapstanException.notFound("No artifact at '%s'", rel);
        } catch (IOException e) {
            throw failure("read", rel, e);
        }
    }

    @Override
    public List<ArtifactFile> list(String path) {
        String rel = ArtifactPaths.validateRelative(path);
        Path dir = inside(rel);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children
                    .filter(child -> !child.getFileName().toString().startsWith(ArtifactPaths.TEMP_PREFIX))
                    .filter(this::staysInsideIfLink)
                    .flatMap(child -> describe(rel, child).stream())
                    .sorted(Comparator.comparing(ArtifactFile::path))
                    .toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", rel, e);
        }
    }

    @Override
    public void delete(String path) {
        String rel = ArtifactPaths.validateRelative(path);
        if (rel.isEmpty()) {
            throw CapstanException.invalid("Refusing to delete the artifact root %s; name a file or directory", root);
        }
        Path target = inside(rel);
        try {
            deleteTree(target);
        } catch (IOException e) {
            throw failure("delete", rel, e);
        }
    }

    /** The file for a validated relative path, refused when an existing part of it leads outside the root. */
    private Path inside(String rel) {
        Path path;
        try {
            path = root.resolve(rel);
        } catch (InvalidPathException e) {
            throw CapstanException.invalid("Invalid artifact path '%s': not a valid file name here (%s)",
                    rel, e.getReason());
        }
        if (!staysInside(path)) {
            throw CapstanException.invalid(
                    "Invalid artifact path '%s': it leads outside the artifact root through a symbolic link", rel);
        }
        return path;
    }

    /** Whether the deepest existing part of {@code path}, with links resolved, is still under the root's real path. */
    private boolean staysInside(Path path) {
        if (!Files.exists(root)) {
            return true;
        }
        try {
            Path existing = path;
            while (!Files.exists(existing) && existing.startsWith(root) && !existing.equals(root)) {
                existing = existing.getParent();
            }
            return existing.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private void createParents(Path target, String rel) throws IOException {
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw CapstanException.invalid("Cannot write artifact '%s': a parent of it is a file", rel);
        }
        inside(rel);
    }

    private static void writeAtomically(Path target, InputStream content) throws IOException {
        Path temp = target.resolveSibling(ArtifactPaths.TEMP_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, CREATE_NEW, WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
                content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private boolean staysInsideIfLink(Path child) {
        return !Files.isSymbolicLink(child) || staysInside(child);
    }

    private Optional<ArtifactFile> describe(String dir, Path child) {
        String path = dir.isEmpty() ? child.getFileName().toString() : dir + "/" + child.getFileName();
        try {
            BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class);
            return Optional.of(attributes.isDirectory()
                    ? ArtifactFile.dir(path)
                    : ArtifactFile.file(path, attributes.size()));
        } catch (IOException e) {
            return Optional.empty(); // deleted meanwhile, or a dangling link
        }
    }

    private static void deleteTree(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static CapstanException failure(String action, String rel, IOException e) {
        return new CapstanException(ErrorCode.INTERNAL_ERROR,
                String.format("Could not %s artifact '%s' (%s)", action, rel, e.getClass().getSimpleName()), e);
    }
}
