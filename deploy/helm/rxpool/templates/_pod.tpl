{{/*
The pod template every service Deployment shares. Args (dict):
  root       the chart context ($)
  component  object-name suffix and container name (gateway, job-manager, validator, accounting, stats-web)
  command    the image's entry-point argument naming the service
  values     the component's values
  ports      extra container ports (YAML list, may be empty)
  env        extra environment entries (YAML list, may be empty)
  volumes    extra volumes (YAML list, may be empty)
  mounts     extra volume mounts (YAML list, may be empty)
  lifecycle  container lifecycle (YAML mapping, may be empty)
*/}}
{{- define "rxpool.podTemplate" -}}
{{- $root := .root }}
{{- $v := .values -}}
metadata:
  labels:
    {{- include "rxpool.selectorLabels" . | nindent 4 }}
    {{- with $v.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
    {{- if $root.Values.metrics.podAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $v.healthPort | quote }}
    prometheus.io/path: /metrics
    {{- end }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "rxpool.serviceAccountName" $root }}
  automountServiceAccountToken: false
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  affinity:
    {{- if $v.affinity }}
    {{- toYaml $v.affinity | nindent 4 }}
    {{- else }}
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                {{- include "rxpool.selectorLabels" . | nindent 16 }}
    {{- end }}
  {{- with $v.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "rxpool.image" $root }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args: [{{ .command | quote }}]
      ports:
        - name: health
          containerPort: {{ $v.healthPort }}
          protocol: TCP
        {{- with .ports }}
        {{- . | nindent 8 }}
        {{- end }}
      envFrom:
        - configMapRef:
            name: {{ include "rxpool.componentName" (dict "root" $root "component" "common") }}
        - configMapRef:
            name: {{ include "rxpool.componentName" (dict "root" $root "component" .component) }}
      {{- $env := trim (print (include "rxpool.natsAuthEnv" $root) "\n" (default "" .env)) }}
      {{- if $env }}
      env:
        {{- $env | nindent 8 }}
      {{- end }}
      readinessProbe:
        httpGet:
          path: /health
          port: health
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 3
      livenessProbe:
        httpGet:
          path: /health/live
          port: health
        initialDelaySeconds: 10
        periodSeconds: 10
        timeoutSeconds: 5
        failureThreshold: 6
      {{- with .lifecycle }}
      lifecycle:
        {{- . | nindent 8 }}
      {{- end }}
      resources:
        {{- toYaml $v.resources | nindent 8 }}
      securityContext:
        {{- toYaml $root.Values.containerSecurityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- with include "rxpool.natsMounts" $root }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with .mounts }}
        {{- . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    {{- with include "rxpool.natsVolumes" $root }}
    {{- . | nindent 4 }}
    {{- end }}
    {{- with .volumes }}
    {{- . | nindent 4 }}
    {{- end }}
{{- end }}
