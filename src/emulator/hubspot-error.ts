import { randomUUID } from 'node:crypto';

/** One entry of HubSpot's `errors[]` array. */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  context?: Record<string, string[]>;
  in?: string;
}

/** HubSpot's standard error body (docs/hubspot.md §5.3). */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: HubSpotErrorDetail[];
  context?: Record<string, string[]>;
}

/**
 * An expected API failure the emulator answers with HubSpot's error body. Route handlers throw it
 * so deep validation code can stop a request without threading results through every layer; the
 * Express error handler turns it into the response. It never escapes the emulator's HTTP layer.
 */
export class HubSpotApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly category: string,
    message: string,
    readonly errors: HubSpotErrorDetail[] = [],
    readonly subCategory?: string,
  ) {
    super(message);
    this.name = 'HubSpotApiError';
  }

  toBody(): HubSpotErrorBody {
    const body: HubSpotErrorBody = {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
    };
    if (this.subCategory) body.subCategory = this.subCategory;
    if (this.errors.length > 0) body.errors = this.errors;
    return body;
  }
}

export const validationError = (message: string, errors: HubSpotErrorDetail[] = [], subCategory?: string) =>
  new HubSpotApiError(400, 'VALIDATION_ERROR', message, errors, subCategory);

export const notFound = (message: string) => new HubSpotApiError(404, 'OBJECT_NOT_FOUND', message);

export const conflict = (message: string) => new HubSpotApiError(409, 'CONFLICT', message);
