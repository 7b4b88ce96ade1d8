#!/usr/bin/env bash
# A local development CA and a server certificate it signed, for trying Loopline over TLS on this machine:
#
#   scripts/dev-cert.sh [out dir=target/dev-cert] [days=825]
#   java -jar examples/target/loopline-examples.jar hello --port 8443 \
#        --tls target/dev-cert/server-chain.pem target/dev-cert/server-key.pem
#   curl --cacert target/dev-cert/ca.pem https://localhost:8443/plaintext
#
# Files: ca.pem + ca-key.pem (the CA: trust ca.pem in your client, keep ca-key.pem private), server-chain.pem (the
# server certificate, then the CA) and server-key.pem (unencrypted PKCS#8), with SANs localhost, 127.0.0.1 and ::1.
# EC P-256 keys. Uses the openssl command line; installs it with apt-get when it is missing. An existing CA in the
# out dir is reused, so a browser or OS that trusts it keeps trusting the renewed server certificate.
set -euo pipefail

OUT="${1:-target/dev-cert}"
DAYS="${2:-825}"   # at most 825 days: what Apple platforms accept for a TLS server certificate

if ! command -v openssl >/dev/null 2>&1; then
    echo "openssl is missing: installing it with apt-get" >&2
    SUDO=""
    [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq openssl
fi

mkdir -p "$OUT"
cd "$OUT"
umask 077

if [[ ! -f ca.pem || ! -f ca-key.pem ]]; then
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca-key.pem -out ca.pem \
        -days 3650 -subj "/CN=Loopline development CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server-key.pem -out server.csr \
    -subj "/CN=localhost" 2>/dev/null
cat > server.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days "$DAYS" \
    -sha256 -extfile server.ext 2>/dev/null
# openssl req writes PKCS#8 ("BEGIN PRIVATE KEY") already; convert in case an old openssl wrote SEC1.
openssl pkcs8 -topk8 -nocrypt -in server-key.pem -out server-key.pk8 && mv server-key.pk8 server-key.pem
cat server.pem ca.pem > server-chain.pem
rm -f server.csr server.ext ca.srl
chmod 644 ca.pem server.pem server-chain.pem

echo "CA:          $PWD/ca.pem (trust this one; ca-key.pem stays private)"
echo "certificate: $PWD/server-chain.pem"
echo "key:         $PWD/server-key.pem"
openssl x509 -in server.pem -noout -subject -enddate -ext subjectAltName 2>/dev/null || \
    openssl x509 -in server.pem -noout -subject -enddate
