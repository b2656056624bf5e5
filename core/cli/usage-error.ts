/**
 * A usage mistake found while a command runs (flags that don't go together, an unset
 * environment variable): printed as `error: …` and exit code 2. Option *parsers* throw
 * commander's InvalidArgumentError instead; commander prints those itself.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
