/**
 * `hubspot.extend` in the preview: each extension entry file registers its render callback here, in
 * import order, and the preview page renders them with a context it builds itself.
 */
export type RenderCallback = (api: { context: unknown; actions: unknown; runServerlessFunction?: unknown }) => unknown;

export const registeredExtensions: RenderCallback[] = [];

export function registerExtension(render: RenderCallback): void {
  registeredExtensions.push(render);
}
