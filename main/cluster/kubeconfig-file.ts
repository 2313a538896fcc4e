// Reads one kubeconfig file into plain, validated records. Shapes are checked
// strictly (like kubectl, which refuses a file whose fields have the wrong type)
// and every error names the file and the field or line. Relative paths are
// resolved against the file's directory here, before files are merged, because
// only here do we still know which file a path came from.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { KubeconfigError } from './errors.ts';
import { message, type Message } from '../i18n/index.ts';

export interface KubeconfigCluster {
  name: string;
  file: string;
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface KubeconfigExec {
  apiVersion?: string;
  command?: string;
  args: string[];
  env: { name: string; value: string }[];
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode?: string;
}

export interface KubeconfigUser {
  name: string;
  file: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  as?: string;
  exec?: KubeconfigExec;
  authProvider?: { name: string; config: Record<string, string> };
}

export interface KubeconfigContext {
  name: string;
  file: string;
  cluster?: string;
  user?: string;
  namespace?: string;
}

export interface KubeconfigFile {
  file: string;
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
  currentContext?: string;
}

/** Real kubeconfigs are a few KB; anything this large is not one. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What a value is, as a message ("null", "a list", "a mapping", "a number"…). */
function typeName(value: unknown): Message {
  if (value === null) return message('errors.value.null');
  if (Array.isArray(value)) return message('errors.kubeconfig.a.list');
  if (typeof value === 'object') return message('errors.kubeconfig.a.mapping');
  if (typeof value === 'string') return message('errors.value.string');
  if (typeof value === 'number') return message('errors.value.number');
  if (typeof value === 'boolean') return message('errors.value.boolean');
  return message('errors.value.other', { type: typeof value });
}

type Expected = 'string' | 'nonEmptyString' | 'boolean' | 'mapping' | 'list' | 'strings';

/** Field reads that only see own properties, so `__proto__` keys in a file stay inert data. */
class FieldReader {
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  fail(field: string | Message, expected: Expected, value: unknown): never {
    const said = message('errors.kubeconfig.field', { file: this.file, field, expected: message(`errors.kubeconfig.a.${expected}`), found: typeName(value) });
    throw new KubeconfigError(said, { file: this.file });
  }

  get(obj: Mapping, key: string): unknown {
    return Object.hasOwn(obj, key) ? obj[key] : undefined;
  }

  optionalString(obj: Mapping, key: string, field: string): string | undefined {
    const value = this.get(obj, key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') this.fail(field, 'string', value);
    return value;
  }

  requiredName(obj: Mapping, field: string): string {
    const value = this.get(obj, 'name');
    if (typeof value !== 'string' || value === '') this.fail(`${field}.name`, 'nonEmptyString', value);
    return value;
  }

  optionalBoolean(obj: Mapping, key: string, field: string): boolean {
    const value = this.get(obj, key);
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') this.fail(field, 'boolean', value);
    return value;
  }

  optionalMapping(obj: Mapping, key: string, field: string): Mapping | undefined {
    const value = this.get(obj, key);
    if (value === undefined || value === null) return undefined;
    if (!isMapping(value)) this.fail(field, 'mapping', value);
    return value;
  }

  list(obj: Mapping, key: string): Mapping[] {
    const value = this.get(obj, key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(key, 'list', value);
    return value.map((entry, i) => {
      if (!isMapping(entry)) this.fail(`${key}[${i}]`, 'mapping', entry);
      return entry;
    });
  }
}

/**
 * kubectl refuses a file that defines a name twice in one section (client-go's
 * list-to-map conversion fails); taking either silently would connect with
 * settings the user did not mean. Across files the first one still wins.
 */
function uniqueNames(r: FieldReader, section: string): (name: string, i: number) => void {
  const seen = new Map<string, number>();
  return (name, i) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new KubeconfigError(message('errors.kubeconfig.duplicate', { file: r.file, section, i, name, earlier }), { file: r.file });
    }
    seen.set(name, i);
  };
}

function resolveAgainst(dir: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  return path.isAbsolute(file) ? file : path.resolve(dir, file);
}

/** Reads, parses and validates one kubeconfig file. Throws KubeconfigError naming the file. */
export function readKubeconfigFile(file: string): KubeconfigFile {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new KubeconfigError(message('errors.kubeconfig.notFile', { file }), { file });
    if (stat.size > MAX_FILE_BYTES) throw new KubeconfigError(message('errors.kubeconfig.tooLarge', { file, size: stat.size }), { file });
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof KubeconfigError) throw err;
    const code = (err as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? message('errors.kubeconfig.fileMissing') : code === 'EACCES' ? message('errors.kubeconfig.denied') : (err as Error).message;
    throw new KubeconfigError(message('errors.kubeconfig.unreadable', { file, error: reason }), { file });
  }
  // Read again, parsed again only when its text changed: a session lists the
  // contexts and reads the file for the source right after, and the YAML
  // parse (long base64 certificate lines) is what costs, 15-40 ms before the
  // first request. Each caller gets its own copy.
  const known = parsedFiles.get(file);
  if (known?.text === text) return structuredClone(known.parsed);
  const parsed = parseKubeconfig(text, file);
  if (parsedFiles.size >= MAX_PARSED_FILES) parsedFiles.clear();
  parsedFiles.set(file, { text, parsed: structuredClone(parsed) });
  return parsed;
}

