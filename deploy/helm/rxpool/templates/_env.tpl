{{/*
Credentials as environment variables: each comes from an existing Secret the operator names,
or from the chart's own Secret when the value is given in values.yaml, or is left out.
*/}}

{{/* One variable from a Secret key. Args: name, secret, key. */}}
{{- define "rxpool.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end }}

{{/* Variables for the NATS login (every service). */}}
{{- define "rxpool.natsAuthEnv" -}}
{{- $auth := .Values.nats.auth }}
{{- $secret := default (include "rxpool.secretName" .) $auth.existingSecret }}
{{- if eq $auth.mode "userPassword" }}
{{ include "rxpool.secretEnv" (dict "name" "NATS_USER" "secret" $secret "key" (ternary $auth.userKey "nats-user" (ne $auth.existingSecret ""))) }}
{{ include "rxpool.secretEnv" (dict "name" "NATS_PASSWORD" "secret" $secret "key" (ternary $auth.passwordKey "nats-password" (ne $auth.existingSecret ""))) }}
{{- else if eq $auth.mode "token" }}
{{ include "rxpool.secretEnv" (dict "name" "NATS_TOKEN" "secret" $secret "key" (ternary $auth.tokenKey "nats-token" (ne $auth.existingSecret ""))) }}
{{- end }}
{{- end }}

{{/* monerod RPC login as user:password (job manager). */}}
{{- define "rxpool.monerodLoginEnv" -}}
{{- $login := .Values.monerod.rpcLogin }}
{{- if $login.existingSecret }}
{{ include "rxpool.secretEnv" (dict "name" "MONEROD_RPC_LOGIN" "secret" $login.existingSecret "key" $login.key) }}
{{- else if $login.user }}
{{ include "rxpool.secretEnv" (dict "name" "MONEROD_RPC_LOGIN" "secret" (include "rxpool.secretName" .) "key" "monerod-rpc-login") }}
{{- end }}
{{- end }}

{{/* Postgres password; node-postgres reads PGPASSWORD when the URL carries none. */}}
{{- define "rxpool.postgresPasswordEnv" -}}
{{- $pg := .Values.postgres }}
{{- if $pg.existingSecret }}
{{ include "rxpool.secretEnv" (dict "name" "PGPASSWORD" "secret" $pg.existingSecret "key" $pg.passwordKey) }}
{{- else if $pg.password }}
{{ include "rxpool.secretEnv" (dict "name" "PGPASSWORD" "secret" (include "rxpool.secretName" .) "key" "postgres-password") }}
{{- end }}
{{- end }}

{{/* Wallet RPC login and admin token (accounting). */}}
{{- define "rxpool.accountingSecretEnv" -}}
{{- $w := .Values.walletRpc }}
{{- if $w.existingSecret }}
{{ include "rxpool.secretEnv" (dict "name" "WALLET_RPC_LOGIN" "secret" $w.existingSecret "key" $w.key) }}
{{- else if $w.user }}
{{ include "rxpool.secretEnv" (dict "name" "WALLET_RPC_LOGIN" "secret" (include "rxpool.secretName" .) "key" "wallet-rpc-login") }}
{{- end }}
{{- $a := .Values.admin }}
{{- if $a.existingSecret }}
{{ include "rxpool.secretEnv" (dict "name" "ADMIN_TOKEN" "secret" $a.existingSecret "key" $a.key) }}
{{- else if $a.token }}
{{ include "rxpool.secretEnv" (dict "name" "ADMIN_TOKEN" "secret" (include "rxpool.secretName" .) "key" "admin-token") }}
{{- end }}
{{- end }}

{{/*
Postgres URL without the password: postgres://user@host:port/db?sslmode=…[&sslrootcert=…].
uselibpqcompat makes node-postgres read sslmode as libpq does (require = encrypted, not verified);
without it node-postgres treats every mode but disable as verify-full.
Args: root, host, port.
*/}}
{{- define "rxpool.postgresUrl" -}}
{{- $pg := .root.Values.postgres }}
{{- $query := printf "sslmode=%s&uselibpqcompat=true" $pg.sslmode }}
{{- if $pg.caSecret }}
{{- $query = printf "%s&sslrootcert=/etc/rxpool/postgres-ca/%s" $query $pg.caKey }}
{{- end }}
{{- printf "postgres://%s@%s:%v/%s?%s" (urlquery $pg.user) .host .port (urlquery $pg.database) $query }}
{{- end }}

{{/* Where read-only queries go: the read replica when there is one, else the primary. */}}
{{- define "rxpool.postgresReadUrl" -}}
{{- $pg := .Values.postgres }}
{{- $server := ternary $pg.readReplica $pg $pg.readReplica.enabled }}
{{- include "rxpool.postgresUrl" (dict "root" . "host" $server.host "port" $server.port) }}
{{- end }}

{{/* Volumes and mounts for NATS credentials and CA (every service). */}}
{{- define "rxpool.natsVolumes" -}}
{{- if and (eq .Values.nats.auth.mode "credsFile") .Values.nats.auth.credsSecret }}
- name: nats-creds
  secret:
    secretName: {{ .Values.nats.auth.credsSecret }}
    items:
      - key: {{ .Values.nats.auth.credsKey }}
        path: {{ .Values.nats.auth.credsKey }}
{{- end }}
{{- if and .Values.nats.tls.enabled .Values.nats.tls.caSecret }}
- name: nats-ca
  secret:
    secretName: {{ .Values.nats.tls.caSecret }}
    items:
      - key: {{ .Values.nats.tls.caKey }}
        path: {{ .Values.nats.tls.caKey }}
{{- end }}
{{- end }}

{{- define "rxpool.natsMounts" -}}
{{- if and (eq .Values.nats.auth.mode "credsFile") .Values.nats.auth.credsSecret }}
- name: nats-creds
  mountPath: /etc/rxpool/nats-creds
  readOnly: true
{{- end }}
{{- if and .Values.nats.tls.enabled .Values.nats.tls.caSecret }}
- name: nats-ca
  mountPath: /etc/rxpool/nats-ca
  readOnly: true
{{- end }}
{{- end }}

{{- define "rxpool.postgresCaVolume" -}}
{{- if .Values.postgres.caSecret }}
- name: postgres-ca
  secret:
    secretName: {{ .Values.postgres.caSecret }}
    items:
      - key: {{ .Values.postgres.caKey }}
        path: {{ .Values.postgres.caKey }}
{{- end }}
{{- end }}

{{- define "rxpool.postgresCaMount" -}}
{{- if .Values.postgres.caSecret }}
- name: postgres-ca
  mountPath: /etc/rxpool/postgres-ca
  readOnly: true
{{- end }}
{{- end }}
