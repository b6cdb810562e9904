import type { BenchSection } from './main';

// Placeholder until the owning issue lands.
export async function run(): Promise<BenchSection> {
  throw new Error('benchmark not built yet');
}
