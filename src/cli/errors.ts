/** A mistake in how logical was called: exit 2 with a one-line cause. */
export class UsageError extends Error {}
