package dev.cdnsim.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
  private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void ifNoneMatchUsesWeakComparisonAndLists() {
    assertThat(Preconditions.notModified("\"a\"", null, "\"a\"", MODIFIED)).isTrue();
    assertThat(Preconditions.notModified("W/\"a\"", null, "\"a\"", MODIFIED)).isTrue();
    assertThat(Preconditions.notModified("\"x\", \"a\"", null, "\"a\"", MODIFIED)).isTrue();
    assertThat(Preconditions.notModified("*", null, "\"a\"", MODIFIED)).isTrue();
    assertThat(Preconditions.notModified("\"b\"", null, "\"a\"", MODIFIED)).isFalse();
  }

  @Test
  void ifNoneMatchOverridesIfModifiedSince() {
    assertThat(Preconditions.notModified("\"b\"", "Thu, 01 Jan 2026 00:00:00 GMT", "\"a\"", MODIFIED)).isFalse();
  }

  @Test
  void ifModifiedSinceComparesWholeSeconds() {
    assertThat(Preconditions.notModified(null, "Thu, 01 Jan 2026 00:00:00 GMT", "\"a\"", MODIFIED)).isTrue();
    assertThat(Preconditions.notModified(null, "Wed, 31 Dec 2025 23:59:59 GMT", "\"a\"", MODIFIED)).isFalse();
  }

  @Test
  void anInvalidDateIsIgnored() {
    assertThat(Preconditions.notModified(null, "yesterday", "\"a\"", MODIFIED)).isFalse();
  }
}
