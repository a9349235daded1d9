package org.zaploop.controller.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A POST to a running controller's control endpoint with its bearer token (the operator commands' one HTTP call).
 *
 * @param baseUrl the endpoint's base URL, e.g. {@code http://127.0.0.1:9470}
 */
public record ControlClient(String baseUrl, String token, Duration timeout) {

    public ControlClient {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The answer's status and body. */
    public record Answer(int status, String body) {
    }

    /** @throws IllegalArgumentException for a URL that cannot be one; IOException when the controller is unreachable */
    public Answer post(String path, String body) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl + path);
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token.trim())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }
}
