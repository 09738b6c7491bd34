/** A mistake in how the command was called: printed with a usage hint, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (unknown trace, unreachable server, bad file): one line, exit status 1. */
export class CliError extends Error {
  override name = 'CliError';
}
