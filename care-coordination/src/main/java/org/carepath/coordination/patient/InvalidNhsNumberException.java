package org.carepath.coordination.patient;

/** A value given as an NHS number is not one; the message says why without repeating it. */
public class InvalidNhsNumberException extends RuntimeException {

  public InvalidNhsNumberException(String reason) {
    super(reason);
  }
}
