package dev.nbfactory.registry;

import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens the artifact store a {@link RegistryLocation} names: its folder, or a provider's URL. */
public final class ArtifactStores {
  private ArtifactStores() {}

  /** The module that provides each scheme we know of, to name in the error when it is missing. */
  private static final Map<String, String> MODULES = Map.of("s3", "factory-objects-s3");

  public static ArtifactStore open(RegistryLocation location, Map<String, String> env) {
    URI url = location.objectsUrl();
    if (url == null) {
      return new FolderArtifactStore(location.objects(), location.isEmbedded());
    }
    // The registry's own loader first: a kernel or a server may run code under another context
    // class loader, while the store's module sits beside the registry on the class path.
    for (ClassLoader loader :
        new ClassLoader[] {
          ArtifactStores.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
      for (ArtifactStoreProvider provider :
          ServiceLoader.load(ArtifactStoreProvider.class, loader)) {
        if (provider.scheme().equalsIgnoreCase(url.getScheme())) {
          return provider.open(url, env);
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
