package dev.capstan.store.artifact.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.artifact.ArtifactStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Artifacts as objects under an {@code s3://bucket/prefix}, on AWS or any S3-compatible server. Directories are key
 * prefixes, listed with ListObjectsV2 and delimiter {@code /}. A write is one PutObject, or for content larger than
 * one part a multipart upload that is aborted on failure; both are atomic on S3's side, and only one part is held in
 * memory at a time. Thread-safe; the {@link S3Client} is shared and owned by the caller.
 */
public final class S3ArtifactStore implements ArtifactStore {

    /** Size of the first upload parts; content smaller than this is sent with a single PutObject. */
    public static final int PART_SIZE = 8 * 1024 * 1024;

    private static final int PARTS_PER_SIZE_STEP = 2000;
    private static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1000;
    private static final String BINARY = "application/octet-stream";

    private final S3Client s3;
    private final URI root;
    private final String bucket;
    private final String prefix;

    /** A store at {@code s3://bucket[/prefix]} that talks through {@code s3}, which the caller closes. */
    public S3ArtifactStore(URI location, S3Client s3) {
        this.root = ArtifactPaths.validateLocation(location.toString());
        if (!root.getScheme().equals("s3")) {
            throw CapstanException.invalid("Not an S3 location: '%s'; expected s3://bucket/prefix", location);
        }
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = root.getAuthority();
        this.prefix = root.getPath().isEmpty() ? "" : root.getPath().substring(1) + "/";
    }

    @Override
    public URI root() {
        return root;
    }

    @Override
    public void put(String path, InputStream content) {
        String rel = ArtifactPaths.validateRelative(path);
        if (rel.isEmpty()) {
            throw CapstanException.invalid("Invalid artifact path '': a file path is required to write an artifact");
        }
        try {
            if (hasChildren(dirPrefix(rel))) {
                throw CapstanException.invalid("Cannot write artifact '%s': it is a directory", rel);
            }
            upload(prefix + rel, content);
        } catch (IOException | SdkException e) {
            throw failure("write", rel, e);
        }
    }

    @Override
    public InputStream open(String path) {
        String rel = ArtifactPaths.validateRelative(path);
        if (rel.isEmpty()) {
            throw CapstanException.invalid("Cannot read artifact '': it is the root directory; list it instead");
        }
        try {
            return s3.getObject(b -> b.bucket(bucket).key(prefix + rel));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("read", rel, e);
            }
            if (hasChildren(dirPrefix(rel))) {
                throw CapstanException.invalid("Cannot read artifact '%s': it is a directory; list it instead", rel);
            }
            throw CapstanException.notFound("No artifact at '%s'", rel);
        } catch (SdkException e) {
            throw failure("read", rel, e);
        }
    }

    @Override
    public List<ArtifactFile> list(String path) {
        String rel = ArtifactPaths.validateRelative(path);
        String dir = dirPrefix(rel);
        List<ArtifactFile> files = new ArrayList<>();
        try {
            Iterable<ListObjectsV2Response> pages =
                    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(dir).delimiter("/"));
            for (ListObjectsV2Response page : pages) {
                page.commonPrefixes().forEach(p -> childName(dir, p.prefix())
                        .ifPresent(name -> files.add(ArtifactFile.dir(join(rel, name)))));
                page.contents().forEach(o -> childName(dir, o.key())
                        .ifPresent(name -> files.add(ArtifactFile.file(join(rel, name), o.size()))));
            }
        } catch (SdkException e) {
            throw failure("list", rel, e);
        }
        files.sort(Comparator.comparing(ArtifactFile::path));
        return files;
    }

    @Override
    public void delete(String path) {
        String rel = ArtifactPaths.validateRelative(path);
        if (rel.isEmpty()) {
            throw CapstanException.invalid("Refusing to delete the artifact root %s; name a file or directory", root);
        }
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(prefix + rel));
            deleteUnder(dirPrefix(rel));
        } catch (SdkException e) {
            throw failure("delete", rel, e);
        }
    }

    private void upload(String key, InputStream content) throws IOException {
        byte[] first = content.readNBytes(PART_SIZE);
        if (first.length < PART_SIZE) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(BINARY), body(first, first.length));
        } else {
            uploadInParts(key, first, content);
        }
    }

    /**
     * A multipart upload, one part in memory at a time; parts grow after every {@value #PARTS_PER_SIZE_STEP} so
     * that S3's 10,000-part limit allows about 500 GB. CRC32 is declared up front because S3 refuses to complete an
     * upload whose parts carry checksums the upload did not announce.
     */
    private void uploadInParts(String key, byte[] first, InputStream content) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(BINARY)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = first;
            for (int length = first.length; length > 0; length = content.readNBytes(buffer, 0, buffer.length)) {
                if (parts.size() == MAX_PARTS) {
                    throw CapstanException.invalid("Artifact too large: S3 allows at most %d upload parts", MAX_PARTS);
                }
                parts.add(uploadPart(key, uploadId, parts.size() + 1, buffer, length));
                buffer = bufferFor(parts.size() + 1, buffer);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String key, String uploadId, int number, byte[] buffer, int length) {
        UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32), body(buffer, length));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build();
    }

    private static byte[] bufferFor(int partNumber, byte[] current) {
        int size = PART_SIZE << ((partNumber - 1) / PARTS_PER_SIZE_STEP);
        return size == current.length ? current : new byte[size];
    }

    private void abort(String key, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }

    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, BINARY);
    }

    private boolean hasChildren(String dir) {
        return !s3.listObjectsV2(b -> b.bucket(bucket).prefix(dir).maxKeys(1)).contents().isEmpty();
    }

    private void deleteUnder(String dir) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(dir)).contents()) {
            batch.add(ObjectIdentifier.builder().key(object.key()).build());
            if (batch.size() == DELETE_BATCH) {
                deleteBatch(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            deleteBatch(batch);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> batch) {
        List<ObjectIdentifier> keys = List.copyOf(batch);
        DeleteObjectsResponse response =
                s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, String.format(
                    "Could not delete %d objects in %s; the first: %s",
                    response.errors().size(), root, response.errors().get(0)));
        }
    }

    /** The directory prefix of a validated relative path: {@code prefix/rel/}, or the store's own prefix for root. */
    private String dirPrefix(String rel) {
        return rel.isEmpty() ? prefix : prefix + rel + "/";
    }

    /**
     * The child name of a listed key or common prefix; empty for keys that are no valid artifact path (written by
     * other tools: {@code a//b}, {@code ..}) and for uploads in progress, so that every listed path can be opened.
     */
    private static Optional<String> childName(String dir, String keyOrPrefix) {
        String name = keyOrPrefix.substring(dir.length());
        name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        try {
            return !name.isEmpty() && ArtifactPaths.validateRelative(name).equals(name) ? Optional.of(name)
                    : Optional.empty();
        } catch (CapstanException e) {
            return Optional.empty();
        }
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private CapstanException failure(String action, String rel, Exception e) {
        return new CapstanException(ErrorCode.INTERNAL_ERROR,
                String.format("Could not %s artifact '%s' in %s: %s", action, rel, root, e.getMessage()), e);
    }
}
