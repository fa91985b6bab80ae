package dev.capstan.data.remote.internal;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.remote.DataRemote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A remote in a local (or mounted) directory. Uploads are copied to a temporary name and renamed. Thread-safe. */
public final class LocalDataRemote implements DataRemote {

    private final String url;
    private final Path root;
    private final Set<Path> createdDirectories = ConcurrentHashMap.newKeySet();

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
            if (!createdDirectories.contains(target.getParent())) {
                Files.createDirectories(target.getParent());
                createdDirectories.add(target.getParent());
            }
            Files.copy(source, temp);
            AtomicFiles.rename(temp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            throw new UncheckedIOException("Cannot upload " + hash + " to " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String hash, Path target) {
        try {
            Files.copy(path(hash), target);
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
