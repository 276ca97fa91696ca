package dev.cdnsim.edge.tls;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names a server certificate covers (its subjectAltNames): DNS names and IP addresses, each sorted
 * and without duplicates, so two sets of names are equal when they name the same things.
 */
public record SubjectNames(List<String> dnsNames, List<InetAddress> addresses) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Comparator<InetAddress> BY_TEXT = Comparator.comparing(InetAddress::getHostAddress);

  public SubjectNames {
    TreeSet<String> dns = new TreeSet<>();
    for (String name : dnsNames) dns.add(checkDnsName(name));
    TreeSet<InetAddress> ips = new TreeSet<>(BY_TEXT);
    for (InetAddress address : addresses) ips.add(withoutScope(requireNonNull(address, "address")));
    dnsNames = List.copyOf(dns);
    addresses = List.copyOf(ips);
    if (dnsNames.isEmpty() && addresses.isEmpty()) throw new IllegalArgumentException("a certificate must name something");
  }

  /** Names given as text: IP literals ({@code 127.0.1.1}, {@code ::1}) become addresses, anything else a DNS name. */
  public static SubjectNames of(Collection<String> names) {
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    for (String name : names) {
      String n = name.strip();
      if (isIpLiteral(n)) ips.add(parseLiteral(n));
      else dns.add(n);
    }
    return new SubjectNames(dns, ips);
  }

  /**
   * What an edge's own certificate should name: the address it listens on (every address of this machine
   * when that is the wildcard address), {@code localhost}, and the service names clients use for it.
   */
  public static SubjectNames forEdge(InetAddress listen, Collection<String> serviceNames) {
    List<String> dns = new ArrayList<>(serviceNames);
    dns.add("localhost");
    List<InetAddress> ips = new ArrayList<>();
    if (listen.isAnyLocalAddress()) ips.addAll(localAddresses());
    else ips.add(listen);
    return new SubjectNames(dns, ips);
  }

  /** The DNS names and IP addresses among a certificate's subjectAltNames. */
  public static SubjectNames of(X509Certificate certificate) {
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          int type = (Integer) entry.get(0);
          if (type == 2) dns.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
          if (type == 7) ips.add(parseLiteral((String) entry.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName: " + e.getMessage(), e);
    }
    if (dns.isEmpty() && ips.isEmpty()) throw new IllegalArgumentException("the certificate has no DNS or IP subjectAltName");
    return new SubjectNames(dns, ips);
  }

  /** The names as {@code openssl x509 -text} prints them: {@code DNS:localhost, IP Address:127.0.1.1}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    dnsNames.forEach(n -> parts.add("DNS:" + n));
    addresses.forEach(a -> parts.add("IP Address:" + a.getHostAddress()));
    return String.join(", ", parts);
  }

  private static String checkDnsName(String name) {
    requireNonNull(name, "dns name");
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
    String rest = n.startsWith("*.") ? n.substring(2) : n;
    if (rest.isEmpty() || rest.length() > 253) throw new IllegalArgumentException("not a DNS name: '" + name + "'");
    for (String label : rest.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) throw new IllegalArgumentException("not a DNS name: '" + name + "'");
    }
    return n;
  }

  private static boolean isIpLiteral(String name) {
    return name.indexOf(':') >= 0 || IPV4.matcher(name).matches();
  }

  private static InetAddress parseLiteral(String literal) {
    // Only literals reach here, so getByName parses them without a DNS lookup.
    try {
      return InetAddress.getByName(literal.replace("[", "").replace("]", ""));
    } catch (UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException("not an IP address: '" + literal + "'");
    }
  }

  private static InetAddress withoutScope(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException impossible) {
      throw new IllegalArgumentException(impossible);
    }
  }

  private static List<InetAddress> localAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(SubjectNames::isUp)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> !a.isLinkLocalAddress())
          .toList();
    } catch (SocketException e) {
      return List.of(InetAddress.getLoopbackAddress());
    }
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
