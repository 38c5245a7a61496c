package dev.nbfactory.web.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.FeedbackResult;
import dev.nbfactory.registry.Outcome;
import dev.nbfactory.registry.Predictions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import tech.tablesaw.api.Table;

/**
 * The HTTP face of {@code factory serve}, MLflow's scoring protocol so its clients work unchanged:
 * {@code POST /invocations} (JSON in MLflow's four forms, or CSV; any other content type a 415),
 * {@code GET /ping}, {@code /health} and {@code /version}; and {@code POST /feedback}, the outcomes
 * of earlier predictions. Each answer row carries the decision, the label scores, a prediction id
 * and the model version that made it (shadow models score each request too; only their log rows
 * show it); errors are MLflow's shape, {@code {"error_code": "BAD_REQUEST", "message": ...}}, with
 * 400, 401, 413 or 415.
 */
public final class ScoringServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the server runs.
   *
   * @param host the address to bind; loopback unless a token or {@code noAuth} says otherwise
   * @param port the port; 0 for any free one
   * @param token the bearer token every request must carry, or null for none
   * @param maxBodyBytes the largest body accepted; larger ones get a 413
   */
  public record Settings(String host, int port, String token, long maxBodyBytes) {}

  private final Settings settings;
  private final AliasFollower model;
  private final List<ShadowModel> shadows;
  private final DecisionLog log;
  private final Predictions feedback;
  private final String serverVersion;
  private Javalin app;

  ScoringServer(
      Settings settings,
      AliasFollower model,
      List<ShadowModel> shadows,
      DecisionLog log,
      Predictions feedback,
      String serverVersion) {
    this.settings = settings;
    this.model = model;
    this.shadows = List.copyOf(shadows);
    this.log = log;
    this.feedback = feedback;
    this.serverVersion = serverVersion;
  }

  /** Binds and starts answering; returns this. */
  public ScoringServer start() {
    app =
        Javalin.create(
            config -> {
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.startup.showJavalinBanner = false;
              config.routes.before(this::authenticate);
              config.routes.get("/ping", ctx -> ctx.result("\n"));
              config.routes.get("/health", ctx -> ctx.result("\n"));
              config.routes.get("/version", this::version);
              config.routes.post("/invocations", this::invocations);
              config.routes.post("/feedback", this::feedback);
              config.routes.exception(
                  BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
              config.routes.error(
                  413,
                  "*",
                  ctx ->
                      error(
                          ctx,
                          413,
                          "the body is larger than the server's limit of "
                              + settings.maxBodyBytes()
                              + " bytes: send fewer rows per request"));
            });
    app.start();
    return this;
  }

  /** The port it listens on (the one chosen when 0 was asked for). */
  public int port() {
    return app.port();
  }

  private void authenticate(Context ctx) {
    if (settings.token() == null) {
      return;
    }
    String given = ctx.header("Authorization");
    byte[] expected = ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      error(ctx, 401, "send the server's token: Authorization: Bearer TOKEN");
      ctx.skipRemainingHandlers();
    }
  }

  private void version(Context ctx) {
    ServedModel served = model.current();
    ObjectNode out = JSON.createObjectNode();
    out.put("server", serverVersion);
    out.put("model", served.version().name());
    out.put("version", served.version().version());
    if (!shadows.isEmpty()) {
      ArrayNode list = out.putArray("shadows");
      for (ShadowModel shadow : shadows) {
        ServedModel s = shadow.current();
        list.addObject().put("model", s.version().name()).put("version", s.version().version());
      }
    }
    ctx.contentType("application/json").result(out.toString());
  }

  private void invocations(Context ctx) throws Exception {
    String type =
        ctx.contentType() == null
            ? ""
            : ctx.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
    Table rows;
    if (type.equals("application/json")) {
      rows = ScoringInput.json(ctx.bodyAsBytes());
    } else if (type.equals("text/csv")) {
      rows = ScoringInput.csv(ctx.bodyAsBytes());
    } else {
      error(
          ctx,
          415,
          "this server takes Content-Type application/json or text/csv, not '" + type + "'");
      return;
    }
    ServedModel served = model.current(); // one version answers the whole request
    List<ServedModel.Decision> decisions = served.score(rows);
    List<String> ids = new ArrayList<>(decisions.size());
    for (int i = 0; i < decisions.size(); i++) {
      ids.add(UUID.randomUUID().toString());
    }
    List<DecisionLog.Scored> shadowed = new ArrayList<>(shadows.size());
    for (ShadowModel shadow : shadows) {
      DecisionLog.Scored scored = shadow.score(rows); // never fails the answer
      if (scored != null) {
        shadowed.add(scored);
      }
    }
    // durable before the answer leaves, the shadows' rows in the same commit
    log.append(rows, ids, new DecisionLog.Scored(served, decisions), shadowed);
    ctx.contentType("application/json").result(JsonText.answer(served, decisions, ids));
  }

  /**
   * {@code POST /feedback}: {@code {"prediction_id": ..., "actual": ...}}, a list of them, or
   * {@code {"outcomes": [...]}}. Outcomes are joined to their predictions in the registry; an
   * unknown id is named in the answer, and the rest land.
   */
  private void feedback(Context ctx) {
    List<Outcome> outcomes = FeedbackInput.outcomes(ctx.bodyAsBytes());
    FeedbackResult result = feedback.recordFeedback(outcomes);
    ObjectNode out = JSON.createObjectNode();
    out.put("accepted", result.accepted().size());
    ArrayNode unknown = out.putArray("unknown");
    result
        .unknown()
        .forEach(
            u ->
                unknown
                    .addObject()
                    .put("prediction_id", u.predictionId())
                    .put("message", u.message()));
    ArrayNode ignored = out.putArray("ignored");
    result
        .ignored()
        .forEach(
            u ->
                ignored
                    .addObject()
                    .put("prediction_id", u.predictionId())
                    .put("message", u.message()));
    ctx.contentType("application/json").result(out.toString());
  }

  private static void error(Context ctx, int status, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.put("error_code", status == 401 ? "UNAUTHENTICATED" : "BAD_REQUEST");
    out.put("message", message);
    ctx.status(status).contentType("application/json").result(out.toString());
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
