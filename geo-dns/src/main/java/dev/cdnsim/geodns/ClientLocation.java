package dev.cdnsim.geodns;

import java.net.InetAddress;
import org.xbill.DNS.ClientSubnetOption;

/**
 * Where the server believes a client is, and from what.
 *
 * @param source the transport source address of the query
 * @param subnet the query's EDNS Client Subnet option, or null
 * @param location the point used to choose edges
 * @param label the geo-map label that matched, or "default"
 * @param scopePrefix the SCOPE PREFIX-LENGTH to echo in an ECS reply
 */
record ClientLocation(InetAddress source, ClientSubnetOption subnet, GeoPoint location,
                      String label, int scopePrefix) {
  static final String DEFAULT_LABEL = "default";
}
