package dev.cdnsim.topology;

import dev.cdnsim.topology.config.DataSize;
import dev.cdnsim.topology.run.Topology;
import dev.cdnsim.edge.EdgeConfig;
import dev.cdnsim.edge.EdgeOptions;
import dev.cdnsim.edge.EdgeServer;
import dev.cdnsim.edge.EdgeStats;
import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.edge.balance.PoolConfig;
import dev.cdnsim.edge.balance.Replica;
import dev.cdnsim.edge.balance.TimeoutConfig;
import dev.cdnsim.edge.cache.EvictionPolicy;
import dev.cdnsim.edge.route.BalancerConfig;
import dev.cdnsim.edge.route.RouteConfig;
import dev.cdnsim.edge.tls.CertificateSource;
import dev.cdnsim.edge.tls.OriginTlsConfig;
import dev.cdnsim.edge.tls.PemFiles;
import dev.cdnsim.edge.tls.SelfSigned;
import dev.cdnsim.edge.tls.SubjectNames;
import dev.cdnsim.edge.tls.TlsConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import sun.misc.Signal;

/** Runs one caching edge alone in front of any HTTP origin until Ctrl-C. */
@Command(name = "edge", mixinStandardHelpOptions = true,
    description = {"Run one caching edge alone in front of any HTTP or HTTPS origin.", "",
        "One or more origin replicas, spread by --balance (round-robin by default), optionally probed (--health-check). RFC 9111 caching, collapsed misses, stale-while-revalidate/stale-if-error, purge, and",
        "pass-through routes (--pass). Admin routes (/_edge/stats, /_edge/purge, PURGE) answer 127.0.0.1 and ::1,",
        "or anyone with --admin-token.", "",
        "Options may also come from a config file, one per line, # for comments: cdnsim edge @edge.conf"})
