import { Button, ErrorState, Text } from '@hubspot/ui-extensions';
import type { ApiError } from './hubspot-fetcher';

/**
 * What a card or tab shows when its data could not be loaded: what failed, why, and a way to try
 * again.
 *
 * @example if (state.status === 'error') return <LoadError what="the disputes" error={state.error} onRetry={resource.reload} />;
 */
export function LoadError({ what, error, onRetry }: { what: string; error: ApiError; onRetry: () => void }) {
  return (
    <ErrorState title={`Couldn't load ${what}`}>
      <Text>{error.message}</Text>
      <Button onClick={onRetry}>Try again</Button>
    </ErrorState>
  );
}
