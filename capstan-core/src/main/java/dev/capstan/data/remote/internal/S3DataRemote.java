package dev.capstan.data.remote.internal;

import dev.capstan.CapstanException;
import dev.capstan.data.remote.DataRemote;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A remote in S3-compatible object storage at {@code s3://bucket/prefix}. A single PUT makes an object visible only
 * when complete. Presence is checked with HEAD requests for a few objects, and by listing {@code files/md5/} when
 * there are many (one request per 1,000 objects instead of one per object). Thread-safe; closes its client.
 */
public final class S3DataRemote implements DataRemote {

    private static final int LIST_THRESHOLD = 256;

    private final String url;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3DataRemote(String url, S3Client s3) {
        this.url = url;
        this.s3 = s3;
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        this.bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
        if (bucket.isEmpty()) {
            throw CapstanException.invalid("Invalid S3 remote URL '%s': expected s3://bucket[/prefix]", url);
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public Set<String> contains(Collection<String> hashes) {
        if (hashes.size() <= LIST_THRESHOLD) {
            return hashes.parallelStream().filter(this::exists).collect(Collectors.toSet());
        }
        Set<String> wanted = new HashSet<>(hashes);
        Set<String> present = new HashSet<>();
        String root = prefix + "files/md5/";
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root)).contents().stream().map(S3Object::key)
                .map(key -> key.substring(root.length()).replace("/", ""))
                .filter(wanted::contains).forEach(present::add);
        return present;
    }

    @Override
    public void upload(String hash, Path source) {
        s3.putObject(b -> b.bucket(bucket).key(key(hash)), RequestBody.fromFile(source));
    }

    @Override
    public void download(String hash, Path target) {
        try {
            Files.deleteIfExists(target);
            s3.getObject(b -> b.bucket(bucket).key(key(hash)), ResponseTransformer.toFile(target));
        } catch (NoSuchKeyException e) {
            throw CapstanException.notFound("Object %s is not in remote %s", hash, url);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private boolean exists(String hash) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key(hash)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String key(String hash) {
        return prefix + DataRemote.key(hash);
    }
}
