// What Kubernetes accepts as a namespace name: an RFC 1123 label. Checked
// wherever a namespace arrives from a user or a page (CLI flags, the filter
// the renderer sends) and before one goes into an API path.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isNamespaceName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}
