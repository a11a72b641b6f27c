package org.carepath.coordination.patient;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An NHS number: ten digits, the last a modulus-11 check digit over the first nine (weights 10 down
 * to 2). Numbers in the 999 range are reserved for testing and never issued to patients.
 *
 * <p>The FHIR identifier system is {@value #SYSTEM}.
 */
public record NhsNumber(String value) {

  /** The identifier system for NHS numbers (UK Core). */
  public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

  private static final Pattern TEN_DIGITS = Pattern.compile("\\d{10}");

  public NhsNumber {
    Optional<String> problem = problemWith(value);
    if (problem.isPresent()) {
      throw new InvalidNhsNumberException(problem.get());
    }
  }

  /**
   * Parses an NHS number as people write it, with or without spaces ("943 476 5919").
   *
   * @throws InvalidNhsNumberException when it is not ten digits or its check digit is wrong
   */
  public static NhsNumber parse(String text) {
    return new NhsNumber(text == null ? null : text.replace(" ", ""));
  }

  /** Whether {@code text} (without spaces) is a valid NHS number. */
  public static boolean isValid(String text) {
    return problemWith(text).isEmpty();
  }

  /**
   * The check digit for the first nine digits, or empty when those nine digits have none (the
   * modulus-11 remainder gives 10, so no valid NHS number starts with them).
   */
  public static Optional<Integer> checkDigitFor(String firstNineDigits) {
    if (firstNineDigits == null || !firstNineDigits.matches("\\d{9}")) {
      throw new IllegalArgumentException("expected nine digits");
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (firstNineDigits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      return Optional.of(0);
    }
    return check == 10 ? Optional.empty() : Optional.of(check);
  }

  /** Whether the number is in the range reserved for testing (starts 999). */
  public boolean isTestRange() {
    return value.startsWith("999");
  }

  /** The number as it is printed for people: "943 476 5919". */
  public String formatted() {
    return value.substring(0, 3) + " " + value.substring(3, 6) + " " + value.substring(6);
  }

  private static Optional<String> problemWith(String value) {
    if (value == null || !TEN_DIGITS.matcher(value).matches()) {
      return Optional.of("an NHS number has exactly ten digits");
    }
    Optional<Integer> expected = checkDigitFor(value.substring(0, 9));
    if (expected.isEmpty() || expected.get() != value.charAt(9) - '0') {
      return Optional.of("the NHS number's check digit (modulus 11) is wrong");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    // Deliberately not the number itself: an NHS number is patient data and must not reach logs.
    return "NhsNumber[redacted]";
  }
}
