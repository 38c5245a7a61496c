package dev.nbfactory.objects.s3;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client from the SDK's standard configuration: credentials and region from the
 * environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}...), else the profile ({@code
 * ~/.aws}), else the instance or pod role; the endpoint from {@code AWS_ENDPOINT_URL_S3} or {@code
 * AWS_ENDPOINT_URL}. With an endpoint set (MinIO, Ceph, S3Proxy), requests use path-style URLs and
 * the region defaults to {@code us-east-1}; {@code FACTORY_S3_PATH_STYLE=true|false} overrides the
 * former (an endpoint set in a profile's {@code endpoint_url} needs it). Retries use the SDK's
 * standard back-off.
 */
final class S3Clients {
  static final String ENV_PATH_STYLE = "FACTORY_S3_PATH_STYLE";

  private S3Clients() {}

  static S3Client fromEnvironment(Map<String, String> env) {
    Optional<URI> endpoint = endpoint(env);
    String pathStyle = env.get(ENV_PATH_STYLE);
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            // S3Uploads sends each upload's Content-MD5 itself: S3-compatible servers that predate
            // the newer checksums (S3Proxy, older MinIO) refuse the SDK's default CRC32 trailer.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(
                        pathStyle != null ? Boolean.parseBoolean(pathStyle) : endpoint.isPresent())
                    .build())
            .region(region(env, endpoint.isPresent()))
            .credentialsProvider(credentials(env));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  static Optional<URI> endpoint(Map<String, String> env) {
    for (String name : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(URI.create(value.strip()));
      }
    }
    return Optional.empty();
  }

  private static Region region(Map<String, String> env, boolean customEndpoint) {
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Region.of(value.strip());
      }
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      if (customEndpoint) {
        return Region.US_EAST_1;
      }
      throw new dev.nbfactory.registry.InvalidInputException(
          "no AWS region for the S3 artifact store: set AWS_REGION (or region in ~/.aws/config)");
    }
  }

  /**
   * Keys given in {@code env} (a child's environment may differ from this process's), else the
   * SDK's default chain: profile, web identity, container and instance roles.
   */
  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
      String session = env.get("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(
          session == null || session.isBlank()
              ? AwsBasicCredentials.create(id, secret)
              : AwsSessionCredentials.create(id, secret, session));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
