// The renderer bundle's entry (dist/renderer/app.js), the same file for both
// shells. In the Electron window the preload has already defined
// window.kubeAnatomy and install leaves it alone; in a plain browser it
// defines it over the WebSocket. Import order matters: ES modules evaluate in
// order, so the API exists before the app's first line runs.

import './install.ts';
import '../app/main.ts';
