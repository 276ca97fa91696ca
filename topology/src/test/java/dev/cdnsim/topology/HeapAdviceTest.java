package dev.cdnsim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAdviceTest {
  private static final long MIB = 1L << 20;

  @Test
  void cachesThatFitTheHeapGetNoWarning() {
    assertThat(HeapAdvice.check("up", 192 * MIB, 4096 * MIB)).isEmpty();
    assertThat(HeapAdvice.check("edge", 256 * MIB, HeapAdvice.needed(256 * MIB))).isEmpty();
  }

  @Test
  void cachesBiggerThanTheHeapAllowsAreNamedWithTheHeapThatWouldDo() {
    assertThat(HeapAdvice.check("edge", 8192 * MIB, 3968 * MIB)).hasValue(
        "warning: caches of 8GiB may not fit this JVM's heap of at most 3.88 GiB (objects under 64 KiB are kept on"
            + " the heap); give it more, e.g. CDNSIM_JAVA_OPTS=-Xmx11g ./cdnsim edge ...");
  }

  @Test
  void theCachesBytesAQuarterMoreAndABaselineAreNeeded() {
    assertThat(HeapAdvice.needed(0)).isEqualTo(64 * MIB);
    assertThat(HeapAdvice.needed(1024 * MIB)).isEqualTo(1344 * MIB);
  }
}
