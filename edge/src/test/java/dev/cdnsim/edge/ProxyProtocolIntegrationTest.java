package dev.cdnsim.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdnsim.edge.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --proxy-protocol}: behind an L4 balancer the client is who the PROXY header says, for everything. */
class ProxyProtocolIntegrationTest {
  private static final String FROM_CLIENT = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n";
  private static final String FROM_LOOPBACK = "PROXY TCP4 127.0.0.1 127.0.0.1 40000 80\r\n";
  private final EdgeUnderTest t = new EdgeUnderTest(o -> o.withProxyProtocol().withAdminToken("s3cret"));

  @AfterEach
  void stop() {
    t.close();
  }

  private String send(String request) throws Exception {
    return RawHttp.exchange(t.edge.port(), null, request);
  }

  @Test
  void theOriginSeesTheClientTheHeaderNames() throws Exception {
    t.origin.script(r -> Reply.ok("hello").header("Cache-Control", "no-store"));

    String answer = send(FROM_CLIENT + "GET /a HTTP/1.1\r\nHost: www.example\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello");
    assertThat(t.origin.takeRequest().header("X-Forwarded-For")).isEqualTo("203.0.113.7");
  }

  @Test
  void aConnectionWithoutTheHeaderIsClosedUnanswered() throws Exception {
    String answer = send("GET /a HTTP/1.1\r\nHost: www.example\r\nConnection: close\r\n\r\n");

    assertThat(answer).isEmpty();
    assertThat(t.origin.requestCount()).isZero();
  }

  @Test
  void aClaimOfLoopbackOpensNoAdminRouteTheTokenDoes() throws Exception {
    String claimed = send(FROM_LOOPBACK + "GET /_edge/stats HTTP/1.1\r\nHost: e\r\nConnection: close\r\n\r\n");
    String withToken = send(FROM_CLIENT + "GET /_edge/stats HTTP/1.1\r\nHost: e\r\nAuthorization: Bearer s3cret\r\n"
        + "Connection: close\r\n\r\n");

    assertThat(claimed).startsWith("HTTP/1.1 403");
    assertThat(withToken).startsWith("HTTP/1.1 200").contains("\"requests\":");
  }
}