const MAX_PARSED_FILES = 8;
const parsedFiles = new Map<string, { text: string; parsed: KubeconfigFile }>();
let yamlParses = 0;

/** How many times kubeconfig YAML was parsed in this process (for tests). */
export function kubeconfigParses(): number {
  return yamlParses;
}

/** Parses kubeconfig text; `file` names the source in errors and anchors relative paths. */
export function parseKubeconfig(text: string, file: string): KubeconfigFile {
  yamlParses += 1;
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    const reason = yamlError.message.split(/ at line \d+/)[0]?.split('\n')[0] ?? yamlError.message;
    const said = line ? message('errors.kubeconfig.invalidYamlAt', { file, line, problem: reason }) : message('errors.kubeconfig.invalidYaml', { file, problem: reason });
    throw new KubeconfigError(said, { file, line });
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new KubeconfigError(message('errors.kubeconfig.invalidYaml', { file, problem: (err as Error).message }), { file });
  }
  const dir = path.dirname(path.resolve(file));
  const out: KubeconfigFile = { file, clusters: [], users: [], contexts: [] };
  if (root === null || root === undefined) return out; // an empty file is an empty config, as for kubectl
  const r: FieldReader = new FieldReader(file);
  if (!isMapping(root)) r.fail(message('errors.kubeconfig.topLevel'), 'mapping', root);

  out.currentContext = r.optionalString(root, 'current-context', 'current-context');

  const uniqueClusters = uniqueNames(r, 'clusters');
  r.list(root, 'clusters').forEach((entry, i) => {
    const at = `clusters[${i}]`;
    const name = r.requiredName(entry, at);
    uniqueClusters(name, i);
    const c = r.optionalMapping(entry, 'cluster', `${at}.cluster`) ?? {};
    out.clusters.push({
      name,
      file,
      server: r.optionalString(c, 'server', `${at}.cluster.server`),
      certificateAuthority: resolveAgainst(dir, r.optionalString(c, 'certificate-authority', `${at}.cluster.certificate-authority`)),
      certificateAuthorityData: r.optionalString(c, 'certificate-authority-data', `${at}.cluster.certificate-authority-data`),
      insecureSkipTlsVerify: r.optionalBoolean(c, 'insecure-skip-tls-verify', `${at}.cluster.insecure-skip-tls-verify`),
      tlsServerName: r.optionalString(c, 'tls-server-name', `${at}.cluster.tls-server-name`),
      proxyUrl: r.optionalString(c, 'proxy-url', `${at}.cluster.proxy-url`),
    });
  });

  const uniqueUsers = uniqueNames(r, 'users');
  r.list(root, 'users').forEach((entry, i) => {
    const at = `users[${i}]`;
    const name = r.requiredName(entry, at);
    uniqueUsers(name, i);
    const u = r.optionalMapping(entry, 'user', `${at}.user`) ?? {};
    const user: KubeconfigUser = {
      name,
      file,
      clientCertificate: resolveAgainst(dir, r.optionalString(u, 'client-certificate', `${at}.user.client-certificate`)),
      clientCertificateData: r.optionalString(u, 'client-certificate-data', `${at}.user.client-certificate-data`),
      clientKey: resolveAgainst(dir, r.optionalString(u, 'client-key', `${at}.user.client-key`)),
      clientKeyData: r.optionalString(u, 'client-key-data', `${at}.user.client-key-data`),
      token: r.optionalString(u, 'token', `${at}.user.token`),
      tokenFile: resolveAgainst(dir, r.optionalString(u, 'tokenFile', `${at}.user.tokenFile`)),
      username: r.optionalString(u, 'username', `${at}.user.username`),
      password: r.optionalString(u, 'password', `${at}.user.password`),
      as: r.optionalString(u, 'as', `${at}.user.as`),
    };
    const exec = r.optionalMapping(u, 'exec', `${at}.user.exec`);
    if (exec) user.exec = readExec(r, exec, `${at}.user.exec`, dir);
    const provider = r.optionalMapping(u, 'auth-provider', `${at}.user.auth-provider`);
    if (provider) user.authProvider = readAuthProvider(r, provider, `${at}.user.auth-provider`);
    out.users.push(user);
  });

  const uniqueContexts = uniqueNames(r, 'contexts');
  r.list(root, 'contexts').forEach((entry, i) => {
    const at = `contexts[${i}]`;
    const name = r.requiredName(entry, at);
    uniqueContexts(name, i);
    const c = r.optionalMapping(entry, 'context', `${at}.context`) ?? {};
    out.contexts.push({
      name,
      file,
      cluster: r.optionalString(c, 'cluster', `${at}.context.cluster`),
      user: r.optionalString(c, 'user', `${at}.context.user`),
      namespace: r.optionalString(c, 'namespace', `${at}.context.namespace`),
    });
  });
  return out;
}

