// Minimal stand-ins for the Electron objects the main/electron modules take as
// parameters. They record what was done to them so tests can assert on it.

import type { FrameLike, InvokeEventLike } from '../../../main/electron/ipc.ts';

export type Listener = (...args: any[]) => unknown;

/** An event emitter that keeps every listener by name. */
export class Emitting {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => l(...args));
  }
}

export class FakeEvent {
  prevented = false;
  url?: string;
  constructor(url?: string) {
    this.url = url;
  }
  preventDefault(): void {
    this.prevented = true;
  }
}

export class FakeWebContents extends Emitting {
  url: string;
  destroyed = false;
  readonly id: number;
  mainFrame: FakeFrame;
  windowOpenHandler?: (details: { url: string }) => { action: 'deny' | 'allow' };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  constructor(url: string, id = 1) {
    super();
    this.url = url;
    this.id = id;
    this.mainFrame = new FakeFrame(url, null, 100 + id);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
}

export class FakeFrame implements FrameLike {
  url: string;
  parent: FakeFrame | null;
  detached = false;
  destroyed = false;
  frameTreeNodeId: number;
  constructor(url: string, parent: FakeFrame | null, id: number) {
    this.url = url;
    this.parent = parent;
    this.frameTreeNodeId = id;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export function invokeEvent(sender: unknown, senderFrame: FrameLike | null): InvokeEventLike {
  return { sender, senderFrame };
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What Electron does on ipcRenderer.invoke: calls the handler, always async. */
  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await handler(event, ...args);
  }
}
