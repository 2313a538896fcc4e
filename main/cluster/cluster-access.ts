// Turns one context of a merged kubeconfig into the access to its API server:
// that context, its cluster and its user in client-node's shapes, with our own
// authenticators for exec plugins and token files (see exec-auth.ts and
// token-file-auth.ts for why). client-node itself loads only for the contexts
// that need it (request-options.ts says which, and why that matters).

import type { Cluster, Context, User } from '@kubernetes/client-node';
import { message, type Message } from '../i18n/index.ts';
import { KubeconfigError, sanitizeServer } from './errors.ts';
import { EXEC_PROVIDER, ExecAuthenticator, type ExecAuthOptions } from './exec-auth.ts';
import { InlineDataError, inlineKey, inlineCertificates } from './inline-pem.ts';
import type { KubeconfigCluster, KubeconfigContext, KubeconfigUser } from './kubeconfig-file.ts';
import { AccessConfig } from './request-options.ts';
import { TOKEN_FILE_PROVIDER, TokenFileAuthenticator } from './token-file-auth.ts';

/** Everything needed to talk to the API server of one context. */
export interface ClusterAccess {
  readonly context: string;
  readonly cluster: string;
  readonly user?: string;
  /** The context's default namespace, if it sets one. */
  readonly namespace?: string;
  /** API server URL without user info; safe to show. */
  readonly server: string;
  /** This context, its cluster and its user, read like a client-node KubeConfig whose only context it is; fills in each request's options. */
  readonly kubeConfig: AccessConfig;
  /** Forget cached credentials (after a 401) so the next request runs the exec plugin or reads the token file again. */
  invalidateCredentials(): void;
  /** Kill exec plugins still running. */
  dispose(): void;
  /** The exec credential plugin a request is waiting for now, e.g. `exec credential plugin "aws" (user u)`. */
  waitingFor(): Message | undefined;
}

export type AccessOptions = ExecAuthOptions;

/** client-node skips CA and TLS settings for a context without a user, so anonymous contexts get this one. */
const ANONYMOUS_USER = 'kube-anatomy-anonymous';

export function buildClusterAccess(
  context: KubeconfigContext,
  cluster: KubeconfigCluster | undefined,
  user: KubeconfigUser | undefined,
  options: AccessOptions = {},
): ClusterAccess {
  const where = message('errors.kubeconfig.contextAt', { context: context.name, file: context.file });
  if (!context.cluster) throw new KubeconfigError(message('errors.kubeconfig.noCluster', { where }), { file: context.file });
  if (!cluster) {
    throw new KubeconfigError(message('errors.kubeconfig.unknownCluster', { where, cluster: context.cluster }), { file: context.file });
  }
  if (context.user && !user) {
    throw new KubeconfigError(message('errors.kubeconfig.unknownUser', { where, user: context.user }), { file: context.file });
  }
  const server = checkServer(cluster);
  const plainHttp = new URL(server).protocol === 'http:';
  // Checked here, when a context is chosen, rather than when the file is read:
  // one broken cluster entry must not take the file's other contexts with it.
  const caData = inlineField(cluster.certificateAuthorityData, inlineCertificates, {
    field: 'certificate-authority-data',
    owner: message('errors.kubeconfig.ownerCluster', { name: cluster.name }),
    context: context.name,
    file: cluster.file,
  });

  const clientCluster: Cluster = {
    name: cluster.name,
    server,
    caData,
    // kubectl: certificate-authority-data overrides certificate-authority.
    caFile: cluster.certificateAuthorityData ? undefined : cluster.certificateAuthority,
    // client-node refuses http:// servers unless TLS verification is "skipped";
    // there is no TLS to verify on plain http, so this only lets it through.
    skipTLSVerify: cluster.insecureSkipTlsVerify || plainHttp,
    tlsServerName: cluster.tlsServerName,
    proxyUrl: cluster.proxyUrl,
  };

  const exec = new ExecAuthenticator(options);
  const tokenFile = new TokenFileAuthenticator();
  const clientUser = user ? toClientUser(user, context.name, cluster, server, exec, tokenFile) : { name: ANONYMOUS_USER };
  const clientContext: Context = {
    name: context.name,
    cluster: cluster.name,
    user: clientUser.name,
    namespace: context.namespace,
  };

  const kubeConfig = new AccessConfig({ cluster: clientCluster, user: clientUser, context: clientContext, authenticators: [exec, tokenFile] });

  return {
    context: context.name,
    cluster: cluster.name,
    user: user?.name,
    namespace: context.namespace,
    server: sanitizeServer(server),
    kubeConfig,
    invalidateCredentials() {
      exec.invalidate();
      tokenFile.invalidate();
    },
    dispose() {
      exec.dispose();
      kubeConfig.closeConnections();
    },
    waitingFor: () => exec.waitingFor(),
  };
}

