package dev.cdnsim.topology.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalOnlyHandlerTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8090", "127.0.0.1", "localhost:8090", "LOCALHOST", "127.1.2.3:1", "[::1]:8090"})
  void loopbackHostNames(String host) {
    assertThat(LocalOnlyHandler.isLoopbackHost(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example:8090", "127.0.0.1.evil.example", "10.0.0.1:8090", "[::2]:8090", "",
      "localhost.evil.example"})
  void otherHostNames(String host) {
    assertThat(LocalOnlyHandler.isLoopbackHost(host)).isFalse();
  }
}
