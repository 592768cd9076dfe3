{{/*
Names, labels and the image reference shared by every template.
*/}}

{{- define "rxpool.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rxpool.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one component's objects: <fullname>-<component>, at most 63 characters. */}}
{{- define "rxpool.componentName" -}}
{{- printf "%s-%s" (include "rxpool.fullname" .root | trunc 45 | trimSuffix "-") .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rxpool.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rxpool.labels" -}}
helm.sh/chart: {{ include "rxpool.chart" . }}
app.kubernetes.io/name: {{ include "rxpool.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rxpool
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels of one component's objects; call with (dict "root" $ "component" "gateway"). */}}
{{- define "rxpool.componentLabels" -}}
{{ include "rxpool.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "rxpool.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rxpool.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "rxpool.image" -}}
{{- $tag := toString (default .Chart.AppVersion .Values.image.tag) }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "rxpool.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rxpool.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The chart's own Secret (credentials given as values). */}}
{{- define "rxpool.secretName" -}}
{{- include "rxpool.fullname" . }}
{{- end }}

{{/* Where the stratum certificate's secret is mounted (gateways: certificate and key; stats-web: certificate). */}}
{{- define "rxpool.stratumTlsDir" -}}/etc/rxpool/stratum-tls{{- end }}

{{- define "rxpool.stratumTlsSecretName" -}}
{{- default (include "rxpool.componentName" (dict "root" . "component" "stratum-tls")) .Values.gateway.tls.existingSecret }}
{{- end }}

{{/* "true" when the operator gives the stratum certificate; without one each gateway makes its own. */}}
{{- define "rxpool.stratumCertGiven" -}}
{{- if or .Values.gateway.tls.existingSecret .Values.gateway.tls.certificate }}true{{ end }}
{{- end }}

{{/* "true" when stats-web takes the fingerprint it shows from the stratum certificate: one is given, no fingerprint is. */}}
{{- define "rxpool.statsWebReadsStratumCert" -}}
{{- if and (include "rxpool.stratumCertGiven" .) (not .Values.statsWeb.stratum.tlsFingerprint) }}true{{ end }}
{{- end }}

{{/* The values key of a component (job-manager → jobManager, stats-web → statsWeb). */}}
{{- define "rxpool.valuesKey" -}}
{{- if eq . "job-manager" }}jobManager{{ else if eq . "stats-web" }}statsWeb{{ else }}{{ . }}{{ end }}
{{- end }}

{{/* The components that run as Deployments; stats-web only when enabled. */}}
{{- define "rxpool.components" -}}
{{- $components := list "gateway" "job-manager" "validator" "accounting" }}
{{- if .Values.statsWeb.enabled }}
{{- $components = append $components "stats-web" }}
{{- end }}
{{- join " " $components }}
{{- end }}

{{- define "rxpool.healthPort" -}}
{{- (index .root.Values (include "rxpool.valuesKey" .component)).healthPort }}
{{- end }}

{{/* "true" when the admin gRPC API is served: only with a token. */}}
{{- define "rxpool.adminEnabled" -}}
{{- if or .Values.admin.token .Values.admin.existingSecret }}true{{ end }}
{{- end }}
