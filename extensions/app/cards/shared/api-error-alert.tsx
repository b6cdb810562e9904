import { Alert, Text } from '@hubspot/ui-extensions';
import type { ApiError } from './hubspot-fetcher';

/** Shows a failed request with every field the backend named, so the user knows what to fix. */
export function ApiErrorAlert({ title, error }: { title: string; error: ApiError }) {
  return (
    <Alert title={title} variant="danger">
      <Text>{error.message}</Text>
      {(error.fields ?? []).map((field) => (
        <Text key={`${field.path}:${field.message}`} variant="microcopy">
          {field.path}: {field.message}
        </Text>
      ))}
    </Alert>
  );
}
