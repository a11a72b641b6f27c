package org.carepath.coordination.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

  @ParameterizedTest
  @ValueSource(strings = {"9434765919", "9990000018", "9000000009", "4010232137"})
  void acceptsNumbersWhoseCheckDigitIsRight(String value) {
    assertThat(NhsNumber.isValid(value)).isTrue();
    assertThat(new NhsNumber(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9434765918", "9434765910", "9990000017"})
  void rejectsAWrongCheckDigitWithTheReason(String value) {
    assertThat(NhsNumber.isValid(value)).isFalse();
    assertThatThrownBy(() -> new NhsNumber(value))
        .isInstanceOf(InvalidNhsNumberException.class)
        .hasMessageContaining("check digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "943476591", "94347659190", "94347659l9"})
  void rejectsAnythingButTenDigits(String value) {
    assertThatThrownBy(() -> new NhsNumber(value))
        .isInstanceOf(InvalidNhsNumberException.class)
        .hasMessageContaining("ten digits");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> new NhsNumber(null)).isInstanceOf(InvalidNhsNumberException.class);
  }

  @Test
  void nineDigitsWhoseRemainderGivesTenHaveNoValidNumber() {
    // 100000001: 1*10 + 1*2 = 12; 12 % 11 = 1; 11 - 1 = 10, so no check digit exists.
    assertThat(NhsNumber.checkDigitFor("100000001")).isEmpty();
    assertThat(NhsNumber.checkDigitFor("943476591")).contains(9);
    assertThat(NhsNumber.checkDigitFor("999000001")).contains(8);
  }

  @Test
  void aRemainderOfZeroGivesCheckDigitZero() {
    // 000000000: sum 0; 11 - 0 = 11, which the standard maps to check digit 0.
    assertThat(NhsNumber.checkDigitFor("000000000")).contains(0);
    assertThat(NhsNumber.isValid("0000000000")).isTrue();
  }

  @Test
  void parsesTheSpacedFormPeopleWrite() {
    assertThat(NhsNumber.parse("943 476 5919").value()).isEqualTo("9434765919");
    assertThat(NhsNumber.parse("9434765919").formatted()).isEqualTo("943 476 5919");
  }

  @Test
  void knowsTheTestRange() {
    assertThat(new NhsNumber("9990000018").isTestRange()).isTrue();
    assertThat(new NhsNumber("9434765919").isTestRange()).isFalse();
  }

  @Test
  void neverPrintsTheNumberItself() {
    assertThat(new NhsNumber("9434765919").toString()).doesNotContain("9434765919");
  }
}
