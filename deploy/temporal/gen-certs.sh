#!/bin/sh
# Certificates for the compose stack's Temporal mTLS (run once on the host before `docker-compose up`;
# needs openssl): a CA, the server's certificate (services among themselves and the frontend; DNS
# name `temporal`) and one client certificate for the API, the workers, the UI and the admin tools.
# In production use your PKI instead, one client certificate per consumer, and rotate before expiry.
set -eu
DIR="${1:-$(dirname "$0")/certs}"
DAYS="${CERT_DAYS:-825}"
mkdir -p "$DIR"
cd "$DIR"
umask 077
openssl req -x509 -newkey rsa:3072 -nodes -days "$DAYS" -subj "/CN=retention-temporal-ca" -keyout ca.key -out ca.pem
openssl req -newkey rsa:3072 -nodes -subj "/CN=temporal" -keyout server.key -out server.csr
printf 'subjectAltName=DNS:temporal,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days "$DAYS" -extfile server.ext -out server.pem
openssl req -newkey rsa:3072 -nodes -subj "/CN=retention-client" -keyout client.key -out client.csr
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days "$DAYS" -extfile client.ext -out client.pem
rm -f server.csr client.csr server.ext client.ext ca.srl
# The directory is mounted into the containers: the CA key must not be in it (new certificates = a new CA).
rm -f ca.key
# The containers run as non-root users: the keys must be readable by them (the directory stays private to the host user).
chmod 644 ca.pem server.pem client.pem server.key client.key
echo "certificates in $DIR (the CA key was discarded; rerun to issue a new set)"
