import type { Logger } from 'pino';
import type { CrmGateway } from '../hubspot/crm-gateway';
import type { Store } from '../store/store';

/**
 * How outbound webhooks reach partners (src/features/notifications/outbound-http.ts is the real
 * one); tests pass their own resolver and transport.
 */
export interface OutboundHttp {
  /** Every address a host name resolves to (A and AAAA). */
  resolve(hostname: string): Promise<string[]>;
  /** POSTs `body`; resolves with the response status, rejects on a network error or timeout. */
  post(url: string, headers: Record<string, string>, body: string, opts: { timeoutMs: number }): Promise<{ status: number }>;
}

/** What the application services need; the composition root (webhooks/main.ts) builds it. */
export interface AppDeps {
  store: Store;
  gateway: CrmGateway;
  clock: () => Date;
  logger: Logger;
  /** Our HubSpot app id (loop prevention) and the one portal this deployment serves. */
  appId: string | undefined;
  portalId: string | undefined;
  /** Days a registration counts before it must be renewed (REGISTRATION_TTL_DAYS); default 90. */
  registrationTtlDays?: number;
  /** How long a card read waits for HubSpot before answering from the store; default 2 s (DEAL_STATE_BUDGET_MS). */
  dealStateBudgetMs?: number;
  /**
   * Refresh the partner company rollups when a deal changes (docs/decisions/0018-partner-rollups-and-program-view.md).
   * The service turns it on; unset (off) in tests of other features, whose inbox and write counts
   * it would change. The nightly refresh runs either way.
   */
  partnerRollupsOnDealChange?: boolean;
  /** Outbound webhooks' resolver and transport; default: DNS and HTTPS refusing non-public addresses. */
  outbound?: OutboundHttp;
}
