// Test support for the extension points' component tests: a fake `hubspot.fetch` and a deal-state
// fixture. Only ever a devDependency, so no entry point bundles it (docs/decisions/0009-extension-workspaces.md).
export { createFakeHubspotFetch, deepText, deferred, fire } from './fake-hubspot-fetch';
export type { FakeAnswer, FakeRequest } from './fake-hubspot-fetch';
export { dealStateFixture, splitFixture } from './deal-state-fixture';
export { programReportFixture } from './program-report-fixture';
