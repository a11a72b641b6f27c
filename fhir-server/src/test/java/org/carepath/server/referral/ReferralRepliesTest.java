package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.carepath.server.scheduling.Retries;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class ReferralRepliesTest {

  private static Task task(Task.TaskStatus status) {
    return new Task().setStatus(status);
  }

  @Test
  void theSenderIsToldOfTheServicesAnswersAndTheReferralsEndNotOfItsOwnOrInterimSteps() {
    assertThat(
            ReferralReplies.isTold(task(Task.TaskStatus.RECEIVED), task(Task.TaskStatus.ACCEPTED)))
        .isTrue();
    assertThat(
            ReferralReplies.isTold(task(Task.TaskStatus.RECEIVED), task(Task.TaskStatus.REJECTED)))
        .isTrue();
    assertThat(
            ReferralReplies.isTold(
                task(Task.TaskStatus.INPROGRESS), task(Task.TaskStatus.COMPLETED)))
        .isTrue();
    // Received and on hold are the service's own steps; a withdrawal (cancelled) is the sender's.
    assertThat(
            ReferralReplies.isTold(task(Task.TaskStatus.REQUESTED), task(Task.TaskStatus.RECEIVED)))
        .isFalse();
    assertThat(
            ReferralReplies.isTold(task(Task.TaskStatus.INPROGRESS), task(Task.TaskStatus.ONHOLD)))
        .isFalse();
    assertThat(
            ReferralReplies.isTold(
                task(Task.TaskStatus.REQUESTED), task(Task.TaskStatus.CANCELLED)))
        .isFalse();
    // A change that leaves the status as it was (a note, an owner) is not an answer.
    assertThat(
            ReferralReplies.isTold(task(Task.TaskStatus.ACCEPTED), task(Task.TaskStatus.ACCEPTED)))
        .isFalse();
  }

  @Test
  void repliesGoOnlyToTheHostsTheOperatorAllowsAndNoneByDefault() {
    Duration any = Duration.ofSeconds(5);
    ReferralProperties.Replies none = new ReferralProperties.Replies(null, any, any, any, any);
    assertThat(none.allow("https://bars-proxy.example/bars")).isFalse();
    ReferralProperties.Replies proxy =
        new ReferralProperties.Replies(List.of(" BaRS-Proxy.example "), any, any, any, any);
    assertThat(proxy.allow("https://bars-proxy.example:443/bars/$process-message")).isTrue();
    assertThat(proxy.allow("https://bars-proxy.example.evil.example/bars")).isFalse();
    assertThat(proxy.allow("http://169.254.169.254/latest/meta-data")).isFalse();
    assertThat(proxy.allow("/relative")).isFalse();
  }

  @Test
  void aFailedDeliveryWaitsDoublingUpToTheLongestWait() {
    Duration first = Duration.ofSeconds(5);
    Duration max = Duration.ofMinutes(1);
    assertThat(Retries.doubling(first, max, 1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(Retries.doubling(first, max, 2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Retries.doubling(first, max, 4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(Retries.doubling(first, max, 5)).isEqualTo(max);
    assertThat(Retries.doubling(first, max, 500)).isEqualTo(max);
  }
}
