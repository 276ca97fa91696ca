package dev.cdnsim.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OriginServerIntegrationTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private OriginServer origin;

  @BeforeEach
  void start() {
    origin = new OriginServer(new OriginConfig("us-east-1", new InetSocketAddress("127.0.0.1", 0),
        CatalogConfig.defaults()), clock).start();
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + path));
    if (headers.length > 0) request.headers(headers);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesADeterministicObjectWithValidatorsAndCacheControl() throws Exception {
    HttpResponse<byte[]> first = get("/objects/1");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
    assertThat(first.headers().firstValue("ETag")).isPresent();
    assertThat(first.headers().firstValue("Last-Modified")).hasValue("Thu, 01 Jan 2026 00:00:00 GMT");
    assertThat(first.headers().firstValue("Date")).hasValue("Wed, 25 Nov 2026 12:00:00 GMT");
    assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(first.body().length);
    HttpResponse<byte[]> again = get("/objects/1?ignored=query");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
    assertThat(get("/objects/2").body()).isNotEqualTo(first.body());
    assertThat(origin.requestsServed()).isEqualTo(3);
  }

  @Test
  void twoReplicasWithOneSeedServeIdenticalObjects() throws Exception {
    try (OriginServer other = new OriginServer(new OriginConfig("us-east-2", new InetSocketAddress("127.0.0.1", 0),
        CatalogConfig.defaults()), clock).start()) {
      HttpResponse<byte[]> fromOther = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + other.port() + "/objects/7")).build(), HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> fromThis = get("/objects/7");
      assertThat(fromOther.body()).isEqualTo(fromThis.body());
      assertThat(fromOther.headers().firstValue("ETag")).isEqualTo(fromThis.headers().firstValue("ETag"));
    }
  }

  @Test
  void answersConditionalRequestsWith304() throws Exception {
    String etag = get("/objects/3").headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> revalidated = get("/objects/3", "If-None-Match", etag);
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();
    assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
    assertThat(get("/objects/3", "If-Modified-Since", "Fri, 02 Jan 2026 00:00:00 GMT").statusCode()).isEqualTo(304);
  }

  @Test
  void servesASingleByteRange() throws Exception {
    byte[] whole = get("/objects/4").body();
    HttpResponse<byte[]> part = get("/objects/4", "Range", "bytes=10-19");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + whole.length);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 10, 20));
  }

  @Test
  void headHasTheHeadersButNoBody() throws Exception {
    HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port()
        + "/objects/5")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(get("/objects/5").body().length);
  }

  @Test
  void unknownObjectsAndOtherMethodsAreRefused() throws Exception {
    assertThat(get("/objects/0").statusCode()).isEqualTo(404);
    assertThat(get("/objects/10001").statusCode()).isEqualTo(404);
    assertThat(get("/objects/abc").statusCode()).isEqualTo(404);
    assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port()
        + "/objects/1")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(origin.requestsServed()).isZero();
  }

  @Test
  void healthAnswersWhileRunningAndThePortIsFreedOnClose() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    int port = origin.port();
    origin.close();
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .build(), HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
  }

  @Test
  void bindingATakenAddressNamesIt() {
    InetSocketAddress taken = origin.address();
    OriginServer second = new OriginServer(new OriginConfig("dup", taken, CatalogConfig.defaults()), clock);
    assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("dup").hasMessageContaining(String.valueOf(taken.getPort()));
  }

  @Test
  void largeObjectsAreServedWhole() throws Exception {
    CatalogConfig big = new CatalogConfig(1, 3, SizeDistribution.fixed(3 * 1024 * 1024), "public, max-age=60",
        Instant.parse("2026-01-01T00:00:00Z"));
    try (OriginServer large = new OriginServer(new OriginConfig("big", new InetSocketAddress("127.0.0.1", 0), big), clock)
        .start()) {
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + large.port()
          + "/objects/2")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.body()).hasSize(3 * 1024 * 1024);
    }
  }

  @Test
  void theApiNamesTheReplicaAndIsNeverCacheable() throws Exception {
    HttpResponse<byte[]> get = get("/api/whoami");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    assertThat(new String(get.body())).isEqualTo("{\"replica\":\"us-east-1\",\"method\":\"GET\",\"path\":\"/whoami\","
        + "\"bodyBytes\":0}\n");
    HttpResponse<byte[]> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port()
        + "/api/cart")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(new String(post.body())).contains("\"method\":\"POST\"", "\"bodyBytes\":70000");
  }

  @Test
  void theApiCountsBodiesUpTo16MiBAndRefusesLargerOnesWith413() throws Exception {
    HttpResponse<byte[]> five = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port()
        + "/api/upload")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 << 20])).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> seventeen = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port()
        + "/api/upload")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[17 << 20])).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(five.statusCode()).isEqualTo(200);
    assertThat(new String(five.body())).contains("\"bodyBytes\":" + (5 << 20));
    assertThat(seventeen.statusCode()).isEqualTo(413);
  }
}
