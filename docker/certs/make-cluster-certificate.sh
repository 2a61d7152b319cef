#!/bin/sh
# Makes the cluster's certificate, once. Run by the one-shot "certs" service of docker-compose.yml
# before any silo starts; every silo then presents this certificate to the others and accepts only
# a peer presenting the very same one (Gateway:Cluster:Tls, mutual TLS between silos).
#
# Writes /certs/cluster.pfx: a self-signed certificate and its private key in one PKCS#12 file,
# protected by CLUSTER_CERT_PASSWORD. A file that is already there is kept as it is, so restarting
# the stack never changes the certificate under running silos. To make a new one, remove the
# volume (docker/README.md, "The cluster certificate").
set -eu

out=/certs/cluster.pfx

# The silos run as this user id (GATEWAY_UID of docker/Dockerfile); only it may read the file.
uid=${GATEWAY_UID:-10001}

if [ -s "$out" ]; then
    echo "certs: $out is there already; keeping it"
    exit 0
fi

if [ -z "${CLUSTER_CERT_PASSWORD:-}" ]; then
    echo "certs: CLUSTER_CERT_PASSWORD is empty; set it in docker/.env" >&2
    exit 1
fi

if ! command -v openssl >/dev/null 2>&1; then
    apk add --no-cache --quiet openssl
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A leaf certificate good for both ends of a TLS connection: each silo is a server to the silos
# that connect to it and a client to those it connects to.
cat >"$work/openssl.cnf" <<'EOF'
[req]
prompt = no
distinguished_name = subject
x509_extensions = cluster

[subject]
CN = mcp-gateway-cluster

[cluster]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
EOF

openssl req -x509 -new -config "$work/openssl.cnf" \
    -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 3650 \
    -keyout "$work/cluster.key" -out "$work/cluster.crt"

# The password is read from the environment, never from the command line (ps would show it).
openssl pkcs12 -export -name mcp-gateway-cluster \
    -inkey "$work/cluster.key" -in "$work/cluster.crt" \
    -passout env:CLUSTER_CERT_PASSWORD -out "$work/cluster.pfx"

# Into the volume under a temporary name, then renamed: a silo never sees half a file.
cp "$work/cluster.pfx" "$out.tmp"
chown "$uid:$uid" "$out.tmp"
chmod 0400 "$out.tmp"
mv "$out.tmp" "$out"

echo "certs: made $out ($(openssl x509 -in "$work/cluster.crt" -noout -fingerprint -sha256))"
