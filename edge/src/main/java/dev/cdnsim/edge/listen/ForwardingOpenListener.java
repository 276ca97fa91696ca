package dev.cdnsim.edge.listen;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.OpenListener;
import org.xnio.OptionMap;

/** An open listener that does something with each connection before {@code next} takes it; the rest is next's. */
abstract class ForwardingOpenListener implements DelegateOpenListener {
  final OpenListener next;

  ForwardingOpenListener(OpenListener next) {
    this.next = next;
  }

  @Override
  public HttpHandler getRootHandler() {
    return next.getRootHandler();
  }

  @Override
  public void setRootHandler(HttpHandler rootHandler) {
    next.setRootHandler(rootHandler);
  }

  @Override
  public OptionMap getUndertowOptions() {
    return next.getUndertowOptions();
  }

  @Override
  public void setUndertowOptions(OptionMap undertowOptions) {
    next.setUndertowOptions(undertowOptions);
  }

  @Override
  public ByteBufferPool getBufferPool() {
    return next.getBufferPool();
  }

  @Override
  public ConnectorStatistics getConnectorStatistics() {
    return next.getConnectorStatistics();
  }
}