function checkServer(cluster: KubeconfigCluster): string {
  if (!cluster.server) {
    throw new KubeconfigError(message('errors.kubeconfig.noServer', { cluster: cluster.name, file: cluster.file }), { file: cluster.file });
  }
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new KubeconfigError(message('errors.kubeconfig.serverNotUrl', { cluster: cluster.name, file: cluster.file, server: sanitizeServer(cluster.server) }), {
      file: cluster.file,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(message('errors.kubeconfig.serverScheme', { cluster: cluster.name, file: cluster.file, protocol: url.protocol }), {
      file: cluster.file,
    });
  }
  return cluster.server.replace(/\/+$/, '');
}

/** A *-data field checked by `check`, or a KubeconfigError naming the field, its owner, the context and the file. */
function inlineField(
  value: string | undefined,
  check: (value: string) => string,
  where: { field: string; owner: Message; context: string; file: string },
): string | undefined {
  if (value === undefined) return undefined;
  try {
    return check(value);
  } catch (err) {
    if (!(err instanceof InlineDataError)) throw err;
    throw new KubeconfigError(message('errors.kubeconfig.inlineData', { ...where, error: err.said }), { file: where.file });
  }
}

function toClientUser(
  user: KubeconfigUser,
  contextName: string,
  cluster: KubeconfigCluster,
  server: string,
  exec: ExecAuthenticator,
  tokenFile: TokenFileAuthenticator,
): User {
  const where = message('errors.kubeconfig.userAt', { user: user.name, file: user.file });
  if (user.exec && user.authProvider) {
    throw new KubeconfigError(message('errors.kubeconfig.twoAuth', { where, a: 'exec', b: 'auth-provider' }), { file: user.file });
  }
  const hasCert = Boolean(user.clientCertificateData || user.clientCertificate);
  const hasKey = Boolean(user.clientKeyData || user.clientKey);
  if (hasCert !== hasKey) {
    throw new KubeconfigError(message(hasCert ? 'errors.kubeconfig.certNoKey' : 'errors.kubeconfig.keyNoCert', { where }), {
      file: user.file,
    });
  }
  const at = { owner: message('errors.kubeconfig.ownerUser', { name: user.name }), context: contextName, file: user.file };
  const certData = inlineField(user.clientCertificateData, inlineCertificates, { field: 'client-certificate-data', ...at });
  const keyData = inlineField(user.clientKeyData, inlineKey, { field: 'client-key-data', ...at });
  let authProvider: unknown = user.authProvider;
  if (user.exec) {
    exec.register(user.name, user.exec, {
      server,
      tlsServerName: cluster.tlsServerName,
      insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
      certificateAuthority: cluster.certificateAuthority,
      certificateAuthorityData: cluster.certificateAuthorityData,
      proxyUrl: cluster.proxyUrl,
    });
    authProvider = { name: EXEC_PROVIDER, config: {} };
  }
  const token = user.token?.trim() || undefined;
  if (!token && user.tokenFile && !user.exec && !user.authProvider) {
    tokenFile.register(user.name, user.tokenFile);
    authProvider = { name: TOKEN_FILE_PROVIDER, config: {} };
  }
  return {
    name: user.name,
    // kubectl: the *-data fields override the file paths.
    certData,
    certFile: certData ? undefined : user.clientCertificate,
    keyData,
    keyFile: keyData ? undefined : user.clientKey,
    token,
    username: user.username,
    password: user.password,
    impersonateUser: user.as,
    authProvider,
  };
}
