/** Bad input on the command line: exit code 2, and the field named. */
export class CliUsageError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}：${message}`);
  }
}
