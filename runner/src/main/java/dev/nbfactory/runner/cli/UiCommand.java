package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.web.Hosts;
import dev.nbfactory.web.ui.UiServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factory ui}: the registry in a browser. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description =
        "Serve the registry's runs, executed notebooks, lineage, models and their aliases,"
            + " metrics, comparisons and schedules as web pages. Prints its address and opens"
            + " nothing. On loopback (the default) it needs no token; on any other address it"
            + " needs one (FACTORY_UI_TOKEN, or one it makes and prints in the address, once). On"
            + " a machine others log in to, set FACTORY_UI_TOKEN: loopback then needs it too."
            + " Runs until stopped (Ctrl-C, SIGTERM).")
final class UiCommand extends RegistryCommand {
  @Option(
      names = "--port",
      defaultValue = "8765",
      description = "Default ${DEFAULT-VALUE}; 0 for any free port.")
  private int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "The address to listen on (default ${DEFAULT-VALUE}).")
  private String host;

  UiCommand(CliContext context) {
    super(context);
  }

  @Override
  void validate() {
    if (port < 0 || port > 65535) {
      throw usageError("--port must be 0 to 65535, not " + port);
    }
  }

  @Override
  int run(Registry registry) throws InterruptedException {
    String token = context.env().get("FACTORY_UI_TOKEN");
    if (token == null || token.isBlank()) {
      token = Hosts.isLoopback(host) ? null : UiServer.newToken();
    }
    UiServer server =
        new UiServer(registry, new UiServer.Settings(host, port, token, context.user())).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "factory-ui-stop"));
    context
        .out()
        .println(
            "factory ui at "
                + server.url()
                + " ("
                + registry.location().display()
                + "); Ctrl-C stops");
    context.out().flush();
    stopped.await();
    return 0;
  }
}
