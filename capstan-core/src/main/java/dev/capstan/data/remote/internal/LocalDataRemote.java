package dev.capstan.data.remote.internal;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.remote.DataRemote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** A remote in a local (or mounted) directory. Uploads are copied to a temporary name and renamed. Thread-safe. */
public final class LocalDataRemote implements DataRemote {

    private final String url;
    private final Path root;

    /** @param root the directory, already resolved against {@code .dvc/} as DVC resolves relative URLs */
    public LocalDataRemote(String url, Path root) {
        this.url = url;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public Set<String> contains(Collection<String> hashes) {
        return hashes.parallelStream().filter(h -> Files.isRegularFile(path(h))).collect(Collectors.toSet());
    }

    @Override
    public void upload(String hash, Path source) {
        Path target = path(hash);
        Path temp = AtomicFiles.tempBeside(target);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.rename(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot upload " + hash + " to " + url + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }

    @Override
    public void download(String hash, Path target) {
        try {
            Files.copy(path(hash), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw CapstanException.notFound("Object %s is not in remote %s", hash, url);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot download " + hash + " from " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held
    }

    private Path path(String hash) {
        return root.resolve(DataRemote.key(hash));
    }
}
