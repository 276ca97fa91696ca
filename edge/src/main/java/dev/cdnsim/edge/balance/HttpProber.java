package dev.cdnsim.edge.balance;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How an active HTTP check asks one replica whether it is up. The edge reads replicas' answers with one HTTP/1.1
 * parser, in {@code fetch}, which depends on this package; so {@link HealthChecker} is given the probe.
 */
@FunctionalInterface
public interface HttpProber {
  /**
   * Whether {@code target} answers {@code GET} with {@code expectStatus} within {@code timeout}; false on any
   * failure.
   */
  boolean probe(URI target, int expectStatus, Duration timeout, Optional<SSLContext> tls);
}
