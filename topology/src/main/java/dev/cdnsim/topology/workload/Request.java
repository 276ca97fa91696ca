package dev.cdnsim.topology.workload;

/**
 * One request of a {@link Workload}: which object, at what virtual time, of which version and how
 * many bytes.
 *
 * @param atNanos virtual time since the start of the workload, in nanoseconds
 * @param object the object's number, {@code 1..objects}; 1 is the most popular (path
 *     {@code /objects/{object}})
 * @param version how many times the object has changed at the origin by {@code atNanos}; a new
 *     version means a new ETag, so a cached copy of an older version no longer serves
 * @param size the object's size in bytes, as the origin's catalog decides it
 */
public record Request(long atNanos, int object, int version, long size) {}
