package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** Which failures are "the database is away" (503), and which are left to other hooks. */
class DatabaseUnavailableInterceptorTest {

  private final DatabaseUnavailableInterceptor interceptor = new DatabaseUnavailableInterceptor();

  @Test
  void aLostOrRefusedConnectionAnywhereInTheChainIs503WithRetryAfter() {
    for (Throwable failure :
        new Throwable[] {
          new InternalErrorException("x", new SQLException("refused", "08001")),
          new InternalErrorException(
              "x",
              new DataAccessResourceFailureException("x", new SQLException("shutdown", "57P01"))),
          new RuntimeException(new java.sql.SQLTransientConnectionException("pool timeout"))
        }) {
      var answer = interceptor.unavailable(null, failure);
      assertThat(answer.getStatusCode()).isEqualTo(503);
      assertThat(answer.getResponseHeaders()).containsKey("Retry-After");
    }
  }

  @Test
  void aConnectionLostWhileCompletingTheTransactionIs503SayingTheOutcomeIsInDoubt() {
    var answer =
        interceptor.unavailable(
            null,
            new InternalErrorException(
                "x",
                new org.springframework.orm.jpa.JpaSystemException(
                    new org.hibernate.TransactionException(
                        "Unable to commit against JDBC Connection", new SQLException("closed")))));
    assertThat(answer.getStatusCode()).isEqualTo(503);
    assertThat(answer.getMessage()).contains("may or may not have been stored");
    assertThat(answer.getResponseHeaders()).containsKey("Retry-After");
    // A transaction problem that is not a connection's stays a 500.
    assertThat(
            interceptor.unavailable(
                null, new InternalErrorException("x", new org.hibernate.TransactionException("x"))))
        .isNull();
  }

  @Test
  void otherFailuresAreLeftToTheOtherHooks() {
    // A stale If-Match is the 412 hook's to answer: this one must not end the chain.
    assertThat(interceptor.unavailable(null, new ResourceVersionConflictException("stale")))
        .isNull();
    assertThat(
            interceptor.unavailable(
                null, new InternalErrorException("x", new SQLException("syntax", "42601"))))
        .isNull();
  }
}
