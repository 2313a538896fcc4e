// Resources as the API server stores them, and the QoS class it derives.

import type { ContainerInput } from './pod.ts';

/** The API server defaults missing requests to the limits. */
export function specResources(c: ContainerInput): Record<string, unknown> {
  const limits = c.resources?.limits;
  const requests = { ...limits, ...c.resources?.requests };
  return {
    ...(limits && Object.keys(limits).length > 0 ? { limits } : {}),
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
  };
}

export function qosClass(containers: ContainerInput[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = specResources(c) as { requests?: Record<string, string>; limits?: Record<string, string> };
    if (r.requests || r.limits) any = true;
    for (const res of ['cpu', 'memory']) {
      const limit = r.limits?.[res];
      if (limit === undefined || r.requests?.[res] !== limit) guaranteed = false;
    }
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}
