package dev.nbfactory.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens the artifact store a {@link RegistryLocation} names: its folder, or a provider's URL. */
public final class ArtifactStores {
  private ArtifactStores() {}

  /** The module that provides each scheme we know of, to name in the error when it is missing. */
  private static final Map<String, String> MODULES = Map.of("s3", "factory-objects-s3");

  /**
   * Opens the store with the provider's own loader as the thread's context loader: libraries such
   * as the AWS SDK find their parts through it, and a provider loaded on demand is not on the class
   * path the context loader sees.
   */
  private static ArtifactStore open(
      ArtifactStoreProvider provider, URI url, Map<String, String> env) {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(provider.getClass().getClassLoader());
    try {
      return provider.open(url, env);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  public static ArtifactStore open(RegistryLocation location, Map<String, String> env) {
    URI url = location.objectsUrl();
    if (url == null) {
      return new FolderArtifactStore(location.objects(), location.isEmbedded());
    }
    // The registry's own loader first: a kernel or a server may run code under another context
    // class loader, while the store's module sits beside the registry on the class path. Then the
    // jars a kernel or stage JVM was started without (OnDemandJars).
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(ArtifactStores.class.getClassLoader());
    loaders.add(Thread.currentThread().getContextClassLoader());
    OnDemandJars.loader().ifPresent(loaders::add);
    for (ClassLoader loader : loaders) {
      for (ArtifactStoreProvider provider :
          ServiceLoader.load(ArtifactStoreProvider.class, loader)) {
        if (provider.scheme().equalsIgnoreCase(url.getScheme())) {
          return open(provider, url, env);
        }
      }
    }
    String module =
        MODULES.getOrDefault(url.getScheme(), "the module for '" + url.getScheme() + "'");
    throw new InvalidInputException(
        RegistryLocation.ENV_OBJECTS
            + "="
            + url
            + " needs "
            + module
            + " on the class path, and it is not there: run the 'factory' launcher or the kernel"
            + " (both bring it), or add the "
            + module
            + " jar to this program's class path; or set "
            + RegistryLocation.ENV_OBJECTS
            + " to a folder");
  }
}
