package dev.cdnsim.topology.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A topology file with any value changed, wrong in type or range, or left out, either loads or is refused with
 * problems that name the file: never another exception (which `cdnsim up` would show as a stack trace instead of
 * a message and exit code 2). The embedded default, mutated at random with a fixed seed so that a failure repeats.
 */
class TopologyLoaderFuzzTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonNode[] ODD_VALUES = {NODES.nullNode(), NODES.textNode(""), NODES.numberNode(-1),
      NODES.numberNode(0), NODES.numberNode(new BigDecimal("1e309")), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(2.5),
      NODES.textNode("abc"), NODES.textNode("127.0.0.1:0"), NODES.textNode("0.0.0.0/0"), NODES.textNode("-5MiB"),
      NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(), NODES.textNode("x".repeat(10_000))};

  private final TopologyLoader loader = new TopologyLoader();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anyMutatedTopologyLoadsOrIsRefusedWithProblemsNamingTheFile() throws Exception {
    JsonNode original = json.readTree(TopologyLoader.defaultBytes());
    Random random = new Random(20261126);
    int refused = 0;
    Map<String, String> unexpected = new TreeMap<>();   // one example per kind and place
    for (int n = 0; n < 2_000; n++) {
      JsonNode tree = original.deepCopy();
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) mutate(tree, random);
      byte[] bytes = json.writeValueAsBytes(tree);
      try {
        loader.parse("t.json", bytes);
      } catch (ConfigException e) {
        refused++;
        assertThat(e.problems()).as("problems for %s", tree).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("t.json: "));
      } catch (RuntimeException e) {
        StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        unexpected.putIfAbsent(e.getClass().getSimpleName() + " at " + at, e + " for " + tree);
      }
    }
    assertThat(unexpected).as("unexpected exceptions").isEmpty();
    assertThat(refused).as("most mutations are refused").isGreaterThan(1_000);
  }

  /** Replaces a random value in {@code tree} by an odd one, or removes it. */
  private static void mutate(JsonNode tree, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(tree, containers);
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    JsonNode odd = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
    if (parent instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(4) == 0) object.remove(name);
      else object.set(name, odd);
    } else if (parent instanceof ArrayNode array && array.size() > 0) {
      int i = random.nextInt(array.size());
      if (random.nextInt(4) == 0) array.remove(i);
      else array.set(i, odd);
    }
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (!node.isContainerNode()) return;
    containers.add(node);
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), containers);
  }
}
