package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.InvalidInputException;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each thing lives in the bucket, under the store's prefix: objects at {@code ab/cdef...}
 * like the folder store, freshness markers at {@code fresh/ab/cdef...}, and what gc sets aside at
 * {@code tmp/}. The hash is checked before any key is formed, so no other key can be reached.
 */
record S3Keys(String bucket, String prefix) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  static S3Keys of(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
    return new S3Keys(url.getHost(), prefix.isEmpty() ? "" : prefix + "/");
  }

  String object(String hash) {
    return prefix + fanned(hash);
  }

  String marker(String hash) {
    return prefix + "fresh/" + fanned(hash);
  }

  String markers() {
    return prefix + "fresh/";
  }

  String temp() {
    return prefix + "tmp/";
  }

  /** The hash an object key names, or null for any other key under the prefix. */
  String hashOf(String key) {
    if (!key.startsWith(prefix)) {
      return null;
    }
    Matcher m = OBJECT.matcher(key.substring(prefix.length()));
    return m.matches() ? m.group(1) + m.group(2) : null;
  }

  private static final Pattern OBJECT = Pattern.compile("([0-9a-f]{2})/([0-9a-f]{62})");

  static String checked(String hash) {
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new InvalidInputException(
          "invalid object hash '"
              + (hash == null ? null : hash.substring(0, Math.min(hash.length(), 80)))
              + "': expected 64 lower-case hex digits (SHA-256)");
    }
    return hash;
  }

  private static String fanned(String hash) {
    checked(hash);
    return hash.substring(0, 2) + "/" + hash.substring(2);
  }

  String url() {
    return "s3://" + bucket + "/" + prefix.replaceAll("/$", "");
  }
}
