package dev.capstan.data.remote;

import dev.capstan.data.remote.internal.S3DataRemote;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import dev.capstan.data.internal.Md5;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Against S3's protocol: s3proxy in-process on a free port, a fresh bucket per test, objects under a prefix. */
class S3ObjectTransferTest extends ObjectTransferContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    static {
        System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
    }

    @TempDir
    static Path blobs;
    static S3Proxy proxy;

    String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(blobs.toString()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret-key")
                .endpoint(URI.create("http://127.0.0.1:0")).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
    }

    @Test
    void manyObjectsAreFoundByListingThePrefix() throws IOException {
        List<String> hashes = new ArrayList<>();
        try (DataRemote remote = remote()) {
            for (int i = 0; i < 300; i++) {
                Path file = dir.resolve("many/" + i);
                Files.createDirectories(file.getParent());
                Files.writeString(file, "object " + i);
                String hash = Md5.of(file);
                remote.upload(hash, file);
                hashes.add(hash);
            }
            hashes.add("0123456789abcdef0123456789abcdef");
            assertThat(remote.contains(hashes)).hasSize(300).doesNotContain("0123456789abcdef0123456789abcdef");
        }
    }

    @Override
    DataRemote remote() {
        S3Client s3 = client();
        bucket = "dvc-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return new S3DataRemote("s3://" + bucket + "/team/dvc", s3);
    }

    @Override
    void corrupt(DataRemote remote, String hash) {
        try (S3Client s3 = client()) {
            s3.putObject(b -> b.bucket(bucket).key("team/dvc/" + DataRemote.key(hash)), RequestBody.fromString("tampered"));
        }
    }

    private static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret-key")))
                .build();
    }
}