final class EdgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:8080",
      converter = AddressConverter.class, description = "Where to listen (default: ${DEFAULT-VALUE}; port 0 picks one).")
  InetSocketAddress listen;

  @Option(names = "--origin", paramLabel = "URL", required = true, converter = OriginConverter.class,
      description = "An origin replica's base URL, e.g. http://127.0.0.1:18080 or https://origin.example:8443;"
          + " repeat for several replicas.")
  List<URI> origins;

  @Option(names = "--pass", paramLabel = "PREFIX",
      description = "Pass requests whose path starts with PREFIX (e.g. /api/) straight to the origin: the cache neither"
          + " answers nor stores them (X-Cache: PASS). Repeat for several prefixes.")
  List<String> passPrefixes = List.of();

  @Option(names = "--balance", paramLabel = "ALGORITHM", defaultValue = "round-robin",
      description = "How misses and passed requests are spread over the --origin replicas: round-robin, "
          + "weighted-round-robin, least-connections, least-request, ip-hash, consistent-hash (on the cache key), random "
          + "(default: ${DEFAULT-VALUE}).")
  String balance;

  @Option(names = "--weights", paramLabel = "N,N,...", split = ",",
      description = "Weights of the --origin replicas, in their order, 1 to 256 each, e.g. 3,1 (default: 1 each); "
          + "for weighted-round-robin, least-connections, least-request and random.")
  List<Integer> weights = List.of();

  @Option(names = "--affinity", paramLabel = "MODE", defaultValue = "none",
      description = "Session affinity: none, cookie (an opaque HttpOnly route cookie on passed answers) or source-ip "
          + "(default: ${DEFAULT-VALUE}).")
  String affinity;

  @Option(names = "--health-check", paramLabel = "PATH|tcp",
      description = "Probe every replica actively: GET PATH expecting 200, or a TCP connect with 'tcp'. HAProxy's "
          + "defaults: every 2s (see --health-interval), 1s timeout, down after 3 failures, up after 2 successes.")
  String healthCheck;

  @Option(names = "--health-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How often --health-check probes, e.g. 500ms (default: 2s); the probe's timeout is at most this.")
  Duration healthInterval;

  @Option(names = "--origin-host", paramLabel = "NAME",
      description = "Host header of passed requests and cache fills to the origins, e.g. api.internal or api.internal:8080"
          + " (default: the client's own Host, as it asked for it).")
  String originHost;

  @Option(names = "--origin-ca", paramLabel = "FILE",
      description = "PEM file of the CA certificates that sign https:// origins' certificates (default: the JDK's"
          + " trusted CAs).")
  Path originCa;

  @Option(names = "--origin-client-cert", paramLabel = "FILE",
      description = "PEM client certificate chain to present to https:// origins that require one (mTLS; with"
          + " --origin-client-key).")
  Path originClientCert;

  @Option(names = "--origin-client-key", paramLabel = "FILE",
      description = "PEM private key of --origin-client-cert: PKCS#8, PKCS#1 or SEC1, unencrypted.")
  Path originClientKey;

  @Option(names = "--cache-size", paramLabel = "SIZE", defaultValue = "256MiB", converter = SizeConverter.class,
      description = "Bytes the cache may hold, bodies and headers counted (default: ${DEFAULT-VALUE}).")
  long cacheSize;

  @Option(names = "--max-object", paramLabel = "SIZE", defaultValue = "16MiB", converter = SizeConverter.class,
      description = "Larger responses are streamed through, not stored (default: ${DEFAULT-VALUE}).")
  long maxObject;

  @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "tinylfu", converter = PolicyConverter.class,
      description = "Eviction policy: tinylfu (Caffeine's W-TinyLFU) or lru (default: ${DEFAULT-VALUE}).")
  EvictionPolicy policy;

  @Option(names = "--id", paramLabel = "NAME", defaultValue = "edge",
      description = "The edge's name, shown in Cache-Status and Via as cdnsim-NAME (default: ${DEFAULT-VALUE}).")
  String id;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "Also open admin routes to clients sending 'Authorization: Bearer TOKEN'.")
  String adminToken;

  @Option(names = "--origin-timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = MillisOrDurationConverter.class,
      description = "How long to wait for an origin's response headers before 504, and then for each next piece of "
          + "a body before cutting it off (nginx's proxy_read_timeout): 500ms, 5s, 1m, PT5S, or a bare number of "
          + "milliseconds (default: ${DEFAULT-VALUE}).")
  Duration originTimeout;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = MillisOrDurationConverter.class,
      description = "How long an origin replica may take to accept a connection before the next one is tried (or "
          + "502); units as for --origin-timeout (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--client-timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = MillisOrDurationConverter.class,
      description = "How long a client connection may stay open without a request, a request head take to arrive, "
          + "or an answer go without a write getting through, before the edge closes it; units as for "
          + "--origin-timeout (default: ${DEFAULT-VALUE}).")
  Duration clientTimeout;

  @Option(names = "--https-listen", paramLabel = "ADDRESS:PORT", converter = AddressConverter.class,
      description = "Also serve HTTPS (HTTP/2 and HTTP/1.1) here, e.g. 127.0.0.1:8443. Without --cert/--key the edge"
          + " makes a self-signed certificate in --data-dir and reuses it.")
  InetSocketAddress httpsListen;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "PEM certificate chain for HTTPS, leaf first (with --key).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE",
      description = "PEM private key for HTTPS: PKCS#8, PKCS#1 or SEC1, RSA or EC, unencrypted (with --cert).")
  Path key;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "cdnsim-data",
      description = "Where the self-signed certificate is kept, as DIR/tls/ID.crt and ID.key (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--tls-name", paramLabel = "NAME",
      description = "A DNS name the self-signed certificate also names (besides the HTTPS address and localhost);"
          + " repeat for several.")
  List<String> tlsNames = List.of();

  @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
      description = "Event-loop threads that accept connections, parse requests and answer hits, like nginx's"
          + " worker_processes (default: one per CPU the JVM may use).")
  int ioThreads;

  @Option(names = "--access-log", paramLabel = "FILE",
      description = "Append a line per request to FILE ('-': standard output): nginx's combined format, then the Host,"
          + " the request time in seconds and the X-Cache value (default: none).")
  Path accessLog;

  @Option(names = "--proxy-protocol",
      description = "Every connection starts with HAProxy's PROXY protocol header (v1 or v2), as an L4 load balancer"
          + " in front sends it: the client's address comes from it (access log, X-Forwarded-For, ip-hash). Admin"
          + " routes then need --admin-token, since anyone who reaches the port could claim to be 127.0.0.1. A"
          + " header not whole within --client-timeout closes the connection.")
  boolean proxyProtocol;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "10s",
      converter = MillisOrDurationConverter.class,
      description = "On Ctrl-C or SIGTERM, stop listening at once and give the requests in flight this long to finish"
          + " before closing their connections, as nginx's graceful quit (default: ${DEFAULT-VALUE}).")
  Duration shutdownGrace;

  /** Counted down by Ctrl-C (or by a test) to stop the edge. */
  final CountDownLatch stop = new CountDownLatch(1);

  /** The running edge, once started (for tests). */
  volatile EdgeServer server;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EdgeConfig config;
    try {
      if (ioThreads < 0) throw new IllegalArgumentException("--io-threads must be 0 (one per CPU) or more");
      if (accessLog != null && accessLog.toString().isBlank()) {
        throw new IllegalArgumentException("--access-log takes a file name, or - for standard output");
      }
      if (clientTimeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("--client-timeout must be under 24 days");
      }
      config = new EdgeConfig(id, listen, origins, cacheSize, originTimeout);
      config = config.withBalancer(balancer(config));
    } catch (IllegalArgumentException e) {
      err.println("cdnsim edge: " + e.getMessage());
      return 2;
    }
    HeapAdvice.check("edge", cacheSize, Runtime.getRuntime().maxMemory())
        .ifPresent(w -> err.println("cdnsim edge: " + w));
    EdgeOptions options = EdgeOptions.defaults().withPolicy(policy).withMaxObjectBytes(maxObject).withAdminToken(adminToken)
        .withIoThreads(ioThreads).withClientTimeout(clientTimeout);
    if (accessLog != null) options = options.withAccessLog(accessLog);
    if (proxyProtocol) options = options.withProxyProtocol();
    CertificateSource certificate = null;
    if ((cert == null) != (key == null)) {
      err.println("cdnsim edge: --cert and --key go together");
      return 2;
    }
    if (cert != null && httpsListen == null) {
      err.println("cdnsim edge: --cert and --key need --https-listen, e.g. --https-listen 127.0.0.1:8443");
      return 2;
    }
    if (httpsListen != null) {
      try {
        certificate = cert != null ? new PemFiles(cert, key)
            : new SelfSigned(dataDir.resolve("tls"), id, SubjectNames.forEdge(httpsListen.getAddress(), tlsNames));
      } catch (IllegalArgumentException e) {
        err.println("cdnsim edge: " + e.getMessage());
        return 2;
      }
      options = options.withHttps(new TlsConfig(httpsListen, certificate));
    }
    EdgeServer edge = new EdgeServer(config, options, Clock.systemUTC());
    // The JVM halts once its shutdown hooks return: this one waits for the edge to drain and say so. Registered
    // before the start, so that a SIGTERM while the edge starts stops it the same way.
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(shutdownGrace.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cdnsim-edge-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      edge.start();
    } catch (UncheckedIOException e) {
      err.println("cdnsim " + e.getMessage());
      stopped.countDown();
      removeHook(hook);
      return 1;
    }
    HeapAdvice.settleStartup();
    server = edge;
    String base = "http://" + Topology.hostPort(new InetSocketAddress(listen.getAddress(), edge.port()));
    out.printf("edge %s listening on %s, cache %s (%s), origins %s%s%n", id, base, DataSize.format(cacheSize),
        policy.name().toLowerCase(Locale.ROOT).replace("_", ""), origins,
        passPrefixes.isEmpty() ? "" : ", passed through: " + String.join(" ", passPrefixes));
    if (accessLog != null && accessLog.toString().equals("-")) {
      out.println("access log: standard output");
    } else if (accessLog != null) {
      out.printf("access log: %s%s%n", accessLog.toAbsolutePath(), reopenOnUsr1(edge)
          ? " (after moving it, kill -USR1 " + ProcessHandle.current().pid() + " reopens it)" : "");
    }
    if (proxyProtocol) {
      out.printf("expecting a PROXY protocol header on every connection; admin routes %s%n",
          adminToken == null || adminToken.isBlank() ? "are closed (give --admin-token to open them)"
              : "need the --admin-token");
    } else {
      out.printf("try: curl -si %s/  |  curl -s %s/_edge/stats  |  curl -X PURGE %s/<path>%n", base, base, base);
    }
    if (certificate != null) {
      String https = "https://" + Topology.hostPort(new InetSocketAddress(httpsListen.getAddress(),
          edge.httpsPort().orElseThrow()));
      String file = certificate instanceof SelfSigned self ? self.certificateFile() + " (self-signed)" : cert.toString();
      String trust = certificate instanceof SelfSigned self ? "--cacert " + self.certificateFile() + " " : "";
      out.printf("https on %s (HTTP/2 and HTTP/1.1), certificate %s%n", https, file);
      out.printf("try: curl --http2 -si %s%s/%n", trust, https);
    }
    out.flush();
    try {
      stop.await();
      long inFlight = edge.inFlightRequests();
      if (inFlight > 0) {
        out.printf("edge %s stopping: %d request%s in flight, given up to %s%n", id, inFlight, inFlight == 1 ? "" : "s",
            shutdownGrace.toString().substring(2).toLowerCase(Locale.ROOT));
        out.flush();
      }
      boolean drained = edge.shutdown(shutdownGrace);
      out.println("edge " + id + " stopped" + (drained ? "" : " (requests still in flight were cut)") + " after "
          + served(edge.stats()));
      out.flush();
    } finally {
      edge.close();
      stopped.countDown();
      removeHook(hook);
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is what woke us
    }
  }

  /** What an edge did, for its last line: {@code 12 requests, 8 hits (0.667), 3.02 MiB served, 4 to the origin}. */
  static String served(EdgeStats stats) {
    return stats.requests() + (stats.requests() == 1 ? " request, " : " requests, ") + stats.hits()
        + (stats.hits() == 1 ? " hit" : " hits") + String.format(Locale.ROOT, " (%.3f), ", stats.hitRatio())
        + DataSize.approximate(stats.bytesServed()) + " served, " + stats.originRequests() + " to the origin";
  }

  /**
   * Has SIGUSR1 reopen the access log, as nginx does for log rotation; false where the JVM keeps that signal.
   */
  private static boolean reopenOnUsr1(EdgeServer edge) {
    try {
      Signal.handle(new Signal("USR1"), signal -> edge.reopenAccessLog());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * The default pool of every origin (round-robin, nginx's passive checks, one retry) with the origin TLS settings,
   * everything cached except the {@code --pass} prefixes.
   */
  /** The pools and routes the options give, over {@code config}'s pool of {@code --origin}s (visible for tests). */
  BalancerConfig balancer(EdgeConfig config) {
    if ((originClientCert == null) != (originClientKey == null)) {
      throw new IllegalArgumentException("--origin-client-cert and --origin-client-key go together");
    }
    PoolConfig pool = config.balancer().pools().get(0);
    if (originCa != null || originClientCert != null) {
      if (!pool.usesHttps()) {
        throw new IllegalArgumentException("--origin-ca and --origin-client-cert are for https:// origins; give one with --origin");
      }
      pool = pool.withTls(new OriginTlsConfig(Optional.ofNullable(originCa),
          Optional.ofNullable(originClientCert).map(c -> new PemFiles(c, originClientKey))));
    }
    if (originHost != null) {
      if (!PoolConfig.validHost(originHost)) {
        throw new IllegalArgumentException("--origin-host takes a host name or address with an optional port, was '"
            + originHost + "'");
      }
      pool = pool.withHost(originHost);
    }
    if (!weights.isEmpty()) {
      if (weights.size() != pool.replicas().size()) {
        throw new IllegalArgumentException("--weights gives " + weights.size() + " weight" + (weights.size() == 1 ? "" : "s")
            + " for " + pool.replicas().size() + " --origin replica" + (pool.replicas().size() == 1 ? "" : "s"));
      }
      List<Replica> weighted = new ArrayList<>();
      for (int i = 0; i < weights.size(); i++) {
        Replica r = pool.replicas().get(i);
        weighted.add(new Replica(r.id(), r.base(), weights.get(i)));
      }
      pool = pool.withReplicas(weighted);
    }
    AffinityConfig.Mode mode;
    try {
      mode = AffinityConfig.Mode.named(affinity);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--affinity takes none, cookie or source-ip, was '" + affinity + "'");
    }
    pool = pool.withAlgorithm(Algorithm.named(balance)).withAffinity(AffinityConfig.of(mode, ""))
        .withTimeouts(new TimeoutConfig(connectTimeout, originTimeout, connectTimeout.plus(originTimeout)));
    if (healthCheck == null && healthInterval != null) throw new IllegalArgumentException("--health-interval needs --health-check");
    if (healthCheck != null) pool = pool.withHealth(pool.health().withActive(activeCheck()));
    // Paths no route matches go to the pool, cached; so "--pass /" passes everything.
    List<RouteConfig> routes = new ArrayList<>();
    for (String prefix : passPrefixes) {
      if (!prefix.startsWith("/")) throw new IllegalArgumentException("--pass takes a path prefix starting with /, was '" + prefix + "'");
      routes.add(RouteConfig.pass(prefix, pool.name()));
    }
    return new BalancerConfig(List.of(pool), routes);
  }

  private ActiveCheckConfig activeCheck() {
    ActiveCheckConfig check;
    if (healthCheck.equals("tcp")) check = ActiveCheckConfig.tcp();
    else if (healthCheck.startsWith("/")) check = ActiveCheckConfig.http(healthCheck);
    else throw new IllegalArgumentException("--health-check takes a path starting with / or 'tcp', was '" + healthCheck + "'");
    return healthInterval == null ? check : check.everyWithin(healthInterval);
  }

  static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0) throw new TypeConversionException("expected ADDRESS:PORT, like 127.0.0.1:8080, was '" + value + "'");
      try {
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected ADDRESS:PORT, like 127.0.0.1:8080, was '" + value + "'");
      }
    }
  }

  static final class OriginConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        URI uri = new URI(value);
        boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!web || uri.getHost() == null) throw new IllegalArgumentException();
        return uri;
      } catch (Exception e) {
        throw new TypeConversionException("expected an http URL (or https) like http://127.0.0.1:18080, was '" + value + "'");
      }
    }
  }

  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        long bytes = DataSize.parse(value);
        if (bytes <= 0) throw new IllegalArgumentException("must be positive: '" + value + "'");
        return bytes;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A {@link DurationConverter} that also reads a bare number as milliseconds, as these flags always have. */
  static final class MillisOrDurationConverter extends DurationConverter {
    @Override
    public Duration convert(String value) {
      String t = value.trim();
      return super.convert(!t.isEmpty() && t.chars().allMatch(Character::isDigit) ? t + "ms" : t);
    }
  }

  static final class PolicyConverter implements ITypeConverter<EvictionPolicy> {
    @Override
    public EvictionPolicy convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
        case "tinylfu", "wtinylfu" -> EvictionPolicy.TINY_LFU;
        case "lru" -> EvictionPolicy.LRU;
        default -> throw new TypeConversionException("expected tinylfu or lru, was '" + value + "'");
      };
    }
  }
}
