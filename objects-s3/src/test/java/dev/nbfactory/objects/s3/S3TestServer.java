package dev.nbfactory.objects.s3;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The S3-compatible server bin/test-s3 starts on loopback, given as {@code
 * -Dfactory.test.s3=http://127.0.0.1:PORT}. Without it these tests skip on a developer's machine
 * and fail under CI ({@code CI} set), so a CI run can never pass without testing S3.
 */
final class S3TestServer {
  static final String BUCKET = "factory-test";

  private S3TestServer() {}

  static String endpoint() {
    String endpoint = System.getenv("FACTORY_TEST_S3");
    if (endpoint == null || endpoint.isBlank()) {
      String why = "no -Dfactory.test.s3=URL: start one with 'bin/test-s3 start' (bin/test does)";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    return endpoint;
  }

  /** The environment a process on "another machine" gets: endpoint, keys, and its own HOME. */
  static Map<String, String> env(Path home) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint());
    env.put("AWS_ACCESS_KEY_ID", "factory-test");
    env.put("AWS_SECRET_ACCESS_KEY", "factory-test-secret");
    env.put("AWS_REGION", "us-east-1");
    if (home != null) {
      env.put("HOME", home.toString());
    }
    return env;
  }

  static S3Client client() {
    S3Client s3 = S3Clients.fromEnvironment(env(null));
    try {
      s3.createBucket(b -> b.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException e) {
      // made by an earlier test
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
    }
    return s3;
  }

  /** A URL under a fresh prefix, so tests never see each other's objects. */
  static String freshUrl() {
    return "s3://" + BUCKET + "/t-" + UUID.randomUUID();
  }
}
