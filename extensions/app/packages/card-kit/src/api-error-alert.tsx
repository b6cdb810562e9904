import { Alert, Text } from '@hubspot/ui-extensions';
import type { FieldLabeler } from './field-errors';
import { describeFieldError } from './field-errors';
import type { ApiError } from './hubspot-fetcher';

/**
 * Shows a failed request once, in words. When the backend named fields, each becomes a sentence
 * naming the partner or field (`labeler` says what the form's paths mean); the backend's summary
 * message is then left out, because it repeats the same fields in machine form.
 */
export function ApiErrorAlert({ title, error, labeler }: { title: string; error: ApiError; labeler?: FieldLabeler }) {
  const fields = error.fields ?? [];
  const sentences = [...new Set(fields.map((field) => describeFieldError(field, labeler)))];
  return (
    <Alert title={title} variant="danger" testId="api-error">
      {sentences.length === 0 ? <Text>{error.message}</Text> : null}
      {sentences.map((sentence) => (
        <Text key={sentence}>{sentence}</Text>
      ))}
    </Alert>
  );
}
