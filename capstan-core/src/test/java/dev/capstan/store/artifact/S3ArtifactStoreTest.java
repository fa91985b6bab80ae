package dev.capstan.store.artifact;

import dev.capstan.ErrorCode;
import dev.capstan.store.artifact.internal.S3ArtifactStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract against a real S3 protocol implementation: s3proxy in-process, over HTTP on a free port. */
class S3ArtifactStoreTest extends ArtifactStoreContractTest {

    private static final String ACCESS_KEY = "access";
    private static final String SECRET_KEY = "secret-key";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    static {
        // s3proxy and its Jetty announce every start and stop at INFO
        System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
    }

    @TempDir
    static Path blobs;

    static S3Proxy proxy;
    static S3Client s3;

    String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(blobs.toString()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        proxy.stop();
    }

    @Override
    protected ArtifactStore newStore() {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return new S3ArtifactStore(URI.create("s3://" + bucket + "/experiments/1/run"), s3);
    }

    @Test
    void objectsLiveUnderThePrefix() {
        put("a/b.txt", "b");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(o -> o.key()).containsExactly("experiments/1/run/a/b.txt");
        assertThat(store.root()).hasToString("s3://" + bucket + "/experiments/1/run");
    }

    @Test
    void neighboursOfThePrefixAreNeitherListedNorDeleted() {
        rawPut("experiments/1/run2/other.txt");
        rawPut("experiments/1/run.txt");
        put("a.txt", "a");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("a.txt", 1));
        store.delete("a.txt");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                .containsExactlyInAnyOrder("experiments/1/run2/other.txt", "experiments/1/run.txt");
    }

    @Test
    void aStoreAtTheBucketRootWorks() throws IOException {
        ArtifactStore bucketRoot = new S3ArtifactStore(URI.create("s3://" + bucket), s3);
        bucketRoot.put("top.txt", new ByteArrayInputStream("t".getBytes(StandardCharsets.UTF_8)));
        put("x.txt", "x");
        assertThat(bucketRoot.list("")).containsExactly(
                ArtifactFile.dir("experiments"), ArtifactFile.file("top.txt", 1));
        assertThat(bucketRoot.list("experiments/1/run")).containsExactly(
                ArtifactFile.file("experiments/1/run/x.txt", 1));
        try (var in = bucketRoot.open("top.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("t");
        }
    }

    @Test
    void keysThatAreNoValidPathAreLeftOutOfListings() {
        put("good.txt", "g");
        rawPut("experiments/1/run/" + ArtifactPaths.TEMP_PREFIX + "x");
        rawPut("experiments/1/run/bad#name");
        rawPut("experiments/1/run/semi;colon");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("good.txt", 1));
    }

    @Test
    void aFailedMultipartUploadIsAborted() {
        assertCode(() -> put("big.bin", new FailingStream(3L * S3ArtifactStore.PART_SIZE / 2)),
                ErrorCode.INTERNAL_ERROR, "big.bin");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void contentOfExactlyOnePartIsUploaded() throws Exception {
        String expected = sha256(new GeneratedStream(S3ArtifactStore.PART_SIZE, 3));
        put("one-part.bin", new GeneratedStream(S3ArtifactStore.PART_SIZE, 3));
        try (var in = store.open("one-part.bin")) {
            assertThat(sha256(in)).isEqualTo(expected);
        }
    }

    @Test
    void aMissingBucketIsAnInternalErrorNamingTheStore() {
        ArtifactStore missing = new S3ArtifactStore(URI.create("s3://no-such-bucket/x"), s3);
        assertCode(() -> missing.list(""), ErrorCode.INTERNAL_ERROR, "s3://no-such-bucket/x");
    }

    private void rawPut(String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("raw"));
    }
}
