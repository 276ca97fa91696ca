package dev.cdnsim.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldNamesTest {
  private final FieldNames names = FieldNames.of(Headers.CONNECTION, new HttpString("Keep-Alive"), Headers.TE);

  @Test
  void containsMatchesNamesWhateverTheirCaseAndInstance() {
    assertThat(names.contains(Headers.CONNECTION)).isTrue();
    assertThat(names.contains(new HttpString("keep-alive"))).isTrue();
    assertThat(names.contains(new HttpString("TE"))).isTrue();
    assertThat(names.contains(new HttpString("Trailer"))).isFalse();
    assertThat(names.contains(Headers.CONTENT_LENGTH)).isFalse();
    assertThat(names.contains("Connection")).as("a String is not a field name").isFalse();
  }

  @Test
  void itIsTheSetOfItsNames() {
    assertThat(names).hasSize(3).isEqualTo(Set.of(Headers.CONNECTION, new HttpString("Keep-Alive"), Headers.TE));
  }

  @Test
  void aNameListedTwiceIsRefusedAsSetOfWould() {
    assertThatThrownBy(() -> FieldNames.of(Headers.TE, new HttpString("te"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyNamesAreAllFound() {
    HttpString[] many = new HttpString[40];
    for (int i = 0; i < many.length; i++) many[i] = new HttpString("X-Field-" + i);
    FieldNames set = FieldNames.of(many);
    for (HttpString n : many) assertThat(set.contains(new HttpString(n.toString().toLowerCase()))).isTrue();
    assertThat(set.contains(new HttpString("X-Field-40"))).isFalse();
  }
}
