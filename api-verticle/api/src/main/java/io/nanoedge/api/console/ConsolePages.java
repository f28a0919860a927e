package io.nanoedge.api.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's pages: a fixed set of static files (HTML, CSS, ES modules written for nanoedge, no build step and no
 * third-party script) read from the jar once at start and served from memory under {@code /console/}, each with a
 * strict Content-Security-Policy: scripts and styles only from this origin, no inline script, no framing.
 */
public final class ConsolePages {
  public static final String BASE = "/console/";
  /** Every file of the console, under {@code nanoedge/console/} on the classpath. */
  public static final List<String> FILES = List.of("index.html", "console.css", "js/app.js", "js/api.js", "js/dom.js",
      "js/calendar.js", "js/book.js", "js/board.js", "js/people.js", "js/admin.js");
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8");

  private final Map<String, Buffer> files;

  private ConsolePages(Map<String, Buffer> files) {
    this.files = files;
  }

  /** Reads every file (blocking: call it off the event loop). */
  public static ConsolePages load() throws IOException {
    Map<String, Buffer> files = new LinkedHashMap<>();
    for (String name : FILES) {
      try (InputStream in = ConsolePages.class.getResourceAsStream("/nanoedge/console/" + name)) {
        if (in == null) {
          throw new IOException("console file missing from the classpath: " + name);
        }
        files.put(name, Buffer.buffer(in.readAllBytes()));
      }
    }
    return new ConsolePages(files);
  }

  public Router addTo(Router router) {
    router.get("/").handler(ctx -> ctx.redirect(BASE));
    // Vert.x Web lets "/console" match "/console/" too: redirect only the path without the slash.
    router.get("/console").handler(ctx -> {
      if (ctx.request().path().equals("/console")) {
        ctx.redirect(BASE);
      } else {
        ctx.next();
      }
    });
    router.get(BASE + "*").handler(ctx -> {
      String name = ctx.request().path().substring(BASE.length());
      Buffer file = files.get(name.isEmpty() ? "index.html" : name);
      if (file == null) {
        ctx.next();
        return;
      }
      String path = name.isEmpty() ? "index.html" : name;
      send(ctx.response(), file, TYPES.get(path.substring(path.lastIndexOf('.') + 1)));
    });
    return router;
  }

  private static void send(HttpServerResponse response, Buffer file, String type) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        // Served from memory and small: always revalidate, so a new jar's console is picked up at once.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(file);
  }
}
