package dev.nbfactory.kernel.factory;

import dev.nbfactory.kernel.KernelHost;
import dev.nbfactory.kernel.KernelSpecInstaller;
import dev.nbfactory.kernel.NotebookLocator;
import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.magics.helpers.Displayable;
import dev.nbfactory.magics.lineage.LineageSvg;
import dev.nbfactory.magics.magic.FactoryMagic;
import dev.nbfactory.magics.magic.FactoryMagics;
import dev.nbfactory.magics.magic.MimeBundle;
import dev.nbfactory.registry.RunKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * Makes a notebook a factory stage. In a kernel that is a {@link KernelHost} (the Java (Factory)
 * kernel) it configures the JVM's {@link FactorySession} for an interactive notebook (its path from
 * the Jupyter session, the {@code %maven} coordinates), registers every factory magic and the
 * renderers of what they and the stage helpers show, imports {@code Factory}, the helpers and the
 * common Tablesaw and Tribuo packages ({@link #IMPORTS}), rewrites {@code %input REF as VAR},
 * {@code %output VAR as NAME} and {@code %%params} into code that runs in order with the cell, and
 * tells the session of failed cells and of the kernel's end. When the host's mode is not
 * interactive (the headless runner) the session is the runner's, and left to it.
 *
 * <p>Kernels load it through its {@code META-INF/services/org.dflib.jjava.jupyter.Extension} entry.
 */
public final class FactoryExtension implements Extension {
  /**
   * The imports every cell gets, besides JShell's own ({@code java.util.*}, {@code java.io.*} ...):
   * the facade, the stage helpers, and the Tablesaw and Tribuo types most cells use, as JJava's
   * kernel imports its notebook functions. No two of these packages (nor {@code java.lang}) have a
   * public type of the same simple name, so none is ambiguous; a cell's own import or declaration
   * of a name wins over these.
   */
  static final List<String> IMPORTS =
      List.of(
          "dev.nbfactory.magics.Factory",
          "dev.nbfactory.magics.helpers.*",
          "tech.tablesaw.api.*",
          "org.tribuo.*",
          "org.tribuo.classification.*",
          "org.tribuo.classification.evaluation.*",
          "org.tribuo.regression.*",
          "org.tribuo.regression.evaluation.*");

  @Override
  public void install(BaseKernel kernel) {
    registerRenderers(kernel.getRenderer());
    Optional<KernelHost> host = KernelHost.of(kernel);
    host.ifPresentOrElse(h -> installIn(kernel, h), () -> installInOtherKernel(kernel));
    // A stock kernel does not say its mode: the session's is the best guess there.
    RunKind mode =
        host.map(KernelHost::mode).orElseGet(() -> FactorySession.global().context().kind());
    // ELK loads a few hundred classes for the first picture: do it now, off the cell's path, for
    // a person waiting at a notebook. Not in headless runs, where it would take a core from the
    // cells, nor while a class-data archive is recorded: JDK 17 crashes dumping lambdas of signed
    // jars (ELK's).
    if (!recordingArchive() && mode == RunKind.INTERACTIVE) {
      Thread warm = new Thread(LineageSvg::warmUp, "lineage-warm-up");
      warm.setDaemon(true);
      warm.start();
    }
  }

  /** How what the factory's calls return shows as a cell's value. */
  static void registerRenderers(Renderer renderer) {
    // A magic's MimeBundle as a cell's value: every type it carries, as it carries them.
    renderer
        .createRegistration(MimeBundle.class)
        .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(
            (bundle, context) -> bundle.data().forEach(context.getOutputContainer()::putData));
    // A stage helper's result (a data check report ...) as a cell's value: its table.
    renderer
        .createRegistration(Displayable.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(
            (shown, context) ->
                shown.mimeBundle().data().forEach(context.getOutputContainer()::putData));
  }

  private static boolean recordingArchive() {
    return Boolean.getBoolean(KernelSpecInstaller.RECORDING_ARCHIVE_PROPERTY);
  }

  private void installIn(BaseKernel kernel, KernelHost host) {
    if (host.mode() == RunKind.INTERACTIVE) {
      NotebookLocator locator =
          new NotebookLocator(
              host.connectionFile().orElse(null), System.getenv(), Path.of("").toAbsolutePath());
      FactorySession.configure(
          NotebookContext.builder()
              .kind(RunKind.INTERACTIVE)
              .notebookPath(() -> locator.find().orElse(null))
              .classpath(host::mavenCoordinates)
              .build());
    }
    for (FactoryMagic magic : magics()) {
      register(kernel, magic);
      host.describeMagic(magic.name(), magic.isCell(), magic.usage(), magic.help());
    }
    host.addDefaultImports(IMPORTS);
    host.addCellHook(new FactoryCellHook(host.mode()));
  }

  /** A stock JJava kernel: magics and imports only; its cells run unrewritten. */
  private void installInOtherKernel(BaseKernel kernel) {
    for (FactoryMagic magic : magics()) {
      register(kernel, magic);
    }
    for (String name : IMPORTS) {
      try {
        kernel.evalRaw("import " + name + ";");
      } catch (RuntimeException e) {
        // A kernel without Tribuo or Tablesaw on its classpath: those cells import what they use.
        if (name.equals(IMPORTS.get(0))) {
          throw e;
        }
      }
    }
  }

  static List<FactoryMagic> magics() {
    return FactoryMagics.all(name -> Optional.empty()); // %output is rewritten with the variable
  }

  private static void register(BaseKernel kernel, FactoryMagic magic) {
    if (magic.isCell()) {
      kernel
          .getMagicsRegistry()
          .registerCellMagic(
              magic.name(),
              (CellMagic<Object, BaseKernel>) (k, args, body) -> shown(k, magic.run(args, body)));
    } else {
      kernel
          .getMagicsRegistry()
          .registerLineMagic(
              magic.name(),
              (LineMagic<Object, BaseKernel>) (k, args) -> shown(k, magic.run(args, null)));
    }
  }

  /**
   * What a magic returns: a MimeBundle is shown at once (as IPython's magics print), so that it
   * appears whichever line of the cell the magic is on; anything else is the magic's value.
   */
  static Object shown(BaseKernel kernel, Object result) {
    if (result instanceof MimeBundle bundle) {
      kernel.display(displayData(bundle));
      return null;
    }
    return result;
  }

  static DisplayData displayData(MimeBundle bundle) {
    DisplayData data = new DisplayData();
    for (Map.Entry<String, String> e : bundle.data().entrySet()) {
      data.putData(e.getKey(), e.getValue());
    }
    return data;
  }
}
