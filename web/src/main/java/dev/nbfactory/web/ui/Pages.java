package dev.nbfactory.web.ui;

import dev.nbfactory.registry.Registry;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Which page answers which URL, and the page a problem gets. */
final class Pages {
  /** The UI's own files, by the only names served: nothing else under /static resolves. */
  private static final Map<String, String> STATIC =
      Map.of(
          "ui.css", "text/css; charset=utf-8",
          "notebook.css", "text/css; charset=utf-8",
          "ui.js", "text/javascript; charset=utf-8");

  private final Registry registry;
  private final Forms forms;

  Pages(Registry registry, String formSecret, String user) {
    this.registry = registry;
    this.forms = new Forms(formSecret, user);
  }

  void routes(JavalinDefaultRoutingApi routes) {
    routes.get("/", ctx -> ctx.redirect("/runs"));
    routes.get("/static/{name}", this::staticFile);
    RunsPage runs = new RunsPage(registry);
    routes.get("/runs", runs::handle);
    RunPage run = new RunPage(registry);
    routes.get("/runs/{id}", run::handle);
    routes.get("/runs/{id}/live", run::live);
    ArtifactPage artifact = new ArtifactPage(registry);
    routes.get("/artifacts", artifact::list);
    routes.get("/artifact", artifact::handle);
    routes.get("/download", artifact::download);
    routes.get("/lineage", new LineagePage(registry)::handle);
    routes.get("/models", new ModelsPage(registry)::handle);
    MetricsPage metrics = new MetricsPage(registry);
    routes.get("/metrics", metrics::handle);
    routes.get("/compare", new ComparePage(registry)::handle);
    SchedulesPage schedules = new SchedulesPage(registry, forms);
    routes.get("/schedules", schedules::list);
    routes.get("/schedules/{name}", schedules::handle);
    routes.post("/schedules/{name}/{action}", schedules::act);
    routes.get("/search", new SearchPage(registry)::handle);
  }

  /** A page that says what went wrong and what to do, with its status. */
  void problem(Context ctx, int status, String title, String message) {
    ctx.status(status)
        .html(Layout.page(title, "", "<p class=\"problem\">" + Html.text(message) + "</p>"));
  }

  private void staticFile(Context ctx) {
    String name = ctx.pathParam("name");
    String type = STATIC.get(name);
    if (type == null) {
      problem(ctx, 404, "Not found", "no file " + name);
      return;
    }
    try (InputStream in = Pages.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw new IllegalStateException("static/" + name + " is missing from the jar");
      }
      ctx.header("Cache-Control", "max-age=300").contentType(type).result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
