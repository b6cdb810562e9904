// The CRM gateway's front door: the port's types (crm-gateway.ts), the factory, the shared rate
// limiter and the error classes. Code outside src/hubspot imports from here; files inside
// src/hubspot never do (the port must not reach its implementation).
export type * from './crm-gateway';
export { createCrmGateway } from './create-crm-gateway';
export { createRateLimiter } from './rate-limiter';
export { crmBlockedUntil, CrmDailyLimitError, CrmError, CrmPermanentError, CrmRateLimitedError, CrmTransientError } from './crm-errors';
export type { CustomObjectsGateway, CustomObjectRecord, CustomObjectSchemaInfo } from './custom-objects-gateway';
