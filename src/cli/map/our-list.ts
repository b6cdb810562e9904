import type { ColumnIndexes, OurCompany, OurField } from '../../domain/account-mapping/index';
import { OUR_COLUMN_NAMES, recogniseColumns } from '../../domain/account-mapping/index';

/*
 * Our side of a map offline: a HubSpot companies export (`Record ID`, `Company name`, `Company
 * Domain Name`, `Lifecycle Stage`). Shared by the reader on the main thread (read-lists.ts) and the
 * one in a worker thread (prepare-ours-worker.ts), so both read the same columns the same way.
 */

const quoteNames = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The export's columns, or why the file cannot be used. */
export function ourListColumns(header: string[]): ColumnIndexes<OurField> | string {
  const found = recogniseColumns(header, OUR_COLUMN_NAMES);
  if (!found.ok) return found.errors.map((e) => e.message).join('; ');
  const columns = found.value;
  if (columns.domain === undefined) return `no domain column (looked for ${quoteNames(OUR_COLUMN_NAMES.domain)}; export the companies with "Company Domain Name")`;
  if (columns.id === undefined) return `no record id column (looked for ${quoteNames(OUR_COLUMN_NAMES.id)})`;
  return columns;
}

/** The column indexes to decode. */
export function ourListWanted(columns: ColumnIndexes<OurField>): number[] {
  return Object.values(columns).filter((i): i is number => i !== undefined);
}

/** One record of the export as a company; null for a record without a record id (skipped). */
export function ourCompanyOf(fields: ReadonlyArray<string | undefined>, columns: ColumnIndexes<OurField>): OurCompany | null {
  const id = fields[columns.id!]?.trim();
  if (!id) return null;
  return {
    id,
    name: columns.name === undefined ? null : fields[columns.name],
    domain: fields[columns.domain!],
    lifecycleStage: columns.lifecycleStage === undefined ? null : fields[columns.lifecycleStage],
  };
}
