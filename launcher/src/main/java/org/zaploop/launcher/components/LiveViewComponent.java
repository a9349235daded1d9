package org.zaploop.launcher.components;

import java.util.Map;
import org.zaploop.dashboards.live.LiveView;
import org.zaploop.dashboards.live.LiveViewConfig;

/**
 * The live browser view as a component: brain activity, traces with forecasts, the stimulus timeline and the
 * health of every stage, served over HTTP + WebSocket (dashboards/LIVE-VIEW.md). Loopback, port 8080 unless told.
 */
public final class LiveViewComponent implements Component {

    /** Loopback: reachable from other machines only when the operator says so. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final ComponentContext ctx;
    private final String host;
    private final int port;
    private LiveView view;

    /**
     * @param port 0 for any free port
     */
    public LiveViewComponent(ComponentContext ctx, String host, int port) {
        this.ctx = ctx;
        this.host = host;
        this.port = port;
    }

    /** Bind from the environment: ZAPLOOP_VIEW_HOST (default 127.0.0.1), ZAPLOOP_VIEW_PORT (default 8080). */
    public static LiveViewComponent fromEnvironment(ComponentContext ctx) {
        String host = System.getenv().getOrDefault("ZAPLOOP_VIEW_HOST", DEFAULT_HOST);
        String port = System.getenv().getOrDefault("ZAPLOOP_VIEW_PORT", String.valueOf(LiveViewConfig.DEFAULT_PORT));
        try {
            return new LiveViewComponent(ctx, host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ZAPLOOP_VIEW_PORT must be a port number, got '" + port + "'");
        }
    }

    @Override
    public String name() {
        return "view";
    }

    @Override
    public void start() {
        view = LiveView.start(LiveViewConfig.defaults(ctx.bootstrap(), ctx.session(), host, port), ctx.meters());
    }

    /** The page's address (after start). */
    public String url() {
        return view.url();
    }

    @Override
    public Map<String, Object> status() {
        return view == null ? Map.of() : view.status();
    }

    @Override
    public Map<String, Object> statusLine() {
        Map<String, Object> s = status();
        return s.containsKey("failure") ? Map.of("failure", s.get("failure")) : Map.of("clients", s.getOrDefault("clients", 0));
    }

    @Override
    public void close() {
        if (view != null) {
            view.close();
        }
    }
}
