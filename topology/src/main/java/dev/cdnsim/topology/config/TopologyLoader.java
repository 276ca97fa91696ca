package dev.cdnsim.topology.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdnsim.edge.balance.ActiveCheckConfig;
import dev.cdnsim.edge.balance.AffinityConfig;
import dev.cdnsim.edge.balance.Algorithm;
import dev.cdnsim.geodns.GeoPoint;
import dev.cdnsim.geodns.HealthCheckConfig;
import dev.cdnsim.origin.CatalogConfig;
import dev.cdnsim.origin.ContentClass;
import dev.cdnsim.origin.SizeDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;


/**
 * Reads a topology file into a validated {@link TopologyPlan}, reporting every problem at once with the file
 * name and JSON path ({@code topology.json: $.edges[2].location.lat: must be between -90 and 90}).
 */
public final class TopologyLoader {
  /** The embedded default topology (three edges, two origin replicas, three user regions). */
  public static final String DEFAULT_RESOURCE = "/dev/cdnsim/topology/default-topology.json";
  private static final String DEFAULT_NAME = "default-topology.json (embedded)";

  private final ObjectMapper json = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The embedded default topology. */
  public TopologyPlan loadDefault() {
    try (InputStream in = TopologyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      return parse(DEFAULT_NAME, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ConfigException e) {
      throw new IllegalStateException("the embedded default topology is invalid:\n" + e.getMessage(), e);
    }
  }

  /** The bytes of the embedded default topology, for users who want a file to start from. */
  public static byte[] defaultBytes() throws IOException {
    try (InputStream in = TopologyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return in.readAllBytes();
    }
  }

  /** Reads and validates {@code file}. */
  public TopologyPlan load(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": no such file"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), bytes);
  }

  /** Validates the JSON {@code bytes}; {@code name} is used in messages. */
  public TopologyPlan parse(String name, byte[] bytes) throws ConfigException {
    TopologyFile file;
    try {
      file = json.readValue(bytes, TopologyFile.class);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax) throw syntaxError(name, syntax);
      throw new ConfigException(List.of(name + ": " + path(e) + ": " + e.getOriginalMessage().split("\n")[0]));
    } catch (JsonProcessingException e) {
      throw syntaxError(name, e);
    } catch (IOException e) {
      throw new ConfigException(List.of(name + ": cannot read: " + e.getMessage()));
    }
    if (file == null) throw new ConfigException(List.of(name + ": $: is empty"));
    Problems problems = new Problems(name);
    TopologyPlan plan = new PlanBuilder(problems).build(name, file);
    if (!problems.isEmpty()) throw problems.exception();
    return plan;
  }

  private static ConfigException syntaxError(String name, JsonProcessingException e) {
    var where = e.getLocation();
    String at = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
    return new ConfigException(List.of(name + ": " + at + e.getOriginalMessage().split("\n")[0]));
  }

  private static AffinityConfig.Mode affinity(String name) {
    return switch (name) {
      case "none" -> AffinityConfig.Mode.NONE;
      case "cookie" -> AffinityConfig.Mode.COOKIE;
      case "source-ip" -> AffinityConfig.Mode.SOURCE_IP;
      default -> throw new IllegalArgumentException("must be none, cookie or source-ip, was \"" + name + "\"");
    };
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) path.append('[').append(ref.getIndex()).append(']');
      else if (ref.getFieldName() != null) path.append('.').append(ref.getFieldName());
    }
    return path.toString();
  }

  /** Checks one {@link TopologyFile} and converts it, recording problems rather than stopping at the first. */
  private record PlanBuilder(Problems problems) {

    TopologyPlan build(String name, TopologyFile f) {
      List<TopologyPlan.Origin> origins = origins(f.origins());
      List<TopologyPlan.Edge> edges = edges(f.edges());
      List<TopologyPlan.Region> regions = regions(f.regions());
      GeoPoint fallback = origins.isEmpty() ? new GeoPoint(0, 0) : origins.get(0).location();
      TopologyPlan.Dns dns = dns(f.dns(), fallback);
      double[] zipf = {0.9};
      List<Double> shares = new ArrayList<>();
      CatalogConfig catalog = catalog(f.catalog(), zipf, shares);
      TopologyPlan.Traffic traffic = traffic(f.traffic());
      TopologyPlan.Balancing balancing = balancing(f.balancing());
      if (!problems.isEmpty()) return null;
      return new TopologyPlan(name, dns, origins, edges, regions, catalog, shares, zipf[0], traffic, balancing);
    }

    private TopologyPlan.Dns dns(TopologyFile.Dns d, GeoPoint fallback) {
      if (d == null) {
        problems.add("$.dns", "is required");
        return null;
      }
      var listen = problems.required("$.dns.listen", d.listen()).flatMap(t -> problems.convert("$.dns.listen", t, Problems::socketAddress));
      String zone = problems.required("$.dns.zone", d.zone()).map(z -> absolute(z.toLowerCase(Locale.ROOT))).orElse("invalid.");
      String name = problems.required("$.dns.name", d.name()).map(n -> n.toLowerCase(Locale.ROOT)).orElse("www");
      String service = name.endsWith(".") ? name : name + "." + zone;
      if (!service.equals(zone) && !service.endsWith("." + zone)) problems.add("$.dns.name", "must lie inside the zone " + zone);
      long ttl = (long) problems.between("$.dns.ttl", d.ttl() == null ? null : d.ttl().doubleValue(), 0, 86_400, 30);
      GeoPoint defaultLocation = d.defaultLocation() == null ? fallback : location("$.dns.defaultLocation", d.defaultLocation());
      HealthCheckConfig health = health(d.health());
      return new TopologyPlan.Dns(listen.orElse(null), zone, service, ttl, defaultLocation, health);
    }

    private HealthCheckConfig health(TopologyFile.Health h) {
      HealthCheckConfig base = HealthCheckConfig.DEFAULT;
      if (h == null) return base;
      var interval = h.interval() == null ? base.interval()
          : problems.convert("$.dns.health.interval", h.interval(), Problems::duration).orElse(base.interval());
      var timeout = h.timeout() == null ? base.timeout()
          : problems.convert("$.dns.health.timeout", h.timeout(), Problems::duration).orElse(base.timeout());
      int rise = (int) problems.between("$.dns.health.rise", h.rise() == null ? null : h.rise().doubleValue(), 1, 100, base.rise());
      int fall = (int) problems.between("$.dns.health.fall", h.fall() == null ? null : h.fall().doubleValue(), 1, 100, base.fall());
      return new HealthCheckConfig(interval, timeout, rise, fall);
    }

    private List<TopologyPlan.Origin> origins(List<TopologyFile.Origin> list) {
      List<TopologyPlan.Origin> out = new ArrayList<>();
      if (list == null || list.isEmpty()) {
        problems.add("$.origins", "needs at least one origin replica");
        return out;
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = "$.origins[" + i + "]";
        TopologyFile.Origin o = list.get(i);
        if (o == null) {
          problems.add(at, "must be an object");
          continue;
        }
        String id = id(at, o.id(), ids);
        var listen = problems.required(at + ".listen", o.listen()).flatMap(t -> problems.convert(at + ".listen", t, Problems::socketAddress));
        GeoPoint location = location(at + ".location", o.location());
        listen.ifPresent(l -> out.add(new TopologyPlan.Origin(id, l, location)));
      }
      return out;
    }

    private List<TopologyPlan.Edge> edges(List<TopologyFile.Edge> list) {
      List<TopologyPlan.Edge> out = new ArrayList<>();
      if (list == null || list.isEmpty()) {
        problems.add("$.edges", "needs at least one edge");
        return out;
      }
      Set<String> ids = new HashSet<>();
      Set<InetAddress> addresses = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = "$.edges[" + i + "]";
        TopologyFile.Edge e = list.get(i);
        if (e == null) {
          problems.add(at, "must be an object");
          continue;
        }
        String id = id(at, e.id(), ids);
        var listen = problems.required(at + ".listen", e.listen()).flatMap(t -> problems.convert(at + ".listen", t, Problems::socketAddress));
        listen.filter(l -> !addresses.add(l.getAddress()))
            .ifPresent(l -> problems.add(at + ".listen", "another edge already has address " + l.getAddress().getHostAddress()
                + " (geo-dns answers with addresses, so each edge needs its own)"));
        GeoPoint location = location(at + ".location", e.location());
        long maxBytes = e.cache() == null || e.cache().maxBytes() == null ? 256L << 20
            : problems.convert(at + ".cache.maxBytes", e.cache().maxBytes(), DataSize::parse).orElse(0L);
        if (maxBytes < 0) problems.add(at + ".cache.maxBytes", "must not be negative");
        listen.ifPresent(l -> out.add(new TopologyPlan.Edge(id, l, location, maxBytes)));
      }
      return out;
    }

    private List<TopologyPlan.Region> regions(List<TopologyFile.Region> list) {
      List<TopologyPlan.Region> out = new ArrayList<>();
      if (list == null) return out;
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = "$.regions[" + i + "]";
        TopologyFile.Region r = list.get(i);
        if (r == null) {
          problems.add(at, "must be an object");
          continue;
        }
        String id = id(at, r.id(), ids);
        var clients = problems.required(at + ".clients", r.clients()).flatMap(t -> problems.convert(at + ".clients", t, Cidr::parse));
        clients.filter(c -> !c.network().isLoopbackAddress())
            .ifPresent(c -> problems.add(at + ".clients", "must be a loopback block (inside 127.0.0.0/8) so that simulated"
                + " users can bind its addresses; public blocks belong in ecs, was " + c));
        List<Cidr> ecs = new ArrayList<>();
        List<String> written = r.ecs() == null ? List.of() : r.ecs();
        for (int j = 0; j < written.size(); j++) {
          String where = at + ".ecs[" + j + "]";
          problems.required(where, written.get(j)).flatMap(t -> problems.convert(where, t, Cidr::parse)).ifPresent(ecs::add);
        }
        GeoPoint location = location(at + ".location", r.location());
        double weight = problems.between(at + ".weight", r.weight(), 0, 1e6, 1);
        double rate = problems.between(at + ".requestsPerSecond", r.requestsPerSecond(), 0, 1e6, 0);
        clients.ifPresent(c -> out.add(new TopologyPlan.Region(id, c, ecs, location, weight, rate)));
      }
      return out;
    }

    private CatalogConfig catalog(TopologyFile.Catalog c, double[] zipf, List<Double> shares) {
      CatalogConfig base = CatalogConfig.defaults();
      if (c == null) {
        shares.add(1.0);
        return base;
      }
      int objects = (int) problems.between("$.catalog.objects", c.objects() == null ? null : c.objects().doubleValue(), 1,
          100_000_000, base.objects());
      if (c.popularity() != null) zipf[0] = problems.between("$.catalog.popularity.zipf", c.popularity().zipf(), 0, 10, 0.9);
      SizeDistribution sizes = sizes(c.sizes(), base.sizes());
      List<ContentClass> classes = classes(c, shares);
      Duration changeInterval = c.changeInterval() == null ? Duration.ZERO
          : problems.convert("$.catalog.changeInterval", c.changeInterval(), Problems::duration).orElse(Duration.ZERO);
      long seed = c.seed() == null ? base.seed() : c.seed();
      return new CatalogConfig(seed, objects, sizes, classes, Instant.parse("2026-01-01T00:00:00Z"), changeInterval);
    }

    /** The content classes with their shares of requests; without any, one class under /objects/. */
    private List<ContentClass> classes(TopologyFile.Catalog c, List<Double> shares) {
      List<ContentClass> classes = new ArrayList<>();
      if (c.classes() == null || c.classes().isEmpty()) {
        String cacheControl = c.cacheControl() == null ? CatalogConfig.DEFAULT_CACHE_CONTROL : c.cacheControl();
        problems.convert("$.catalog.cacheControl", cacheControl, v -> new ContentClass("/objects/", v)).ifPresent(classes::add);
        shares.add(1.0);
        return classes.isEmpty() ? List.of(new ContentClass("/objects/", CatalogConfig.DEFAULT_CACHE_CONTROL)) : classes;
      }
      if (c.cacheControl() != null) problems.add("$.catalog.cacheControl", "give it per class when classes are listed");
      double total = 0;
      Set<String> prefixes = new HashSet<>();
      for (int i = 0; i < c.classes().size(); i++) {
        String at = "$.catalog.classes[" + i + "]";
        TopologyFile.ContentClass k = c.classes().get(i);
        if (k == null) {
          problems.add(at, "must be an object");
          continue;
        }
        String path = problems.required(at + ".path", k.path()).orElse("/objects/");
        if (!prefixes.add(path)) problems.add(at + ".path", "\"" + path + "\" is listed twice");
        String cacheControl = k.cacheControl() == null ? "" : k.cacheControl();
        double share = problems.between(at + ".share", k.share(), 0, 1, 1.0 / c.classes().size());
        total += share;
        problems.convert(at + ".path", path, p -> new ContentClass(p, cacheControl)).ifPresent(cls -> {
          classes.add(cls);
          shares.add(share);
        });
      }
      if (Math.abs(total - 1) > 1e-6) problems.add("$.catalog.classes", "the shares must add up to 1, they add up to " + total);
      if (classes.isEmpty()) {
        shares.clear();
        shares.add(1.0);
        return List.of(new ContentClass("/objects/", CatalogConfig.DEFAULT_CACHE_CONTROL));
      }
      return classes;
    }

    private SizeDistribution sizes(TopologyFile.Sizes s, SizeDistribution base) {
      if (s == null) return base;
      long median = s.median() == null ? base.medianBytes()
          : problems.convert("$.catalog.sizes.median", s.median(), DataSize::parse).orElse(base.medianBytes());
      long min = s.min() == null ? Math.min(median, base.minBytes())
          : problems.convert("$.catalog.sizes.min", s.min(), DataSize::parse).orElse(0L);
      long max = s.max() == null ? Math.max(median, base.maxBytes())
          : problems.convert("$.catalog.sizes.max", s.max(), DataSize::parse).orElse(median);
      double sigma = problems.between("$.catalog.sizes.sigma", s.sigma(), 0, 5, base.sigma());
      if (max > Integer.MAX_VALUE - 16) problems.add("$.catalog.sizes.max", "must be below 2 GiB");
      if (min > median || median > max) {
        problems.add("$.catalog.sizes", "needs min <= median <= max, was " + min + " <= " + median + " <= " + max);
        return base;
      }
      return new SizeDistribution(median, sigma, min, max);
    }

    private TopologyPlan.Traffic traffic(TopologyFile.Traffic t) {
      if (t == null) return new TopologyPlan.Traffic(4, 300, 1);
      int users = (int) problems.between("$.traffic.usersPerRegion", t.usersPerRegion() == null ? null
          : t.usersPerRegion().doubleValue(), 0, 1000, 4);
      double rate = problems.between("$.traffic.requestsPerSecond", t.requestsPerSecond(), 0, 1e6, 300);
      return new TopologyPlan.Traffic(users, rate, t.seed() == null ? 1 : t.seed());
    }

    private TopologyPlan.Balancing balancing(TopologyFile.Balancing b) {
      ActiveCheckConfig check = ActiveCheckConfig.http("/health").every(Duration.ofSeconds(1), 2, 2);
      List<TopologyPlan.Route> routes = new ArrayList<>();
      if (b == null || b.routes() == null || b.routes().isEmpty()) {
        routes.add(new TopologyPlan.Route("/", true, Algorithm.ROUND_ROBIN, AffinityConfig.Mode.NONE));
      } else {
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < b.routes().size(); i++) {
          String at = "$.balancing.routes[" + i + "]";
          TopologyFile.Route r = b.routes().get(i);
          if (r == null) {
            problems.add(at, "must be an object");
            continue;
          }
          String prefix = problems.required(at + ".pathPrefix", r.pathPrefix()).orElse("/");
          if (!prefix.startsWith("/")) problems.add(at + ".pathPrefix", "must start with /, was \"" + prefix + "\"");
          if (!prefixes.add(prefix)) problems.add(at + ".pathPrefix", "\"" + prefix + "\" is routed twice");
          String mode = r.mode() == null ? "cache" : r.mode();
          if (!mode.equals("cache") && !mode.equals("pass")) problems.add(at + ".mode", "must be cache or pass, was \"" + mode + "\"");
          Algorithm algorithm = r.algorithm() == null ? Algorithm.ROUND_ROBIN
              : problems.convert(at + ".algorithm", r.algorithm(), Algorithm::named).orElse(Algorithm.ROUND_ROBIN);
          AffinityConfig.Mode affinity = r.affinity() == null ? AffinityConfig.Mode.NONE
              : problems.convert(at + ".affinity", r.affinity(), TopologyLoader::affinity).orElse(AffinityConfig.Mode.NONE);
          routes.add(new TopologyPlan.Route(prefix, mode.equals("cache"), algorithm, affinity));
        }
      }
      TopologyFile.OriginChecks h = b == null ? null : b.health();
      if (h != null) {
        String at = "$.balancing.health";
        String path = h.path() == null ? check.path() : h.path();
        if (!path.startsWith("/")) problems.add(at + ".path", "must start with /, was \"" + path + "\"");
        Duration interval = h.interval() == null ? check.interval()
            : problems.convert(at + ".interval", h.interval(), Problems::duration).orElse(check.interval());
        Duration timeout = h.timeout() == null ? check.timeout()
            : problems.convert(at + ".timeout", h.timeout(), Problems::duration).orElse(check.timeout());
        int rise = (int) problems.between(at + ".rise", h.rise() == null ? null : h.rise().doubleValue(), 1, 100, check.rise());
        int fall = (int) problems.between(at + ".fall", h.fall() == null ? null : h.fall().doubleValue(), 1, 100, check.fall());
        if (path.startsWith("/")) check = new ActiveCheckConfig(ActiveCheckConfig.Kind.HTTP, path, 200, interval, timeout, rise, fall);
      }
      return new TopologyPlan.Balancing(routes, check);
    }

    private String id(String at, String id, Set<String> seen) {
      String value = problems.required(at + ".id", id).orElse("?");
      if (!value.equals("?") && !value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        problems.add(at + ".id", "must be lower-case letters, digits and '-', was \"" + value + "\"");
      } else if (!value.equals("?") && !seen.add(value)) {
        problems.add(at + ".id", "\"" + value + "\" is used twice");
      }
      return value;
    }

    private GeoPoint location(String at, TopologyFile.Location l) {
      if (l == null) {
        problems.add(at, "is required (lat and lon)");
        return new GeoPoint(0, 0);
      }
      double lat = problems.required(at + ".lat", l.lat()).map(v -> problems.between(at + ".lat", v, -90, 90, 0)).orElse(0.0);
      double lon = problems.required(at + ".lon", l.lon()).map(v -> problems.between(at + ".lon", v, -180, 180, 0)).orElse(0.0);
      return new GeoPoint(Math.max(-90, Math.min(90, lat)), Math.max(-180, Math.min(180, lon)));
    }

    private static String absolute(String name) {
      return name.endsWith(".") ? name : name + ".";
    }
  }

}
