package dev.cdnsim.edge.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * A sink conduit whose final writes go through its own {@code write}, then end the writes once all went, as XNIO's
 * socket conduit does it: a conduit that does its work in {@code write} (and {@code terminateWrites}) has it done for
 * the last bytes of a message too, which the default, {@code next.writeFinal}, would pass by.
 */
public abstract class WriteThenEndConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
  protected WriteThenEndConduit(StreamSinkConduit next) {
    super(next);
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    return Conduits.writeFinalBasic(this, src);
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return Conduits.writeFinalBasic(this, srcs, offset, length);
  }
}
