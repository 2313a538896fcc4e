// The version shown by --version and app:info. It lives in the session, the
// lowest layer that answers for the app and that both shells may import.
// esbuild replaces the define at build time; running from source (tests)
// reads package.json instead.
import { createRequire } from 'node:module';

declare const __KUBE_ANATOMY_VERSION__: string | undefined;

function fromPackage(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}

export const VERSION: string = typeof __KUBE_ANATOMY_VERSION__ === 'string' ? __KUBE_ANATOMY_VERSION__ : fromPackage();
