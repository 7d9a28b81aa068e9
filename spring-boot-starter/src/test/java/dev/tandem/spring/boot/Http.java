package dev.tandem.spring.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.core.env.Environment;

/** GETs from the running test application (the JDK's client: the same on every Boot line). */
record Http(int status, String body) {

  static Http get(Environment environment, String path) throws Exception {
    String port = environment.getRequiredProperty("local.server.port");
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Http(response.statusCode(), response.body());
  }
}
