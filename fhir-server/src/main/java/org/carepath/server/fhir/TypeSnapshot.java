package org.carepath.server.fhir;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A value derived from every resource of one type (the service directory, the organisation
 * hierarchy), kept until any resource of that type changes — on any replica. Before each use it
 * reads the type's version from HAPI's resource table (count, sum of versions and latest update: an
 * index-only read that any create, update or delete changes) and rebuilds the value only when that
 * moved, so a change is seen by the next request everywhere, without a message between replicas or
 * a time to live. A value built inside a transaction that rolls back is rebuilt, because the
 * version it was built at no longer holds.
 *
 * @param <T> the derived value; build it immutable, it is shared between threads
 */
public final class TypeSnapshot<T> {

  private record Version(long count, long versions, long latest) {}

  private record Built<T>(Version version, T value) {}

  private final JdbcTemplate jdbc;
  private final String resourceType;
  private final Supplier<T> build;
  private volatile Built<T> current;

  public TypeSnapshot(DataSource dataSource, String resourceType, Supplier<T> build) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.resourceType = resourceType;
    this.build = build;
  }

  public T get() {
    Version version = version();
    Built<T> built = current;
    if (built == null || !built.version().equals(version)) {
      // Read the version before building: a change committed meanwhile makes the next call
      // rebuild again, never keeps a stale value.
      built = new Built<>(version, build.get());
      current = built;
    }
    return built.value();
  }

  private Version version() {
    return jdbc.queryForObject(
        "select count(*), coalesce(sum(res_ver), 0),"
            + " coalesce(extract(epoch from max(res_updated)) * 1000000, 0)::bigint"
            + " from hfj_resource where res_type = ?",
        (rs, row) -> new Version(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
        resourceType);
  }
}