function readExec(r: FieldReader, exec: Mapping, at: string, dir: string): KubeconfigExec {
  let command = r.optionalString(exec, 'command', `${at}.command`);
  // kubectl resolves a command relative to the kubeconfig only when it names a
  // path ("./bin/plugin"); a bare name ("aws") is looked up on PATH.
  if (command !== undefined && (command.includes('/') || command.includes(path.sep))) command = resolveAgainst(dir, command);
  const argsValue = r.get(exec, 'args');
  let args: string[] = [];
  if (argsValue !== undefined && argsValue !== null) {
    if (!Array.isArray(argsValue) || !argsValue.every((a) => typeof a === 'string')) r.fail(`${at}.args`, 'strings', argsValue);
    args = [...argsValue];
  }
  const envValue = r.get(exec, 'env');
  const env: { name: string; value: string }[] = [];
  if (envValue !== undefined && envValue !== null) {
    if (!Array.isArray(envValue)) r.fail(`${at}.env`, 'list', envValue);
    envValue.forEach((item, i) => {
      if (!isMapping(item)) r.fail(`${at}.env[${i}]`, 'mapping', item);
      const name = r.get(item, 'name');
      const value = r.get(item, 'value');
      if (typeof name !== 'string' || name === '') r.fail(`${at}.env[${i}].name`, 'nonEmptyString', name);
      if (typeof value !== 'string') r.fail(`${at}.env[${i}].value`, 'string', value);
      env.push({ name, value });
    });
  }
  return {
    apiVersion: r.optionalString(exec, 'apiVersion', `${at}.apiVersion`),
    command,
    args,
    env,
    installHint: r.optionalString(exec, 'installHint', `${at}.installHint`),
    provideClusterInfo: r.optionalBoolean(exec, 'provideClusterInfo', `${at}.provideClusterInfo`),
    interactiveMode: r.optionalString(exec, 'interactiveMode', `${at}.interactiveMode`),
  };
}

function readAuthProvider(r: FieldReader, provider: Mapping, at: string): { name: string; config: Record<string, string> } {
  const name = r.requiredName(provider, at);
  const configValue = r.optionalMapping(provider, 'config', `${at}.config`) ?? {};
  const config: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(configValue)) {
    if (typeof value === 'string') config[key] = value;
  }
  return { name, config };
}
