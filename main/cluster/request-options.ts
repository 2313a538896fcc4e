// The HTTPS options of one context's requests (CA, client certificate, bearer
// token, basic auth, impersonation, TLS server name), as client-node's
// KubeConfig.applyToHTTPSOptions computes them, without loading client-node.
//
// Why: importing @kubernetes/client-node takes about 350 ms (its generated API
// client, undici, the OIDC library and the proxy agents all load with its
// KubeConfig), which was most of the time from opening a session to the first
// model, while kubectl answers in about 100 ms. Certificates, tokens, token
// files and exec plugins, which are almost every kubeconfig, need nothing of it.
// The two things that do, an auth-provider (oidc, azure, gcp) and a proxy-url,
// still go through client-node's own KubeConfig, loaded then and only then.

import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import type { AgentOptions, RequestOptions } from 'node:https';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';

// As in transport.ts: CommonJS builtins, so that undici does not load.
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');
const tlsModule = process.getBuiltinModule('node:tls');

/** Authenticators of our own (exec plugins, token files); each claims the users registered with it. */
export interface Authenticator {
  isAuthProvider(user: User): boolean;
  applyAuthentication(user: User, opts: RequestOptions): Promise<void>;
}

export interface AccessConfigInput {
  cluster: Cluster;
  user: User;
  context: Context;
  authenticators: Authenticator[];
}

/**
 * One context of a kubeconfig, readable like client-node's KubeConfig (the
 * getters tests and the transport use) and able to fill in request options.
 */
export class AccessConfig {
  readonly #cluster: Cluster;
  readonly #user: User;
  readonly #context: Context;
  readonly #authenticators: Authenticator[];
  #agent: Agent | undefined;
  #client: Promise<KubeConfig> | undefined;

  constructor(input: AccessConfigInput) {
    this.#cluster = input.cluster;
    this.#user = input.user;
    this.#context = input.context;
    this.#authenticators = input.authenticators;
  }

  getCurrentCluster(): Cluster {
    return this.#cluster;
  }

  getCurrentUser(): User {
    return this.#user;
  }

  getCurrentContext(): string {
    return this.#context.name;
  }

  getContexts(): Context[] {
    return [this.#context];
  }

  /** True when this context needs client-node itself: an auth-provider none of ours claims, or a proxy. */
  get needsClientNode(): boolean {
    const user = this.#user;
    const ours = this.#authenticators.some((a) => a.isAuthProvider(user));
    return Boolean(this.#cluster.proxyUrl) || (user.authProvider !== undefined && !ours);
  }

  /** Fills in `opts` for one request; runs the authenticators each time (an exec token may have expired). */
  async applyToHTTPSOptions(opts: RequestOptions): Promise<void> {
    if (this.needsClientNode) {
      await (await this.#clientNode()).applyToHTTPSOptions(opts);
      return;
    }
    const cluster = this.#cluster;
    const user = this.#user;
    if (cluster.skipTLSVerify) opts.rejectUnauthorized = false;
    if (cluster.tlsServerName) opts.servername = cluster.tlsServerName;
    const ca = fileOrData(cluster.caFile, cluster.caData);
    if (ca) opts.ca = ca;
    const cert = fileOrData(user.certFile, user.certData);
    if (cert) opts.cert = cert;
    const key = fileOrData(user.keyFile, user.keyData);
    if (key) opts.key = key;
    opts.headers ??= {};
    const headers = opts.headers as Record<string, unknown>;
    if (user.impersonateUser != null) headers['Impersonate-User'] = user.impersonateUser;
    const authenticator = this.#authenticators.find((a) => a.isAuthProvider(user));
    if (authenticator) await authenticator.applyAuthentication(user, opts);
    if (user.token) (opts.headers as Record<string, unknown>)['Authorization'] = `Bearer ${user.token}`;
    // client-node writes "user:undefined" for a user with no password; kubectl sends an empty one.
    if (user.username) opts.auth = `${user.username}:${user.password ?? ''}`;
    // One agent for the context, made with the first request's TLS settings, as client-node does.
    this.#agent ??= this.#makeAgent(opts);
    opts.agent = this.#agent;
  }

  /** Closes the connections kept open for later requests (the source stopped). */
  closeConnections(): void {
    this.#agent?.destroy();
  }

  #makeAgent(opts: RequestOptions): Agent {
    // Kept alive: each watch starts on the connection its list just used,
    // instead of a TLS handshake of its own (five more at start, each costing
    // the API server and us CPU while the pod list is still being answered).
    const tls: AgentOptions = { keepAlive: true };
    if (opts.ca !== undefined) tls.ca = opts.ca;
    if (opts.cert !== undefined) tls.cert = opts.cert;
    if (opts.key !== undefined) tls.key = opts.key;
    if (opts.rejectUnauthorized !== undefined) tls.rejectUnauthorized = opts.rejectUnauthorized;
    if (opts.servername !== undefined) tls.servername = opts.servername;
    if (this.#cluster.server.startsWith('http:')) {
      // buildClusterAccess marks every plain-http cluster skipTLSVerify; anything else is a bug, as client-node says too.
      if (!this.#cluster.skipTLSVerify) throw new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
      return new http.Agent(tls);
    }
    // One TLS context for all its connections: without it each connection
    // parses the CA, certificate and key again (the lists at start open six at once).
    if (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined) tls.secureContext = tlsModule.createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key });
    return new https.Agent(tls);
  }

  #clientNode(): Promise<KubeConfig> {
    this.#client ??= import('@kubernetes/client-node').then(({ KubeConfig }) => {
      const config = new KubeConfig();
      for (const authenticator of this.#authenticators) config.addAuthenticator(authenticator);
      config.loadFromOptions({ clusters: [this.#cluster], users: [this.#user], contexts: [this.#context], currentContext: this.#context.name });
      return config;
    });
    return this.#client;
  }
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}
