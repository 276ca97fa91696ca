package dev.cdnsim.edge.io;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.xnio.XnioIoThread;

/**
 * A value per thread, as a {@link ThreadLocal} gives, found on an XNIO I/O thread by the thread's number: an array
 * read and a reference check. A {@code ThreadLocal} hashes into the thread's map and, when its slot is taken, probes
 * on: about 1 % of the edge's CPU per passed request went to the few lookups each makes, in a profile. Other threads
 * (virtual ones, a pool's), and an I/O thread whose number a thread of another worker took first, go through a
 * {@code ThreadLocal}. Each thread's value is made on that thread, the first time it asks.
 */
public final class IoThreadLocal<T> {
  /** I/O threads numbered from 0 up to this many get a slot; a worker rarely has more than one per CPU. */
  static final int SLOTS = 64;

  private record Slot<T>(Thread owner, T value) {}

  private final Supplier<? extends T> initial;
  private final ThreadLocal<T> local;
  /**
   * Written by the thread that owns a slot, once; read by that thread. A thread of another worker with the same
   * number may read or even overwrite it: the owner check sends it, or the overwritten owner, to its
   * {@code ThreadLocal}, which holds the same value (a {@code Slot}'s fields are final: read whole or not at all).
   */
  private final Slot<T>[] slots;

  @SuppressWarnings("unchecked")
  public IoThreadLocal(Supplier<? extends T> initial) {
    this.initial = requireNonNull(initial, "initial");
    this.local = ThreadLocal.withInitial(this::make);
    this.slots = (Slot<T>[]) new Slot<?>[SLOTS];
  }

  /** The current thread's value, made now if this is the thread's first call. */
  public T get() {
    Thread thread = Thread.currentThread();
    if (thread instanceof XnioIoThread io) {
      int n = io.getNumber();
      if (n >= 0 && n < SLOTS) {
        Slot<T> slot = slots[n];
        if (slot != null && slot.owner() == thread) return slot.value();
      }
    }
    return local.get();
  }

  private T make() {
    T value = initial.get();
    Thread thread = Thread.currentThread();
    if (thread instanceof XnioIoThread io) {
      int n = io.getNumber();
      if (n >= 0 && n < SLOTS && slots[n] == null) slots[n] = new Slot<>(thread, value);
    }
    return value;
  }
}
