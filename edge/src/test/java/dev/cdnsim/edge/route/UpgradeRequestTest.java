package dev.cdnsim.edge.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

class UpgradeRequestTest {
  private static HeaderMap fields(String... nameValue) {
    HeaderMap m = new HeaderMap();
    for (int i = 0; i < nameValue.length; i += 2) m.add(new HttpString(nameValue[i]), nameValue[i + 1]);
    return m;
  }

  @Test
  void aWebSocketHandshakeAsksToSwitch() {
    assertThat(UpgradeRequest.protocols(fields("Host", "a", "Connection", "Upgrade", "Upgrade", "websocket",
        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"))).isEqualTo("websocket");
    // Browsers send "keep-alive, Upgrade"; the token is matched in any case, among others, in any field line.
    assertThat(UpgradeRequest.protocols(fields("Connection", "keep-alive, UPGRADE", "Upgrade", " websocket ")))
        .isEqualTo("websocket");
    assertThat(UpgradeRequest.protocols(fields("Connection", "keep-alive", "Connection", "upgrade",
        "Upgrade", "websocket", "Content-Length", "0"))).isEqualTo("websocket");
  }

  @Test
  void upgradeWithoutConnectionNamingItIsNoRequestToSwitch() {
    // Upgrade is hop-by-hop: only a Connection that names it makes it this hop's (RFC 9110 §7.8).
    assertThat(UpgradeRequest.protocols(fields("Upgrade", "websocket"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "keep-alive", "Upgrade", "websocket"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgraded", "Upgrade", "websocket"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgrade"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgrade", "Upgrade", " "))).isNull();
  }

  @Test
  void h2cTwoUpgradeFieldsOrABodyAreNotTunnelled() {
    // h2c asks for HTTP/2 on this hop only; a proxy that forwarded it would hand the client the replica's HTTP/2.
    assertThat(UpgradeRequest.protocols(fields("Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgrade", "Upgrade", "websocket, H2C/1"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgrade", "Upgrade", "websocket", "Upgrade", "x")))
        .isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgrade", "Upgrade", "websocket",
        "Content-Length", "5"))).isNull();
    assertThat(UpgradeRequest.protocols(fields("Connection", "upgrade", "Upgrade", "websocket",
        "Transfer-Encoding", "chunked"))).isNull();
  }
}
