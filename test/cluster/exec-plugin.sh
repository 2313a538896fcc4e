#!/usr/bin/env bash
# client-go exec credential plugin used by the test kubeconfigs.
#   exec-plugin.sh --token-file FILE   print an ExecCredential carrying the token
#   exec-plugin.sh --fail              fail the way a broken plugin would
set -euo pipefail

mode="" token_file=""
while (($#)); do
  case "$1" in
    --token-file) token_file="${2:-}"; mode=token; shift 2 ;;
    --fail) mode=fail; shift ;;
    *) echo "exec-plugin.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

case "$mode" in
  fail)
    echo "kube-anatomy test exec plugin: refusing to issue credentials (simulated failure)" >&2
    exit 1
    ;;
  token)
    if [[ ! -r "$token_file" ]]; then
      echo "kube-anatomy test exec plugin: token file not readable: $token_file" >&2
      exit 1
    fi
    token="$(tr -d '\n' <"$token_file")"
    expiry="$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
    printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' \
      "$token" "$expiry"
    ;;
  *)
    echo "usage: exec-plugin.sh --token-file FILE | --fail" >&2
    exit 2
    ;;
esac
