package org.carepath.coordination.pathway;

import java.util.Optional;

/** A participant moves a step (the stored Task with {@code stepId}) to a new status. */
public record StepUpdate(String stepId, StepStatus to, Optional<String> reason) {}
