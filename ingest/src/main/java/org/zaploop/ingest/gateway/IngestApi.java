package org.zaploop.ingest.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

import org.zaploop.ingest.clock.ClockFit;
import org.zaploop.protocol.Names;

/**
 * The HTTP half of the rig API, mounted at {@code /rig/v1}: {@code POST /planes}, {@code /ephys},
 * {@code /events}, each {@code ?session=S[&clock=rig]} with one record as the body (ZLPL, ZLEP, JSON RigEvent),
 * answered 202 once Kafka acknowledged it. Every request is authenticated first, then its body is read up to
 * the kind's limit (413 beyond), then it is validated and published like a socket message (400 with the
 * reason when refused; the record also goes to {@code zl.dlq}). One failure handler maps failures to status
 * codes with a plain-text reason.
 */
final class IngestApi {

    private final GatewayServices services;

    IngestApi(GatewayServices services) {
        this.services = services;
    }

    /** The router of the rig API, to mount under {@code /rig/v1}. */
    Router router(Vertx vertx) {
        Router api = Router.router(vertx);
        api.route().handler(this::authenticate);
        api.post("/planes").handler(body(RecordKind.PLANE)).handler(ctx -> ingest(ctx, RecordKind.PLANE));
        api.post("/ephys").handler(body(RecordKind.EPHYS)).handler(ctx -> ingest(ctx, RecordKind.EPHYS));
        api.post("/events").handler(body(RecordKind.EVENT)).handler(ctx -> ingest(ctx, RecordKind.EVENT));
        api.route().failureHandler(this::failure);
        return api;
    }

    private static BodyHandler body(RecordKind kind) {
        return BodyHandler.create(false).setBodyLimit(kind.maxBytes()).setPreallocateBodyBuffer(true);
    }

    private void authenticate(RoutingContext ctx) {
        if (services.auth().permits(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.next();
        } else {
            ctx.fail(new HttpException(401, "missing or wrong bearer token (Authorization: Bearer <token>)"));
        }
    }

    private void ingest(RoutingContext ctx, RecordKind kind) {
        String session = ctx.request().getParam("session");
        if (session == null || !Names.isValid(session)) {
            ctx.fail(new HttpException(400, "query parameter 'session' is required and must match "
                    + Names.PATTERN));
            return;
        }
        ClockFit fit = null;
        String clock = ctx.request().getParam("clock");
        if (clock != null && !clock.equals("zaploop")) {
            if (!clock.equals("rig")) {
                ctx.fail(new HttpException(400, "query parameter 'clock' must be 'rig' or 'zaploop'"));
                return;
            }
            fit = services.metrics().clocks.get(session);
            if (fit == null) {
                ctx.fail(new HttpException(400, "clock=rig: no clock fit for session " + session + " yet: open "
                        + "/rig/v1/stream?session=" + session + "&clock=rig and answer its pings first"));
                return;
            }
        }
        if (services.flow().overLimit()) {
            services.metrics().busyRefusals.increment();
            ctx.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("gateway busy: " + services.flow().inFlightBytes()
                            + " bytes await Kafka's acknowledgement; retry");
            return;
        }
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        long receivedNs = System.nanoTime();
        Context context = Vertx.currentContext();
        services.flow().acquireUnpaused(bytes.length);
        services.publisher().publish(kind, bytes, session, fit, receivedNs, outcome -> context.runOnContext(v -> {
            services.flow().releaseUnpaused(bytes.length);
            respond(ctx, outcome);
        }));
    }

    private static void respond(RoutingContext ctx, Outcome outcome) {
        if (ctx.response().closed()) {
            return;
        }
        if (outcome instanceof Outcome.Published p) {
            ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("topic", p.topic()).put("partition", p.partition())
                            .put("offset", p.offset()).encode());
        } else if (outcome instanceof Outcome.Rejected r) {
            text(ctx, r.status(), r.reason());
        } else if (outcome instanceof Outcome.Failed f) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            text(ctx, 503, f.reason());
        }
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        String reason = null;
        if (ctx.failure() instanceof HttpException e) {
            status = e.getStatusCode();
            reason = e.getPayload();
        } else if (ctx.failure() != null) {
            GatewayVerticle.log.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        if (reason == null) {
            reason = switch (status) {
                case 401 -> "missing or wrong bearer token";
                case 413 -> "request body too large: " + ctx.request().path() + " takes records of at most "
                        + kindOf(ctx.request().path()).maxBytes() + " bytes";
                case 404 -> "no such endpoint";
                case 405 -> "method not allowed";
                default -> status >= 400 && status < 600 ? "request failed" : "internal error";
            };
        }
        int answer = status >= 400 && status < 600 ? status : 500;
        String session = ctx.request().getParam("session");
        if (answer == 413 && session != null && Names.isValid(session)) {
            // A body over the limit is never read whole, so its dead letter carries the reason without the bytes:
            // the refusal is still on record in zl.dlq like any other.
            String why = reason;
            io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
            services.publisher().refuse(kindOf(ctx.request().path()).topic(), session, null, 413, why,
                    o -> context.runOnContext(v -> text(ctx, answer, why)));
            return;
        }
        text(ctx, answer, reason);
    }

    /** What an endpoint takes, by its path. */
    private static RecordKind kindOf(String path) {
        if (path.endsWith("/planes")) {
            return RecordKind.PLANE;
        }
        if (path.endsWith("/ephys")) {
            return RecordKind.EPHYS;
        }
        return RecordKind.EVENT;
    }

    private static void text(RoutingContext ctx, int status, String reason) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(reason);
    }
}
