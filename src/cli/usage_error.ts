/** A mistake in the command line: printed with the usage hint and exit code 2, no stack trace. */
export class UsageError extends Error {}
