package io.nanoedge.api.console;

import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The live visits board's event stream (Server-Sent Events). One subscription to the status facts for the node;
 * each change of a visit is sent to every open stream as the visit itself ({@code event: visit}, the same JSON as
 * {@code GET /api/visits/{id}}), read with that stream's own host scope, so a host is sent only what the API would
 * show them. Caps: {@code maxClients} streams per node (503 beyond), {@link #MAX_PENDING} visits waiting per stream
 * (beyond: one {@code resync} event, and the page reloads the list), a stream whose client does not read is
 * closed, and each stream ends after {@link #STREAM_LIFE_MS} (EventSource reconnects, proving its session again).
 */
public final class LiveBoard {
  static final int MAX_PENDING = 256;
  static final long HEARTBEAT_MS = 15_000;
  static final long STREAM_LIFE_MS = 10 * 60_000;

  private final Vertx vertx;
  private final VisitService visits;
  private final int maxClients;
  private final Set<Stream> streams = new LinkedHashSet<>();
  private MessageConsumer<Object> consumer;
  private long heartbeat = -1;

  public LiveBoard(Vertx vertx, VisitService visits, int maxClients) {
    this.vertx = vertx;
    this.visits = visits;
    this.maxClients = maxClients;
  }

  /** Subscribes once for the node (a registration is a cluster write) and starts the heartbeat. */
  public io.vertx.core.Future<Void> start() {
    consumer = Bus.subscribe(vertx.eventBus(), Addresses.STATUS_CHANGED, record -> changed(record.visitId()));
    heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> streams.forEach(s -> s.write(": keep-alive\n\n")));
    return consumer.completion();
  }

  public io.vertx.core.Future<Void> stop() {
    if (heartbeat >= 0) {
      vertx.cancelTimer(heartbeat);
    }
    java.util.List.copyOf(streams).forEach(s -> s.response.reset());
    return consumer == null ? io.vertx.core.Future.succeededFuture() : consumer.unregister();
  }

  public int open() {
    return streams.size();
  }

  /** False when the node already serves {@code maxClients} streams. */
  public boolean serve(HttpServerResponse response, Long host) {
    if (streams.size() >= maxClients) {
      return false;
    }
    Stream stream = new Stream(response, host);
    streams.add(stream);
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    response.endHandler(v -> streams.remove(stream));
    stream.write("retry: 2000\nevent: hello\ndata: {}\n\n");
    long life = vertx.setTimer(STREAM_LIFE_MS, id -> stream.close());
    response.closeHandler(v -> {
      vertx.cancelTimer(life);
      streams.remove(stream);
    });
    return true;
  }

  private void changed(String visitId) {
    streams.forEach(s -> s.changed(visitId));
  }

  /** One open stream and the visits it still has to be sent, one read at a time. */
  private final class Stream {
    private final HttpServerResponse response;
    private final Long host;
    private final Set<String> pending = new LinkedHashSet<>();
    private boolean reading;

    Stream(HttpServerResponse response, Long host) {
      this.response = response;
      this.host = host;
    }

    void changed(String visitId) {
      if (pending.size() >= MAX_PENDING) {
        pending.clear();
        write("event: resync\ndata: {}\n\n");
        return;
      }
      pending.add(visitId);
      pump();
    }

    private void pump() {
      if (reading || pending.isEmpty() || !streams.contains(this)) {
        return;
      }
      String id = pending.iterator().next();
      pending.remove(id);
      reading = true;
      visits.get(id, host).onComplete(done -> {
        reading = false;
        if (done.succeeded()) {
          write("event: visit\ndata: " + done.result().encode() + "\n\n");
        } else if (ErrorCode.of(done.cause()) != ErrorCode.NOT_FOUND) {
          // Not this host's visit is a 404 and is simply not sent; anything else the page learns by resyncing.
          write("event: resync\ndata: {}\n\n");
        }
        pump();
      });
    }

    void write(String text) {
      if (response.closed() || response.ended()) {
        streams.remove(this);
        return;
      }
      if (response.writeQueueFull()) {
        // A client that does not read is not buffered for: close it (EventSource reconnects and resyncs).
        close();
        return;
      }
      response.write(text);
    }

    void close() {
      streams.remove(this);
      if (!response.closed() && !response.ended()) {
        response.end();
      }
    }
  }
}
