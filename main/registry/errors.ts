// One error type for everything the registry client can meet, with a kind the
// app can show as a state on the container (unreachable, private, …) and a
// message that is already a sentence. No message ever holds a credential: the
// client never puts one into a string it throws.

export type RegistryErrorKind =
  | 'unreachable' // DNS, refused, reset, TLS: nothing answered as a registry
  | 'timeout'
  | 'auth' // 401/403, or credentials that could not be read
  | 'not-found'
  | 'rate-limited' // 429 still after the retries
  | 'too-large'
  | 'invalid' // an answer that is not what the API promises: JSON, media type, digest, size
  | 'redirects'
  | 'unsupported' // a valid answer this client does not read (schema 1, an artifact that is no image)
  | 'http'; // any other status

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
