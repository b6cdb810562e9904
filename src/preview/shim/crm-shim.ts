/**
 * The preview's stand-in for `@hubspot/ui-extensions/crm`. The cards use none of the CRM data components
 * (they read everything through the backend), so importing anything from here fails the bundle loudly.
 */
export {};
