/**
 * Says once when PostgreSQL becomes unreachable and once when it answers again, instead
 * of once per failed call or per dropped pooled connection (a restart drops them all).
 */
export class ConnectionHealth {
  private lost = false;

  constructor(private readonly warn: (message: string) => void) {}

  failed(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    this.warn(
      `[hookguard] PostgresReplayStore: PostgreSQL is unreachable (${reason}); webhook deliveries answer 503 replay_store_unavailable until it is back.`,
    );
  }

  succeeded(): void {
    if (!this.lost) return;
    this.lost = false;
    this.warn(
      '[hookguard] PostgresReplayStore: PostgreSQL answers again; replay protection resumed.',
    );
  }
}
