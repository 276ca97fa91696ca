package dev.cdnsim.topology.config;

import java.util.List;

/**
 * The topology file as written (JSON, bound by Jackson). Every field is optional here so that a missing
 * one is reported by {@link TopologyLoader} with its JSON path rather than as a Jackson exception;
 * {@link TopologyPlan} is the validated, typed form.
 */
record TopologyFile(Dns dns, List<Origin> origins, List<Edge> edges, List<Region> regions, Catalog catalog,
                    Traffic traffic, Balancing balancing) {

  record Location(Double lat, Double lon) {}

  record Dns(String listen, String zone, String name, Long ttl, Location defaultLocation, Health health) {}

  record Health(String interval, String timeout, Integer rise, Integer fall) {}

  record Origin(String id, String listen, Location location) {}

  record Edge(String id, String listen, Location location, Cache cache) {}

  record Cache(String maxBytes) {}

  record Region(String id, String clients, List<String> ecs, Location location, Double weight,
                Double requestsPerSecond) {}

  record Catalog(Integer objects, Long seed, Popularity popularity, Sizes sizes, String cacheControl,
                 List<ContentClass> classes, String changeInterval) {}

  record ContentClass(String path, String cacheControl, Double share) {}

  record Popularity(Double zipf) {}

  record Sizes(String median, Double sigma, String min, String max) {}

  record Traffic(Integer usersPerRegion, Double requestsPerSecond, Long seed) {}

  record Balancing(List<Route> routes, OriginChecks health) {}

  record Route(String pathPrefix, String mode, String algorithm, String affinity, String host) {}

  record OriginChecks(String path, String interval, String timeout, Integer rise, Integer fall) {}
}
