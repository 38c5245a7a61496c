package dev.nbfactory.web.ui;

import dev.nbfactory.registry.InvalidInputException;
import io.javalin.http.Context;

/**
 * The forms that change something: each carries this server's secret, so a page of another site
 * cannot post one (its browser would send the cookie, but it cannot read the secret); and who acts.
 */
final class Forms {
  private final String secret;
  private final String user;

  Forms(String secret, String user) {
    this.secret = secret;
    this.user = user;
  }

  /** A button that posts to {@code action}. */
  String button(String action, String label) {
    return "<form method=\"post\" action=\""
        + action
        + "\" class=\"inline\"><input type=\"hidden\" name=\"form\" value=\""
        + secret
        + "\"><button type=\"submit\">"
        + Html.text(label)
        + "</button></form>";
  }

  /** Refuses a post without this server's secret. */
  void check(Context ctx) {
    String given = ctx.formParam("form");
    if (given == null || !UiServer.same(given, secret)) {
      throw new InvalidInputException(
          "this form is not from this UI (or the UI restarted since): reload the page and try again");
    }
  }

  /** Who an action taken here is recorded as: the user running the UI, marked as from the UI. */
  String user() {
    return user + " (ui)";
  }
}
