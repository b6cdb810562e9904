/**
 * The card/backend contract lives in one package, `@cosell/contract`
 * (extensions/app/packages/contract), because HubSpot uploads only `extensions/` and the cards need
 * the same zod schemas as the backend. This module re-exports it so the backend keeps importing
 * `src/contract/card-api` (docs/decisions/0009-extension-workspaces.md).
 */
export * from '@cosell/contract';
