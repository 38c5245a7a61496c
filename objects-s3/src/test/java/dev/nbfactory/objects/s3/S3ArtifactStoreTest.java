package dev.nbfactory.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ArtifactStoreContract;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The registry's store contract, a second time, on a real S3-compatible server (S3Proxy). */
class S3ArtifactStoreTest extends ArtifactStoreContract {
  static S3ArtifactStore open(S3Client s3, java.nio.file.Path cache) {
    return new S3ArtifactStore(
        s3, S3Keys.of(URI.create(S3TestServer.freshUrl())), new ObjectCache(cache, 64L << 20));
  }

  @Override
  protected ArtifactStore store() {
    return open(S3TestServer.client(), dir.resolve("cache-" + System.nanoTime()));
  }

  @Override
  protected void damage(ArtifactStore store, String hash) {
    S3ArtifactStore s3Store = (S3ArtifactStore) store;
    S3Client s3 = s3Store.client();
    String key = s3Store.keys().object(hash);
    byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET).key(key)).asByteArray();
    bytes[5] ^= 0x01;
    s3.putObject(b -> b.bucket(S3TestServer.BUCKET).key(key), RequestBody.fromBytes(bytes));
  }

  @Override
  protected void remove(ArtifactStore store, String hash) {
    S3ArtifactStore s3Store = (S3ArtifactStore) store;
    s3Store
        .client()
        .deleteObject(b -> b.bucket(S3TestServer.BUCKET).key(s3Store.keys().object(hash)));
  }

  @Override
  protected void assertNoLeftovers(ArtifactStore store) {
    assertThat(leftovers((S3ArtifactStore) store)).isEmpty();
  }

  /** Keys under the prefix that are neither objects nor freshness markers, and open uploads. */
  static List<String> leftovers(S3ArtifactStore store) {
    S3Keys keys = store.keys();
    List<String> found = new java.util.ArrayList<>();
    store
        .client()
        .listObjectsV2Paginator(b -> b.bucket(keys.bucket()).prefix(keys.prefix()))
        .contents()
        .forEach(
            o -> {
              // a filesystem-backed server lists its folders as keys ending in '/'
              if (keys.hashOf(o.key()) == null
                  && !o.key().startsWith(keys.markers())
                  && !o.key().endsWith("/")) {
                found.add(o.key());
              }
            });
    store
        .client()
        .listMultipartUploadsPaginator(b -> b.bucket(keys.bucket()).prefix(keys.prefix()))
        .uploads()
        .forEach(u -> found.add("upload " + u.key()));
    return found;
  }
}
