// Side-effect module: installs the WebSocket bridge when no preload did.
import { installWsBridge } from './ws-bridge.ts';

installWsBridge();
