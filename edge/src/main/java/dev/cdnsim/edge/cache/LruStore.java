package dev.cdnsim.edge.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToIntBiFunction;

/**
 * A {@link Store} that evicts the least recently used entries past its byte bound. One lock guards
 * it: it exists to compare hit ratios with W-TinyLFU, not to be fast under contention.
 */
final class LruStore implements Store {
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<CacheKey, Variants> map = new LinkedHashMap<>(1024, 0.75f, true);
  private final Consumer<Variants> removed;
  private final ToIntBiFunction<CacheKey, Variants> weigher;
  private long weight;

  LruStore(long maxBytes, Consumer<Variants> removed, ToIntBiFunction<CacheKey, Variants> weigher) {
    this.maxBytes = maxBytes;
    this.removed = removed;
    this.weigher = weigher;
  }

  @Override public Variants get(CacheKey key) {
    lock.lock();
    try {
      return map.get(key);
    } finally {
      lock.unlock();
    }
  }

  @Override public void compute(CacheKey key, BiFunction<CacheKey, Variants, Variants> f) {
    lock.lock();
    try {
      Variants old = map.get(key);
      Variants next = f.apply(key, old);
      if (old != null) weight -= weigher.applyAsInt(key, old);
      if (next == null) {
        map.remove(key);
        if (old != null) removed.accept(old);
      } else if (weigher.applyAsInt(key, next) > maxBytes) {
        map.remove(key); // larger than the whole cache: never admitted
        removed.accept(next);
      } else {
        map.put(key, next);
        weight += weigher.applyAsInt(key, next);
      }
      evict();
    } finally {
      lock.unlock();
    }
  }

  private void evict() {
    Iterator<Map.Entry<CacheKey, Variants>> it = map.entrySet().iterator();
    while (weight > maxBytes && it.hasNext()) {
      Map.Entry<CacheKey, Variants> victim = it.next();
      weight -= weigher.applyAsInt(victim.getKey(), victim.getValue());
      it.remove();
      removed.accept(victim.getValue());
    }
  }

  @Override public Variants remove(CacheKey key) {
    lock.lock();
    try {
      Variants old = map.remove(key);
      if (old != null) {
        weight -= weigher.applyAsInt(key, old);
        removed.accept(old);
      }
      return old;
    } finally {
      lock.unlock();
    }
  }

  @Override public int clear() {
    lock.lock();
    try {
      int responses = 0;
      for (Variants v : map.values()) {
        responses += v.responses().size();
        removed.accept(v);
      }
      map.clear();
      weight = 0;
      return responses;
    } finally {
      lock.unlock();
    }
  }

  @Override public Set<CacheKey> keys() {
    lock.lock();
    try {
      return Set.copyOf(map.keySet());
    } finally {
      lock.unlock();
    }
  }

  @Override public long weightedSize() {
    lock.lock();
    try {
      return weight;
    } finally {
      lock.unlock();
    }
  }

  @Override public long size() {
    lock.lock();
    try {
      return map.size();
    } finally {
      lock.unlock();
    }
  }

  @Override public String toString() { return "LruStore{" + maxBytes + " bytes}"; }
}
