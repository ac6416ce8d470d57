namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// The messages of k8s.io/api core/v1 generated.proto the sandbox decodes, in <see cref="MessageType"/> notation; field
/// numbers, names and Go pointer-ness are upstream's.
/// </summary>
internal static class CoreMessages
{
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ClientIPConfig"] = "1 timeoutSeconds int32?",
        ["ConfigMap"] =
            "1 metadata ObjectMeta; 4 immutable bool?; 2 data map<string,string>; 3 binaryData map<string,bytes>",
        ["ConfigMapEnvSource"] = "1 localObjectReference LocalObjectReference^; 2 optional bool?",
        ["ConfigMapKeySelector"] = "1 localObjectReference LocalObjectReference^; 2 key string; 3 optional bool?",
        ["Container"] =
            "1 name string; 2 image string; 3 command []string; 4 args []string; 5 workingDir string; " +
            "6 ports []ContainerPort; 19 envFrom []EnvFromSource; 7 env []EnvVar; " +
            "8 resources ResourceRequirements; 23 resizePolicy []ContainerResizePolicy; 24 restartPolicy string?; " +
            "9 volumeMounts []VolumeMount; 21 volumeDevices []VolumeDevice; 10 livenessProbe Probe!?; " +
            "11 readinessProbe Probe!?; 22 startupProbe Probe!?; 12 lifecycle Lifecycle!?; " +
            "13 terminationMessagePath string; 20 terminationMessagePolicy string; 14 imagePullPolicy string; " +
            "15 securityContext SecurityContext!?; 16 stdin bool; 17 stdinOnce bool; 18 tty bool",
        ["ContainerPort"] = "1 name string; 2 hostPort int32; 3 containerPort int32; 4 protocol string; 5 hostIP string",
        ["ContainerResizePolicy"] = "1 resourceName string; 2 restartPolicy string",
        ["EnvFromSource"] = "1 prefix string; 2 configMapRef ConfigMapEnvSource?; 3 secretRef SecretEnvSource?",
        ["EnvVar"] = "1 name string; 2 value string; 3 valueFrom EnvVarSource?",
        ["EnvVarSource"] =
            "1 fieldRef ObjectFieldSelector?; 2 resourceFieldRef ResourceFieldSelector?; " +
            "3 configMapKeyRef ConfigMapKeySelector?; 4 secretKeyRef SecretKeySelector?",
        ["HostAlias"] = "1 ip string; 2 hostnames []string",
        ["LoadBalancerIngress"] = "1 ip string; 2 hostname string; 3 ipMode string?; 4 ports []PortStatus",
        ["LoadBalancerStatus"] = "1 ingress []LoadBalancerIngress",
        ["LocalObjectReference"] = "1 name string",
        ["Namespace"] = "1 metadata ObjectMeta; 2 spec NamespaceSpec; 3 status NamespaceStatus",
        ["NamespaceCondition"] =
            "1 type string; 2 status string; 4 lastTransitionTime Time; 5 reason string; 6 message string",
        ["NamespaceSpec"] = "1 finalizers []string",
        ["NamespaceStatus"] = "1 phase string; 2 conditions []NamespaceCondition",
        ["ObjectFieldSelector"] = "1 apiVersion string; 2 fieldPath string",
        ["ObjectReference"] =
            "1 kind string; 2 namespace string; 3 name string; 4 uid string; 5 apiVersion string; " +
            "6 resourceVersion string; 7 fieldPath string",
        ["PodDNSConfig"] = "1 nameservers []string; 2 searches []string; 3 options []PodDNSConfigOption",
        ["PodDNSConfigOption"] = "1 name string; 2 value string?",
        ["PodOS"] = "1 name string",
        ["PodReadinessGate"] = "1 conditionType string",
        ["PodResourceClaim"] = "1 name string; 3 resourceClaimName string?; 4 resourceClaimTemplateName string?",
        ["PodSchedulingGate"] = "1 name string",
        ["PodSpec"] =
            "1 volumes []Volume!; 20 initContainers []Container; 2 containers []Container; " +
            "34 ephemeralContainers []EphemeralContainer!; 3 restartPolicy string; " +
            "4 terminationGracePeriodSeconds int64?; 5 activeDeadlineSeconds int64?; 6 dnsPolicy string; " +
            "7 nodeSelector map<string,string>; 8 serviceAccountName string; 9 serviceAccount string; " +
            "21 automountServiceAccountToken bool?; 10 nodeName string; 11 hostNetwork bool; 12 hostPID bool; " +
            "13 hostIPC bool; 27 shareProcessNamespace bool?; 14 securityContext PodSecurityContext!?; " +
            "15 imagePullSecrets []LocalObjectReference; 16 hostname string; 17 subdomain string; " +
            "18 affinity Affinity!?; 19 schedulerName string; 22 tolerations []Toleration; " +
            "23 hostAliases []HostAlias; 24 priorityClassName string; 25 priority int32?; " +
            "26 dnsConfig PodDNSConfig?; 28 readinessGates []PodReadinessGate; 29 runtimeClassName string?; " +
            "30 enableServiceLinks bool?; 31 preemptionPolicy string?; 32 overhead map<string,Quantity>; " +
            "33 topologySpreadConstraints []TopologySpreadConstraint; 35 setHostnameAsFQDN bool?; 36 os PodOS?; " +
            "37 hostUsers bool?; 38 schedulingGates []PodSchedulingGate; 39 resourceClaims []PodResourceClaim; " +
            "40 resources ResourceRequirements?",
        ["PodTemplateSpec"] = "1 metadata ObjectMeta; 2 spec PodSpec",
        ["PortStatus"] = "1 port int32; 2 protocol string; 3 error string?",
        ["ResourceClaim"] = "1 name string; 2 request string",
        ["ResourceFieldSelector"] = "1 containerName string; 2 resource string; 3 divisor Quantity",
        ["ResourceRequirements"] =
            "1 limits map<string,Quantity>; 2 requests map<string,Quantity>; 3 claims []ResourceClaim",
        ["Secret"] =
            "1 metadata ObjectMeta; 5 immutable bool?; 2 data map<string,bytes>; 4 stringData map<string,string>; " +
            "3 type string",
        ["SecretEnvSource"] = "1 localObjectReference LocalObjectReference^; 2 optional bool?",
        ["SecretKeySelector"] = "1 localObjectReference LocalObjectReference^; 2 key string; 3 optional bool?",
        ["Service"] = "1 metadata ObjectMeta; 2 spec ServiceSpec; 3 status ServiceStatus",
        ["ServiceAccount"] =
            "1 metadata ObjectMeta; 2 secrets []ObjectReference; 3 imagePullSecrets []LocalObjectReference; " +
            "4 automountServiceAccountToken bool?",
        ["ServicePort"] =
            "1 name string; 2 protocol string; 6 appProtocol string?; 3 port int32; 4 targetPort IntOrString; " +
            "5 nodePort int32",
        ["ServiceSpec"] =
            "1 ports []ServicePort; 2 selector map<string,string>; 3 clusterIP string; 18 clusterIPs []string; " +
            "4 type string; 5 externalIPs []string; 7 sessionAffinity string; 8 loadBalancerIP string; " +
            "9 loadBalancerSourceRanges []string; 10 externalName string; 11 externalTrafficPolicy string; " +
            "12 healthCheckNodePort int32; 13 publishNotReadyAddresses bool; " +
            "14 sessionAffinityConfig SessionAffinityConfig?; 19 ipFamilies []string; 17 ipFamilyPolicy string?; " +
            "20 allocateLoadBalancerNodePorts bool?; 21 loadBalancerClass string?; " +
            "22 internalTrafficPolicy string?; 23 trafficDistribution string?",
        ["ServiceStatus"] = "1 loadBalancer LoadBalancerStatus; 2 conditions []Condition",
        ["SessionAffinityConfig"] = "1 clientIP ClientIPConfig?",
        ["Toleration"] = "1 key string; 2 operator string; 3 value string; 4 effect string; 5 tolerationSeconds int64?",
        ["TopologySpreadConstraint"] =
            "1 maxSkew int32; 2 topologyKey string; 3 whenUnsatisfiable string; 4 labelSelector LabelSelector?; " +
            "5 minDomains int32?; 6 nodeAffinityPolicy string?; 7 nodeTaintsPolicy string?; " +
            "8 matchLabelKeys []string",
        ["VolumeDevice"] = "1 name string; 2 devicePath string",
        ["VolumeMount"] =
            "1 name string; 2 readOnly bool; 7 recursiveReadOnly string?; 3 mountPath string; 4 subPath string; " +
            "5 mountPropagation string?; 6 subPathExpr string",
    };
}
