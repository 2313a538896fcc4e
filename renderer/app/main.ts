// Entry of the page script. The API object comes from Electron's preload or
// the browser-mode bridge (renderer/bridge/entry.ts installs it first).

import { API_GLOBAL, type AnatomyApi } from '../../main/contract/api.ts';
import { pageApi } from '../../main/contract/bridge.ts';
import { startApp } from './app.ts';
import { translator } from './strings.ts';

function boot(): void {
  // The shell, hidden until now (index.html): laid out once, as this script makes it.
  document.getElementById('app')?.removeAttribute('hidden');
  const api = (window as unknown as Record<string, unknown>)[API_GLOBAL] as AnatomyApi | undefined;
  if (!api || typeof api.invoke !== 'function' || typeof api.on !== 'function') {
    const banner = document.getElementById('error-banner');
    const message = document.getElementById('error-message');
    if (banner && message) {
      message.textContent = translator('en')('empty.noApi');
      banner.hidden = false;
    }
    return;
  }
  // Every failed call as a checked MessageError, said in the page's language (main/contract/error.ts).
  startApp(document, pageApi(api));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
