package dev.cdnsim.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Views of a paged body: any range, across page boundaries or inside one page, is exactly those bytes. */
class PagedBodyTest {
  private static final int PAGE = PagePool.PAGE_BYTES;
  private static final byte[] BYTES = new byte[3 * PAGE + 100];

  static {
    new Random(3).nextBytes(BYTES);
  }

  private static byte[] read(ByteBuffer[] views) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(views).mapToInt(ByteBuffer::remaining).sum());
    for (ByteBuffer v : views) out.put(v);
    return out.array();
  }

  private static PagedBody body() {
    PagePool pool = new PagePool(PagePool.SLAB_BYTES);
    return new PagedBody(pool.take(BYTES.length), BYTES, BYTES.length, pool);
  }

  @ParameterizedTest
  @CsvSource({
      "0, 49252, 4",         // the whole body: three full pages and 100 bytes
      "0, 16384, 1",         // exactly the first page
      "16384, 16384, 1",     // exactly the second
      "16383, 2, 2",         // the last byte of one page and the first of the next
      "100, 40000, 3",
      "49251, 1, 1",         // the last byte
      "5, 0, 0"})
  void viewsAreExactlyTheRange(int first, int count, int views) {
    ByteBuffer[] v = body().views(first, count);

    assertThat(v).hasSize(views);
    assertThat(v).allSatisfy(b -> assertThat(b.isReadOnly()).isTrue());
    assertThat(read(v)).isEqualTo(Arrays.copyOfRange(BYTES, first, first + count));
  }

  @ParameterizedTest
  @CsvSource({"-1, 1", "0, 49253", "49252, 1"})
  void aRangeOutsideTheBodyIsRefused(int first, int count) {
    assertThatThrownBy(() -> body().views(first, count)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
