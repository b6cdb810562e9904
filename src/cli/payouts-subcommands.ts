/** The `cosell payouts` subcommands that act on the commission ledger (loaded from payouts-run.ts only when used). */
export const PAYOUTS_LEDGER_SUBCOMMANDS: readonly string[] = ['approve', 'run', 'statement', 'mark-paid'];

export function isPayoutsRunSubcommand(sub: string): boolean {
  return PAYOUTS_LEDGER_SUBCOMMANDS.includes(sub);
}
