// Caps wrong guesses of an emailed 6-digit code. GoTrue relies on per-IP rate limits for this; here a code
// stops working after a few wrong guesses (keyed by the stored token hash, so a freshly mailed code starts over).
const MAX_FAILURES = 5;
const MAX_TRACKED = 10_000;

export class OtpAttempts {
  private failures = new Map<string, number>();

  blocked(storedToken: string): boolean {
    return (this.failures.get(storedToken) ?? 0) >= MAX_FAILURES;
  }

  fail(storedToken: string): void {
    if (this.failures.size >= MAX_TRACKED) this.failures.clear();
    this.failures.set(storedToken, (this.failures.get(storedToken) ?? 0) + 1);
  }

  forget(storedToken: string): void {
    this.failures.delete(storedToken);
  }
}
