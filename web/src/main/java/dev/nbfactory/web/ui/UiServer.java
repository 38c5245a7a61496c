package dev.nbfactory.web.ui;

import dev.nbfactory.registry.IntegrityException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.web.Hosts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The HTTP face of {@code factory ui}. Bound to loopback it answers anyone on this machine who
 * names it by a loopback host (a page of another site cannot, through DNS rebinding); bound to any
 * other address it needs the token, carried once in the URL as Jupyter's is, then in a cookie.
 * Every page is served with a Content-Security-Policy that allows only the UI's own scripts, so
 * nothing a notebook or a registry value holds can run script here; a form that changes something
 * carries a per-server secret, so another site cannot post it.
 */
public final class UiServer implements AutoCloseable {
  static final String COOKIE = "factory_ui_token";
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  /**
   * How the server runs.
   *
   * @param host the address to bind
   * @param port the port; 0 for any free one
   * @param token what a browser must show on a non-loopback address, or null on loopback
   * @param user who actions taken in the UI are recorded as
   */
  public record Settings(String host, int port, String token, String user) {}

  private final Registry registry;
  private final Settings settings;
  private final boolean loopback;
  private final String formSecret = randomHex(16);
  private Javalin app;

  public UiServer(Registry registry, Settings settings) {
    this.registry = registry;
    this.settings = settings;
    this.loopback = Hosts.isLoopback(settings.host());
    if (!loopback && (settings.token() == null || settings.token().isBlank())) {
      throw new InvalidInputException(
          "--host "
              + settings.host()
              + " is reachable from other machines: the UI needs a token there (FACTORY_UI_TOKEN,"
              + " or let 'factory ui' make one)");
    }
  }

  /** A fresh random token, as Jupyter makes one for each server. */
  public static String newToken() {
    return randomHex(24);
  }

  /** Binds and starts answering; returns this. */
  public UiServer start() {
    Pages pages = new Pages(registry, formSecret, settings.user());
    app =
        Javalin.create(
            config -> {
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.startup.showJavalinBanner = false;
              config.routes.before(this::guard);
              pages.routes(config.routes);
              config.routes.exception(
                  NotFoundException.class,
                  (e, ctx) -> pages.problem(ctx, 404, "Not found", e.getMessage()));
              config.routes.exception(
                  IntegrityException.class,
                  (e, ctx) ->
                      pages.problem(
                          ctx,
                          500,
                          "Stored bytes do not match their hash",
                          e.getMessage() + ". 'factory verify' lists every such object."));
              config.routes.exception(
                  InvalidInputException.class,
                  (e, ctx) -> pages.problem(ctx, 400, "Cannot show that", e.getMessage()));
              config.routes.error(
                  404,
                  "html",
                  ctx -> {
                    if (ctx.result() == null) {
                      pages.problem(ctx, 404, "Not found", "no page at " + ctx.path());
                    }
                  });
            });
    app.start();
    return this;
  }

  /** The port it listens on (the one chosen when 0 was asked for). */
  public int port() {
    return app.port();
  }

  /** The address to open: with the token once, when there is one. */
  public String url() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    String base = "http://" + host + ":" + port() + "/";
    return settings.token() == null ? base : base + "?token=" + settings.token();
  }

  private void guard(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    if (loopback && !loopbackHost(ctx.host())) {
      deny(ctx, 403, "this UI answers only to a loopback name, such as 127.0.0.1 or localhost");
      return;
    }
    if (settings.token() == null) {
      return;
    }
    // one cookie per port: two UIs on one host (cookies ignore ports) keep their own tokens
    String name = COOKIE + "_" + port();
    String given = ctx.queryParam("token");
    if (given != null && same(given, settings.token())) {
      Cookie cookie = new Cookie(name, settings.token());
      cookie.setHttpOnly(true);
      cookie.setSameSite(SameSite.STRICT);
      cookie.setPath("/");
      ctx.cookie(cookie);
      return;
    }
    String cookie = ctx.cookie(name);
    if (cookie == null || !same(cookie, settings.token())) {
      deny(ctx, 401, "open the URL 'factory ui' printed: it carries the token once");
    }
  }

  private static void deny(Context ctx, int status, String message) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(message + "\n");
    ctx.skipRemainingHandlers();
  }

  /** The Host header names a loopback address (with any port), never a name another site owns. */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      return end > 0 && name.substring(1, end).equals("::1");
    }
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    return name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}");
  }

  /** Equal, in a time that does not tell how much of a secret was guessed. */
  static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
