/**
 * `k8s.io/api core/v1/generated.proto` of Kubernetes 1.33, as far as the request bodies kubets decodes
 * reach: upstream's package, messages, field names and field numbers. Options carry what the Go
 * types add: `(gogoproto.nullable) = false` marks a Go value rather than a pointer (always on the
 * wire; its zero value means unset), `(json.omitempty) = false` such a value whose JSON tag lacks
 * `omitempty` (JSON keeps its zero), `(gogoproto.embed) = true` a struct embedded with
 * `json:",inline"`, and `json_name` a JSON name that differs from the protobuf one.
 */
export const CORE_V1_PROTO = `
syntax = "proto2";

package k8s.io.api.core.v1;

import "k8s.io/apimachinery/pkg/api/resource/generated.proto";
import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";
import "k8s.io/apimachinery/pkg/util/intstr/generated.proto";

message AWSElasticBlockStoreVolumeSource {
  optional string volumeID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional int32 partition = 3 [(gogoproto.nullable) = false];
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
}

message Affinity {
  optional NodeAffinity nodeAffinity = 1;
  optional PodAffinity podAffinity = 2;
  optional PodAntiAffinity podAntiAffinity = 3;
}

message AppArmorProfile {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string localhostProfile = 2;
}

message AttachedVolume {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string devicePath = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message AzureDiskVolumeSource {
  optional string diskName = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string diskURI = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string cachingMode = 3;
  optional string fsType = 4;
  optional bool readOnly = 5;
  optional string kind = 6;
}

message AzureFilePersistentVolumeSource {
  optional string secretName = 1 [(gogoproto.nullable) = false];
  optional string shareName = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional string secretNamespace = 4;
}

message AzureFileVolumeSource {
  optional string secretName = 1 [(gogoproto.nullable) = false];
  optional string shareName = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
}

message Binding {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ObjectReference target = 2 [(gogoproto.nullable) = false];
}

message CSIPersistentVolumeSource {
  optional string driver = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string volumeHandle = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional string fsType = 4 [(gogoproto.nullable) = false];
  map<string, string> volumeAttributes = 5;
  optional SecretReference controllerPublishSecretRef = 6;
  optional SecretReference nodeStageSecretRef = 7;
  optional SecretReference nodePublishSecretRef = 8;
  optional SecretReference controllerExpandSecretRef = 9;
  optional SecretReference nodeExpandSecretRef = 10;
}

message CSIVolumeSource {
  optional string driver = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 2;
  optional string fsType = 3;
  map<string, string> volumeAttributes = 4;
  optional LocalObjectReference nodePublishSecretRef = 5;
}

message Capabilities {
  repeated string add = 1;
  repeated string drop = 2;
}

message CephFSPersistentVolumeSource {
  repeated string monitors = 1;
  optional string path = 2 [(gogoproto.nullable) = false];
  optional string user = 3 [(gogoproto.nullable) = false];
  optional string secretFile = 4 [(gogoproto.nullable) = false];
  optional SecretReference secretRef = 5;
  optional bool readOnly = 6 [(gogoproto.nullable) = false];
}

message CephFSVolumeSource {
  repeated string monitors = 1;
  optional string path = 2 [(gogoproto.nullable) = false];
  optional string user = 3 [(gogoproto.nullable) = false];
  optional string secretFile = 4 [(gogoproto.nullable) = false];
  optional LocalObjectReference secretRef = 5;
  optional bool readOnly = 6 [(gogoproto.nullable) = false];
}

message CinderPersistentVolumeSource {
  optional string volumeID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional SecretReference secretRef = 4;
}

message CinderVolumeSource {
  optional string volumeID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional LocalObjectReference secretRef = 4;
}

message ClientIPConfig {
  optional int32 timeoutSeconds = 1;
}

message ClusterTrustBundleProjection {
  optional string name = 1;
  optional string signerName = 2;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector labelSelector = 3;
  optional bool optional = 5;
  optional string path = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message ComponentCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional string message = 3 [(gogoproto.nullable) = false];
  optional string error = 4 [(gogoproto.nullable) = false];
}

message ComponentStatus {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated ComponentCondition conditions = 2;
}

message ConfigMap {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional bool immutable = 4;
  map<string, string> data = 2;
  map<string, bytes> binaryData = 3;
}

message ConfigMapEnvSource {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional bool optional = 2;
}

message ConfigMapKeySelector {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional string key = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool optional = 3;
}

message ConfigMapNodeConfigSource {
  optional string namespace = 1 [(gogoproto.nullable) = false];
  optional string name = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string uid = 3 [(gogoproto.nullable) = false];
  optional string resourceVersion = 4 [(gogoproto.nullable) = false];
  optional string kubeletConfigKey = 5 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message ConfigMapProjection {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  repeated KeyToPath items = 2;
  optional bool optional = 4;
}

message ConfigMapVolumeSource {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  repeated KeyToPath items = 2;
  optional int32 defaultMode = 3;
  optional bool optional = 4;
}

message Container {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string image = 2 [(gogoproto.nullable) = false];
  repeated string command = 3;
  repeated string args = 4;
  optional string workingDir = 5 [(gogoproto.nullable) = false];
  repeated ContainerPort ports = 6;
  repeated EnvFromSource envFrom = 19;
  repeated EnvVar env = 7;
  optional ResourceRequirements resources = 8 [(gogoproto.nullable) = false];
  repeated ContainerResizePolicy resizePolicy = 23;
  optional string restartPolicy = 24;
  repeated VolumeMount volumeMounts = 9;
  repeated VolumeDevice volumeDevices = 21;
  optional Probe livenessProbe = 10;
  optional Probe readinessProbe = 11;
  optional Probe startupProbe = 22;
  optional Lifecycle lifecycle = 12;
  optional string terminationMessagePath = 13 [(gogoproto.nullable) = false];
  optional string terminationMessagePolicy = 20 [(gogoproto.nullable) = false];
  optional string imagePullPolicy = 14 [(gogoproto.nullable) = false];
  optional SecurityContext securityContext = 15;
  optional bool stdin = 16 [(gogoproto.nullable) = false];
  optional bool stdinOnce = 17 [(gogoproto.nullable) = false];
  optional bool tty = 18 [(gogoproto.nullable) = false];
}

message ContainerImage {
  repeated string names = 1;
  optional int64 sizeBytes = 2 [(gogoproto.nullable) = false];
}

message ContainerPort {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional int32 hostPort = 2 [(gogoproto.nullable) = false];
  optional int32 containerPort = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string protocol = 4 [(gogoproto.nullable) = false];
  optional string hostIP = 5 [(gogoproto.nullable) = false];
}

message ContainerResizePolicy {
  optional string resourceName = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string restartPolicy = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message ContainerState {
  optional ContainerStateWaiting waiting = 1;
  optional ContainerStateRunning running = 2;
  optional ContainerStateTerminated terminated = 3;
}

message ContainerStateRunning {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time startedAt = 1 [(gogoproto.nullable) = false];
}

message ContainerStateTerminated {
  optional int32 exitCode = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 signal = 2 [(gogoproto.nullable) = false];
  optional string reason = 3 [(gogoproto.nullable) = false];
  optional string message = 4 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time startedAt = 5 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time finishedAt = 6 [(gogoproto.nullable) = false];
  optional string containerID = 7 [(gogoproto.nullable) = false];
}

message ContainerStateWaiting {
  optional string reason = 1 [(gogoproto.nullable) = false];
  optional string message = 2 [(gogoproto.nullable) = false];
}

message ContainerStatus {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional ContainerState state = 2 [(gogoproto.nullable) = false];
  optional ContainerState lastState = 3 [(gogoproto.nullable) = false];
  optional bool ready = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 restartCount = 5 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string image = 6 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string imageID = 7 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string containerID = 8 [(gogoproto.nullable) = false];
  optional bool started = 9;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> allocatedResources = 10;
  optional ResourceRequirements resources = 11;
  repeated VolumeMountStatus volumeMounts = 12;
  optional ContainerUser user = 13;
  repeated ResourceStatus allocatedResourcesStatus = 14;
  optional string stopSignal = 15;
}

message ContainerUser {
  optional LinuxContainerUser linux = 1;
}

message DaemonEndpoint {
  optional int32 Port = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message DownwardAPIProjection {
  repeated DownwardAPIVolumeFile items = 1;
}

message DownwardAPIVolumeFile {
  optional string path = 1 [(gogoproto.nullable) = false];
  optional ObjectFieldSelector fieldRef = 2;
  optional ResourceFieldSelector resourceFieldRef = 3;
  optional int32 mode = 4;
}

message DownwardAPIVolumeSource {
  repeated DownwardAPIVolumeFile items = 1;
  optional int32 defaultMode = 2;
}

message EmptyDirVolumeSource {
  optional string medium = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity sizeLimit = 2;
}

message EndpointAddress {
  optional string ip = 1 [(gogoproto.nullable) = false];
  optional string hostname = 3 [(gogoproto.nullable) = false];
  optional string nodeName = 4;
  optional ObjectReference targetRef = 2;
}

message EndpointPort {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional int32 port = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string protocol = 3 [(gogoproto.nullable) = false];
  optional string appProtocol = 4;
}

message EndpointSubset {
  repeated EndpointAddress addresses = 1;
  repeated EndpointAddress notReadyAddresses = 2;
  repeated EndpointPort ports = 3;
}

message Endpoints {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated EndpointSubset subsets = 2;
}

message EnvFromSource {
  optional string prefix = 1 [(gogoproto.nullable) = false];
  optional ConfigMapEnvSource configMapRef = 2;
  optional SecretEnvSource secretRef = 3;
}

message EnvVar {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string value = 2 [(gogoproto.nullable) = false];
  optional EnvVarSource valueFrom = 3;
}

message EnvVarSource {
  optional ObjectFieldSelector fieldRef = 1;
  optional ResourceFieldSelector resourceFieldRef = 2;
  optional ConfigMapKeySelector configMapKeyRef = 3;
  optional SecretKeySelector secretKeyRef = 4;
}

message EphemeralContainer {
  optional EphemeralContainerCommon ephemeralContainerCommon = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional string targetContainerName = 2 [(gogoproto.nullable) = false];
}

message EphemeralContainerCommon {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string image = 2 [(gogoproto.nullable) = false];
  repeated string command = 3;
  repeated string args = 4;
  optional string workingDir = 5 [(gogoproto.nullable) = false];
  repeated ContainerPort ports = 6;
  repeated EnvFromSource envFrom = 19;
  repeated EnvVar env = 7;
  optional ResourceRequirements resources = 8 [(gogoproto.nullable) = false];
  repeated ContainerResizePolicy resizePolicy = 23;
  optional string restartPolicy = 24;
  repeated VolumeMount volumeMounts = 9;
  repeated VolumeDevice volumeDevices = 21;
  optional Probe livenessProbe = 10;
  optional Probe readinessProbe = 11;
  optional Probe startupProbe = 22;
  optional Lifecycle lifecycle = 12;
  optional string terminationMessagePath = 13 [(gogoproto.nullable) = false];
  optional string terminationMessagePolicy = 20 [(gogoproto.nullable) = false];
  optional string imagePullPolicy = 14 [(gogoproto.nullable) = false];
  optional SecurityContext securityContext = 15;
  optional bool stdin = 16 [(gogoproto.nullable) = false];
  optional bool stdinOnce = 17 [(gogoproto.nullable) = false];
  optional bool tty = 18 [(gogoproto.nullable) = false];
}

message EphemeralVolumeSource {
  optional PersistentVolumeClaimTemplate volumeClaimTemplate = 1;
}

message Event {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ObjectReference involvedObject = 2 [(gogoproto.nullable) = false];
  optional string reason = 3 [(gogoproto.nullable) = false];
  optional string message = 4 [(gogoproto.nullable) = false];
  optional EventSource source = 5 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time firstTimestamp = 6 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTimestamp = 7 [(gogoproto.nullable) = false];
  optional int32 count = 8 [(gogoproto.nullable) = false];
  optional string type = 9 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime eventTime = 10 [(gogoproto.nullable) = false];
  optional EventSeries series = 11;
  optional string action = 12 [(gogoproto.nullable) = false];
  optional ObjectReference related = 13;
  optional string reportingComponent = 14 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string reportingInstance = 15 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message EventSeries {
  optional int32 count = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime lastObservedTime = 2 [(gogoproto.nullable) = false];
}

message EventSource {
  optional string component = 1 [(gogoproto.nullable) = false];
  optional string host = 2 [(gogoproto.nullable) = false];
}

message ExecAction {
  repeated string command = 1;
}

message FCVolumeSource {
  repeated string targetWWNs = 1;
  optional int32 lun = 2;
  optional string fsType = 3 [(gogoproto.nullable) = false];
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
  repeated string wwids = 5;
}

message FlexPersistentVolumeSource {
  optional string driver = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional SecretReference secretRef = 3;
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
  map<string, string> options = 5;
}

message FlexVolumeSource {
  optional string driver = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional LocalObjectReference secretRef = 3;
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
  map<string, string> options = 5;
}

message FlockerVolumeSource {
  optional string datasetName = 1 [(gogoproto.nullable) = false];
  optional string datasetUUID = 2 [(gogoproto.nullable) = false];
}

message GCEPersistentDiskVolumeSource {
  optional string pdName = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional int32 partition = 3 [(gogoproto.nullable) = false];
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
}

message GRPCAction {
  optional int32 port = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string service = 2;
}

message GitRepoVolumeSource {
  optional string repository = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string revision = 2 [(gogoproto.nullable) = false];
  optional string directory = 3 [(gogoproto.nullable) = false];
}

message GlusterfsPersistentVolumeSource {
  optional string endpoints = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string path = 2 [(gogoproto.nullable) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional string endpointsNamespace = 4;
}

message GlusterfsVolumeSource {
  optional string endpoints = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string path = 2 [(gogoproto.nullable) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
}

message HTTPGetAction {
  optional string path = 1 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString port = 2 [(gogoproto.nullable) = false];
  optional string host = 3 [(gogoproto.nullable) = false];
  optional string scheme = 4 [(gogoproto.nullable) = false];
  repeated HTTPHeader httpHeaders = 5;
}

message HTTPHeader {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string value = 2 [(gogoproto.nullable) = false];
}

message HostAlias {
  optional string ip = 1 [(gogoproto.nullable) = false];
  repeated string hostnames = 2;
}

message HostIP {
  optional string ip = 1 [(gogoproto.nullable) = false];
}

message HostPathVolumeSource {
  optional string path = 1 [(gogoproto.nullable) = false];
  optional string type = 2;
}

message ISCSIPersistentVolumeSource {
  optional string targetPortal = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string iqn = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 lun = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string iscsiInterface = 4 [(gogoproto.nullable) = false];
  optional string fsType = 5 [(gogoproto.nullable) = false];
  optional bool readOnly = 6 [(gogoproto.nullable) = false];
  repeated string portals = 7;
  optional bool chapAuthDiscovery = 8 [(gogoproto.nullable) = false];
  optional bool chapAuthSession = 11 [(gogoproto.nullable) = false];
  optional SecretReference secretRef = 10;
  optional string initiatorName = 12;
}

message ISCSIVolumeSource {
  optional string targetPortal = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string iqn = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int32 lun = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string iscsiInterface = 4 [(gogoproto.nullable) = false];
  optional string fsType = 5 [(gogoproto.nullable) = false];
  optional bool readOnly = 6 [(gogoproto.nullable) = false];
  repeated string portals = 7;
  optional bool chapAuthDiscovery = 8 [(gogoproto.nullable) = false];
  optional bool chapAuthSession = 11 [(gogoproto.nullable) = false];
  optional LocalObjectReference secretRef = 10;
  optional string initiatorName = 12;
}

message ImageVolumeSource {
  optional string reference = 1 [(gogoproto.nullable) = false];
  optional string pullPolicy = 2 [(gogoproto.nullable) = false];
}

message KeyToPath {
  optional string key = 1 [(gogoproto.nullable) = false];
  optional string path = 2 [(gogoproto.nullable) = false];
  optional int32 mode = 3;
}

message Lifecycle {
  optional LifecycleHandler postStart = 1;
  optional LifecycleHandler preStop = 2;
  optional string stopSignal = 3;
}

message LifecycleHandler {
  optional ExecAction exec = 1;
  optional HTTPGetAction httpGet = 2;
  optional TCPSocketAction tcpSocket = 3;
  optional SleepAction sleep = 4;
}

message LimitRange {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional LimitRangeSpec spec = 2 [(gogoproto.nullable) = false];
}

message LimitRangeItem {
  optional string type = 1 [(gogoproto.nullable) = false];
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> max = 2;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> min = 3;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> default = 4;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> defaultRequest = 5;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> maxLimitRequestRatio = 6;
}

message LimitRangeSpec {
  repeated LimitRangeItem limits = 1;
}

message LinuxContainerUser {
  optional int64 uid = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional int64 gid = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  repeated int64 supplementalGroups = 3;
}

message LoadBalancerIngress {
  optional string ip = 1 [(gogoproto.nullable) = false];
  optional string hostname = 2 [(gogoproto.nullable) = false];
  optional string ipMode = 3;
  repeated PortStatus ports = 4;
}

message LoadBalancerStatus {
  repeated LoadBalancerIngress ingress = 1;
}

message LocalObjectReference {
  optional string name = 1 [(gogoproto.nullable) = false];
}

message LocalVolumeSource {
  optional string path = 1 [(gogoproto.nullable) = false];
  optional string fsType = 2;
}

message ModifyVolumeStatus {
  optional string targetVolumeAttributesClassName = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
}

message NFSVolumeSource {
  optional string server = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string path = 2 [(gogoproto.nullable) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
}

message Namespace {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional NamespaceSpec spec = 2 [(gogoproto.nullable) = false];
  optional NamespaceStatus status = 3 [(gogoproto.nullable) = false];
}

message NamespaceCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4 [(gogoproto.nullable) = false];
  optional string reason = 5 [(gogoproto.nullable) = false];
  optional string message = 6 [(gogoproto.nullable) = false];
}

message NamespaceSpec {
  repeated string finalizers = 1;
}

message NamespaceStatus {
  optional string phase = 1 [(gogoproto.nullable) = false];
  repeated NamespaceCondition conditions = 2;
}

message Node {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional NodeSpec spec = 2 [(gogoproto.nullable) = false];
  optional NodeStatus status = 3 [(gogoproto.nullable) = false];
}

message NodeAddress {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string address = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message NodeAffinity {
  optional NodeSelector requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated PreferredSchedulingTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}

message NodeCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastHeartbeatTime = 3 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4 [(gogoproto.nullable) = false];
  optional string reason = 5 [(gogoproto.nullable) = false];
  optional string message = 6 [(gogoproto.nullable) = false];
}

message NodeConfigSource {
  optional ConfigMapNodeConfigSource configMap = 2;
}

message NodeConfigStatus {
  optional NodeConfigSource assigned = 1;
  optional NodeConfigSource active = 2;
  optional NodeConfigSource lastKnownGood = 3;
  optional string error = 4 [(gogoproto.nullable) = false];
}

message NodeDaemonEndpoints {
  optional DaemonEndpoint kubeletEndpoint = 1 [(gogoproto.nullable) = false];
}

message NodeFeatures {
  optional bool supplementalGroupsPolicy = 1;
}

message NodeRuntimeHandler {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional NodeRuntimeHandlerFeatures features = 2;
}

message NodeRuntimeHandlerFeatures {
  optional bool recursiveReadOnlyMounts = 1;
  optional bool userNamespaces = 2;
}

message NodeSelector {
  repeated NodeSelectorTerm nodeSelectorTerms = 1;
}

message NodeSelectorRequirement {
  optional string key = 1 [(gogoproto.nullable) = false];
  optional string operator = 2 [(gogoproto.nullable) = false];
  repeated string values = 3;
}

message NodeSelectorTerm {
  repeated NodeSelectorRequirement matchExpressions = 1;
  repeated NodeSelectorRequirement matchFields = 2;
}

message NodeSpec {
  optional string podCIDR = 1 [(gogoproto.nullable) = false];
  repeated string podCIDRs = 7;
  optional string providerID = 3 [(gogoproto.nullable) = false];
  optional bool unschedulable = 4 [(gogoproto.nullable) = false];
  repeated Taint taints = 5;
  optional NodeConfigSource configSource = 6;
  optional string externalID = 2 [(gogoproto.nullable) = false];
}

message NodeStatus {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> capacity = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> allocatable = 2;
  optional string phase = 3 [(gogoproto.nullable) = false];
  repeated NodeCondition conditions = 4;
  repeated NodeAddress addresses = 5;
  optional NodeDaemonEndpoints daemonEndpoints = 6 [(gogoproto.nullable) = false];
  optional NodeSystemInfo nodeInfo = 7 [(gogoproto.nullable) = false];
  repeated ContainerImage images = 8;
  repeated string volumesInUse = 9;
  repeated AttachedVolume volumesAttached = 10;
  optional NodeConfigStatus config = 11;
  repeated NodeRuntimeHandler runtimeHandlers = 12;
  optional NodeFeatures features = 13;
}

message NodeSwapStatus {
  optional int64 capacity = 1;
}

message NodeSystemInfo {
  optional string machineID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string systemUUID = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string bootID = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string kernelVersion = 4 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string osImage = 5 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string containerRuntimeVersion = 6 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string kubeletVersion = 7 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string kubeProxyVersion = 8 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string operatingSystem = 9 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string architecture = 10 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional NodeSwapStatus swap = 11;
}

message ObjectFieldSelector {
  optional string apiVersion = 1 [(gogoproto.nullable) = false];
  optional string fieldPath = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message ObjectReference {
  optional string kind = 1 [(gogoproto.nullable) = false];
  optional string namespace = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
  optional string uid = 4 [(gogoproto.nullable) = false];
  optional string apiVersion = 5 [(gogoproto.nullable) = false];
  optional string resourceVersion = 6 [(gogoproto.nullable) = false];
  optional string fieldPath = 7 [(gogoproto.nullable) = false];
}

message PersistentVolume {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PersistentVolumeSpec spec = 2 [(gogoproto.nullable) = false];
  optional PersistentVolumeStatus status = 3 [(gogoproto.nullable) = false];
}

message PersistentVolumeClaim {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PersistentVolumeClaimSpec spec = 2 [(gogoproto.nullable) = false];
  optional PersistentVolumeClaimStatus status = 3 [(gogoproto.nullable) = false];
}

message PersistentVolumeClaimCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastProbeTime = 3 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4 [(gogoproto.nullable) = false];
  optional string reason = 5 [(gogoproto.nullable) = false];
  optional string message = 6 [(gogoproto.nullable) = false];
}

message PersistentVolumeClaimSpec {
  repeated string accessModes = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 4;
  optional VolumeResourceRequirements resources = 2 [(gogoproto.nullable) = false];
  optional string volumeName = 3 [(gogoproto.nullable) = false];
  optional string storageClassName = 5;
  optional string volumeMode = 6;
  optional TypedLocalObjectReference dataSource = 7;
  optional TypedObjectReference dataSourceRef = 8;
  optional string volumeAttributesClassName = 9;
}

message PersistentVolumeClaimStatus {
  optional string phase = 1 [(gogoproto.nullable) = false];
  repeated string accessModes = 2;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> capacity = 3;
  repeated PersistentVolumeClaimCondition conditions = 4;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> allocatedResources = 5;
  map<string, string> allocatedResourceStatuses = 7;
  optional string currentVolumeAttributesClassName = 8;
  optional ModifyVolumeStatus modifyVolumeStatus = 9;
}

message PersistentVolumeClaimTemplate {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PersistentVolumeClaimSpec spec = 2 [(gogoproto.nullable) = false];
}

message PersistentVolumeClaimVolumeSource {
  optional string claimName = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 2 [(gogoproto.nullable) = false];
}

message PersistentVolumeSource {
  optional GCEPersistentDiskVolumeSource gcePersistentDisk = 1;
  optional AWSElasticBlockStoreVolumeSource awsElasticBlockStore = 2;
  optional HostPathVolumeSource hostPath = 3;
  optional GlusterfsPersistentVolumeSource glusterfs = 4;
  optional NFSVolumeSource nfs = 5;
  optional RBDPersistentVolumeSource rbd = 6;
  optional ISCSIPersistentVolumeSource iscsi = 7;
  optional CinderPersistentVolumeSource cinder = 8;
  optional CephFSPersistentVolumeSource cephfs = 9;
  optional FCVolumeSource fc = 10;
  optional FlockerVolumeSource flocker = 11;
  optional FlexPersistentVolumeSource flexVolume = 12;
  optional AzureFilePersistentVolumeSource azureFile = 13;
  optional VsphereVirtualDiskVolumeSource vsphereVolume = 14;
  optional QuobyteVolumeSource quobyte = 15;
  optional AzureDiskVolumeSource azureDisk = 16;
  optional PhotonPersistentDiskVolumeSource photonPersistentDisk = 17;
  optional PortworxVolumeSource portworxVolume = 18;
  optional ScaleIOPersistentVolumeSource scaleIO = 19;
  optional LocalVolumeSource local = 20;
  optional StorageOSPersistentVolumeSource storageos = 21;
  optional CSIPersistentVolumeSource csi = 22;
}

message PersistentVolumeSpec {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> capacity = 1;
  optional PersistentVolumeSource persistentVolumeSource = 2 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  repeated string accessModes = 3;
  optional ObjectReference claimRef = 4;
  optional string persistentVolumeReclaimPolicy = 5 [(gogoproto.nullable) = false];
  optional string storageClassName = 6 [(gogoproto.nullable) = false];
  repeated string mountOptions = 7;
  optional string volumeMode = 8;
  optional VolumeNodeAffinity nodeAffinity = 9;
  optional string volumeAttributesClassName = 10;
}

message PersistentVolumeStatus {
  optional string phase = 1 [(gogoproto.nullable) = false];
  optional string message = 2 [(gogoproto.nullable) = false];
  optional string reason = 3 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastPhaseTransitionTime = 4;
}

message PhotonPersistentDiskVolumeSource {
  optional string pdID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
}

message Pod {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PodSpec spec = 2 [(gogoproto.nullable) = false];
  optional PodStatus status = 3 [(gogoproto.nullable) = false];
}

message PodAffinity {
  repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}

message PodAffinityTerm {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector labelSelector = 1;
  repeated string namespaces = 2;
  optional string topologyKey = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector namespaceSelector = 4;
  repeated string matchLabelKeys = 5;
  repeated string mismatchLabelKeys = 6;
}

message PodAntiAffinity {
  repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}

message PodCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional int64 observedGeneration = 7 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastProbeTime = 3 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4 [(gogoproto.nullable) = false];
  optional string reason = 5 [(gogoproto.nullable) = false];
  optional string message = 6 [(gogoproto.nullable) = false];
}

message PodDNSConfig {
  repeated string nameservers = 1;
  repeated string searches = 2;
  repeated PodDNSConfigOption options = 3;
}

message PodDNSConfigOption {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string value = 2;
}

message PodIP {
  optional string ip = 1 [(gogoproto.nullable) = false];
}

message PodOS {
  optional string name = 1 [(gogoproto.nullable) = false];
}

message PodReadinessGate {
  optional string conditionType = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message PodResourceClaim {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string resourceClaimName = 3;
  optional string resourceClaimTemplateName = 4;
}

message PodResourceClaimStatus {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string resourceClaimName = 2;
}

message PodSchedulingGate {
  optional string name = 1 [(gogoproto.nullable) = false];
}

message PodSecurityContext {
  optional SELinuxOptions seLinuxOptions = 1;
  optional WindowsSecurityContextOptions windowsOptions = 8;
  optional int64 runAsUser = 2;
  optional int64 runAsGroup = 6;
  optional bool runAsNonRoot = 3;
  repeated int64 supplementalGroups = 4;
  optional string supplementalGroupsPolicy = 12;
  optional int64 fsGroup = 5;
  repeated Sysctl sysctls = 7;
  optional string fsGroupChangePolicy = 9;
  optional SeccompProfile seccompProfile = 10;
  optional AppArmorProfile appArmorProfile = 11;
  optional string seLinuxChangePolicy = 13;
}

message PodSpec {
  repeated Volume volumes = 1;
  repeated Container initContainers = 20;
  repeated Container containers = 2;
  repeated EphemeralContainer ephemeralContainers = 34;
  optional string restartPolicy = 3 [(gogoproto.nullable) = false];
  optional int64 terminationGracePeriodSeconds = 4;
  optional int64 activeDeadlineSeconds = 5;
  optional string dnsPolicy = 6 [(gogoproto.nullable) = false];
  map<string, string> nodeSelector = 7;
  optional string serviceAccountName = 8 [(gogoproto.nullable) = false];
  optional string serviceAccount = 9 [(gogoproto.nullable) = false];
  optional bool automountServiceAccountToken = 21;
  optional string nodeName = 10 [(gogoproto.nullable) = false];
  optional bool hostNetwork = 11 [(gogoproto.nullable) = false];
  optional bool hostPID = 12 [(gogoproto.nullable) = false];
  optional bool hostIPC = 13 [(gogoproto.nullable) = false];
  optional bool shareProcessNamespace = 27;
  optional PodSecurityContext securityContext = 14;
  repeated LocalObjectReference imagePullSecrets = 15;
  optional string hostname = 16 [(gogoproto.nullable) = false];
  optional string subdomain = 17 [(gogoproto.nullable) = false];
  optional Affinity affinity = 18;
  optional string schedulerName = 19 [(gogoproto.nullable) = false];
  repeated Toleration tolerations = 22;
  repeated HostAlias hostAliases = 23;
  optional string priorityClassName = 24 [(gogoproto.nullable) = false];
  optional int32 priority = 25;
  optional PodDNSConfig dnsConfig = 26;
  repeated PodReadinessGate readinessGates = 28;
  optional string runtimeClassName = 29;
  optional bool enableServiceLinks = 30;
  optional string preemptionPolicy = 31;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> overhead = 32;
  repeated TopologySpreadConstraint topologySpreadConstraints = 33;
  optional bool setHostnameAsFQDN = 35;
  optional PodOS os = 36;
  optional bool hostUsers = 37;
  repeated PodSchedulingGate schedulingGates = 38;
  repeated PodResourceClaim resourceClaims = 39;
  optional ResourceRequirements resources = 40;
}

message PodStatus {
  optional int64 observedGeneration = 17 [(gogoproto.nullable) = false];
  optional string phase = 1 [(gogoproto.nullable) = false];
  repeated PodCondition conditions = 2;
  optional string message = 3 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string nominatedNodeName = 11 [(gogoproto.nullable) = false];
  optional string hostIP = 5 [(gogoproto.nullable) = false];
  repeated HostIP hostIPs = 16;
  optional string podIP = 6 [(gogoproto.nullable) = false];
  repeated PodIP podIPs = 12;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time startTime = 7;
  repeated ContainerStatus initContainerStatuses = 10;
  repeated ContainerStatus containerStatuses = 8;
  optional string qosClass = 9 [(gogoproto.nullable) = false];
  repeated ContainerStatus ephemeralContainerStatuses = 13;
  optional string resize = 14 [(gogoproto.nullable) = false];
  repeated PodResourceClaimStatus resourceClaimStatuses = 15;
}

message PodStatusResult {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PodStatus status = 2 [(gogoproto.nullable) = false];
}

message PodTemplate {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PodTemplateSpec template = 2 [(gogoproto.nullable) = false];
}

message PodTemplateSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional PodSpec spec = 2 [(gogoproto.nullable) = false];
}

message PortStatus {
  optional int32 port = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string protocol = 2 [(gogoproto.nullable) = false];
  optional string error = 3;
}

message PortworxVolumeSource {
  optional string volumeID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
}

message PreferredSchedulingTerm {
  optional int32 weight = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional NodeSelectorTerm preference = 2 [(gogoproto.nullable) = false];
}

message Probe {
  optional ProbeHandler handler = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional int32 initialDelaySeconds = 2 [(gogoproto.nullable) = false];
  optional int32 timeoutSeconds = 3 [(gogoproto.nullable) = false];
  optional int32 periodSeconds = 4 [(gogoproto.nullable) = false];
  optional int32 successThreshold = 5 [(gogoproto.nullable) = false];
  optional int32 failureThreshold = 6 [(gogoproto.nullable) = false];
  optional int64 terminationGracePeriodSeconds = 7;
}

message ProbeHandler {
  optional ExecAction exec = 1;
  optional HTTPGetAction httpGet = 2;
  optional TCPSocketAction tcpSocket = 3;
  optional GRPCAction grpc = 4;
}

message ProjectedVolumeSource {
  repeated VolumeProjection sources = 1;
  optional int32 defaultMode = 2;
}

message QuobyteVolumeSource {
  optional string registry = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string volume = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional string user = 4 [(gogoproto.nullable) = false];
  optional string group = 5 [(gogoproto.nullable) = false];
  optional string tenant = 6 [(gogoproto.nullable) = false];
}

message RBDPersistentVolumeSource {
  repeated string monitors = 1;
  optional string image = 2 [(gogoproto.nullable) = false];
  optional string fsType = 3 [(gogoproto.nullable) = false];
  optional string pool = 4 [(gogoproto.nullable) = false];
  optional string user = 5 [(gogoproto.nullable) = false];
  optional string keyring = 6 [(gogoproto.nullable) = false];
  optional SecretReference secretRef = 7;
  optional bool readOnly = 8 [(gogoproto.nullable) = false];
}

message RBDVolumeSource {
  repeated string monitors = 1;
  optional string image = 2 [(gogoproto.nullable) = false];
  optional string fsType = 3 [(gogoproto.nullable) = false];
  optional string pool = 4 [(gogoproto.nullable) = false];
  optional string user = 5 [(gogoproto.nullable) = false];
  optional string keyring = 6 [(gogoproto.nullable) = false];
  optional LocalObjectReference secretRef = 7;
  optional bool readOnly = 8 [(gogoproto.nullable) = false];
}

message RangeAllocation {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional string range = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bytes data = 3;
}

message ReplicationController {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ReplicationControllerSpec spec = 2 [(gogoproto.nullable) = false];
  optional ReplicationControllerStatus status = 3 [(gogoproto.nullable) = false];
}

message ReplicationControllerCondition {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string status = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 3 [(gogoproto.nullable) = false];
  optional string reason = 4 [(gogoproto.nullable) = false];
  optional string message = 5 [(gogoproto.nullable) = false];
}

message ReplicationControllerSpec {
  optional int32 replicas = 1;
  optional int32 minReadySeconds = 4 [(gogoproto.nullable) = false];
  map<string, string> selector = 2;
  optional PodTemplateSpec template = 3;
}

message ReplicationControllerStatus {
  optional int32 replicas = 1 [(gogoproto.nullable) = false];
  optional int32 fullyLabeledReplicas = 2 [(gogoproto.nullable) = false];
  optional int32 readyReplicas = 4 [(gogoproto.nullable) = false];
  optional int32 availableReplicas = 5 [(gogoproto.nullable) = false];
  optional int64 observedGeneration = 3 [(gogoproto.nullable) = false];
  repeated ReplicationControllerCondition conditions = 6;
}

message ResourceClaim {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string request = 2 [(gogoproto.nullable) = false];
}

message ResourceFieldSelector {
  optional string containerName = 1 [(gogoproto.nullable) = false];
  optional string resource = 2 [(gogoproto.nullable) = false];
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity divisor = 3 [(gogoproto.nullable) = false];
}

message ResourceHealth {
  optional string resourceID = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string health = 2 [(gogoproto.nullable) = false];
}

message ResourceQuota {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ResourceQuotaSpec spec = 2 [(gogoproto.nullable) = false];
  optional ResourceQuotaStatus status = 3 [(gogoproto.nullable) = false];
}

message ResourceQuotaSpec {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> hard = 1;
  repeated string scopes = 2;
  optional ScopeSelector scopeSelector = 3;
}

message ResourceQuotaStatus {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> hard = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> used = 2;
}

message ResourceRequirements {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> limits = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> requests = 2;
  repeated ResourceClaim claims = 3;
}

message ResourceStatus {
  optional string name = 1 [(gogoproto.nullable) = false];
  repeated ResourceHealth resources = 2;
}

message SELinuxOptions {
  optional string user = 1 [(gogoproto.nullable) = false];
  optional string role = 2 [(gogoproto.nullable) = false];
  optional string type = 3 [(gogoproto.nullable) = false];
  optional string level = 4 [(gogoproto.nullable) = false];
}

message ScaleIOPersistentVolumeSource {
  optional string gateway = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string system = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional SecretReference secretRef = 3;
  optional bool sslEnabled = 4 [(gogoproto.nullable) = false];
  optional string protectionDomain = 5 [(gogoproto.nullable) = false];
  optional string storagePool = 6 [(gogoproto.nullable) = false];
  optional string storageMode = 7 [(gogoproto.nullable) = false];
  optional string volumeName = 8 [(gogoproto.nullable) = false];
  optional string fsType = 9 [(gogoproto.nullable) = false];
  optional bool readOnly = 10 [(gogoproto.nullable) = false];
}

message ScaleIOVolumeSource {
  optional string gateway = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string system = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional LocalObjectReference secretRef = 3;
  optional bool sslEnabled = 4 [(gogoproto.nullable) = false];
  optional string protectionDomain = 5 [(gogoproto.nullable) = false];
  optional string storagePool = 6 [(gogoproto.nullable) = false];
  optional string storageMode = 7 [(gogoproto.nullable) = false];
  optional string volumeName = 8 [(gogoproto.nullable) = false];
  optional string fsType = 9 [(gogoproto.nullable) = false];
  optional bool readOnly = 10 [(gogoproto.nullable) = false];
}

message ScopeSelector {
  repeated ScopedResourceSelectorRequirement matchExpressions = 1;
}

message ScopedResourceSelectorRequirement {
  optional string scopeName = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string operator = 2 [(gogoproto.nullable) = false];
  repeated string values = 3;
}

message SeccompProfile {
  optional string type = 1 [(gogoproto.nullable) = false];
  optional string localhostProfile = 2;
}

message Secret {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional bool immutable = 5;
  map<string, bytes> data = 2;
  map<string, string> stringData = 4;
  optional string type = 3 [(gogoproto.nullable) = false];
}

message SecretEnvSource {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional bool optional = 2;
}

message SecretKeySelector {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  optional string key = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool optional = 3;
}

message SecretProjection {
  optional LocalObjectReference localObjectReference = 1 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
  repeated KeyToPath items = 2;
  optional bool optional = 4;
}

message SecretReference {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string namespace = 2 [(gogoproto.nullable) = false];
}

message SecretVolumeSource {
  optional string secretName = 1 [(gogoproto.nullable) = false];
  repeated KeyToPath items = 2;
  optional int32 defaultMode = 3;
  optional bool optional = 4;
}

message SecurityContext {
  optional Capabilities capabilities = 1;
  optional bool privileged = 2;
  optional SELinuxOptions seLinuxOptions = 3;
  optional WindowsSecurityContextOptions windowsOptions = 10;
  optional int64 runAsUser = 4;
  optional int64 runAsGroup = 8;
  optional bool runAsNonRoot = 5;
  optional bool readOnlyRootFilesystem = 6;
  optional bool allowPrivilegeEscalation = 7;
  optional string procMount = 9;
  optional SeccompProfile seccompProfile = 11;
  optional AppArmorProfile appArmorProfile = 12;
}

message Service {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  optional ServiceSpec spec = 2 [(gogoproto.nullable) = false];
  optional ServiceStatus status = 3 [(gogoproto.nullable) = false];
}

message ServiceAccount {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1 [(gogoproto.nullable) = false];
  repeated ObjectReference secrets = 2;
  repeated LocalObjectReference imagePullSecrets = 3;
  optional bool automountServiceAccountToken = 4;
}

message ServiceAccountTokenProjection {
  optional string audience = 1 [(gogoproto.nullable) = false];
  optional int64 expirationSeconds = 2;
  optional string path = 3 [(gogoproto.nullable) = false];
}

message ServicePort {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string protocol = 2 [(gogoproto.nullable) = false];
  optional string appProtocol = 6;
  optional int32 port = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString targetPort = 4 [(gogoproto.nullable) = false];
  optional int32 nodePort = 5 [(gogoproto.nullable) = false];
}

message ServiceSpec {
  repeated ServicePort ports = 1;
  map<string, string> selector = 2;
  optional string clusterIP = 3 [(gogoproto.nullable) = false];
  repeated string clusterIPs = 18;
  optional string type = 4 [(gogoproto.nullable) = false];
  repeated string externalIPs = 5;
  optional string sessionAffinity = 7 [(gogoproto.nullable) = false];
  optional string loadBalancerIP = 8 [(gogoproto.nullable) = false];
  repeated string loadBalancerSourceRanges = 9;
  optional string externalName = 10 [(gogoproto.nullable) = false];
  optional string externalTrafficPolicy = 11 [(gogoproto.nullable) = false];
  optional int32 healthCheckNodePort = 12 [(gogoproto.nullable) = false];
  optional bool publishNotReadyAddresses = 13 [(gogoproto.nullable) = false];
  optional SessionAffinityConfig sessionAffinityConfig = 14;
  repeated string ipFamilies = 19;
  optional string ipFamilyPolicy = 17;
  optional bool allocateLoadBalancerNodePorts = 20;
  optional string loadBalancerClass = 21;
  optional string internalTrafficPolicy = 22;
  optional string trafficDistribution = 23;
}

message ServiceStatus {
  optional LoadBalancerStatus loadBalancer = 1 [(gogoproto.nullable) = false];
  repeated .k8s.io.apimachinery.pkg.apis.meta.v1.Condition conditions = 2;
}

message SessionAffinityConfig {
  optional ClientIPConfig clientIP = 1;
}

message SleepAction {
  optional int64 seconds = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message StorageOSPersistentVolumeSource {
  optional string volumeName = 1 [(gogoproto.nullable) = false];
  optional string volumeNamespace = 2 [(gogoproto.nullable) = false];
  optional string fsType = 3 [(gogoproto.nullable) = false];
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
  optional ObjectReference secretRef = 5;
}

message StorageOSVolumeSource {
  optional string volumeName = 1 [(gogoproto.nullable) = false];
  optional string volumeNamespace = 2 [(gogoproto.nullable) = false];
  optional string fsType = 3 [(gogoproto.nullable) = false];
  optional bool readOnly = 4 [(gogoproto.nullable) = false];
  optional LocalObjectReference secretRef = 5;
}

message Sysctl {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string value = 2 [(gogoproto.nullable) = false];
}

message TCPSocketAction {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString port = 1 [(gogoproto.nullable) = false];
  optional string host = 2 [(gogoproto.nullable) = false];
}

message Taint {
  optional string key = 1 [(gogoproto.nullable) = false];
  optional string value = 2 [(gogoproto.nullable) = false];
  optional string effect = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.Time timeAdded = 4;
}

message Toleration {
  optional string key = 1 [(gogoproto.nullable) = false];
  optional string operator = 2 [(gogoproto.nullable) = false];
  optional string value = 3 [(gogoproto.nullable) = false];
  optional string effect = 4 [(gogoproto.nullable) = false];
  optional int64 tolerationSeconds = 5;
}

message TopologySpreadConstraint {
  optional int32 maxSkew = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string topologyKey = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string whenUnsatisfiable = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector labelSelector = 4;
  optional int32 minDomains = 5;
  optional string nodeAffinityPolicy = 6;
  optional string nodeTaintsPolicy = 7;
  repeated string matchLabelKeys = 8;
}

message TypedLocalObjectReference {
  optional string apiGroup = 1;
  optional string kind = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
}

message TypedObjectReference {
  optional string apiGroup = 1;
  optional string kind = 2 [(gogoproto.nullable) = false];
  optional string name = 3 [(gogoproto.nullable) = false];
  optional string namespace = 4;
}

message Volume {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional VolumeSource volumeSource = 2 [(gogoproto.nullable) = false, (gogoproto.embed) = true];
}

message VolumeDevice {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string devicePath = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
}

message VolumeMount {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional bool readOnly = 2 [(gogoproto.nullable) = false];
  optional string recursiveReadOnly = 7;
  optional string mountPath = 3 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string subPath = 4 [(gogoproto.nullable) = false];
  optional string mountPropagation = 5;
  optional string subPathExpr = 6 [(gogoproto.nullable) = false];
}

message VolumeMountStatus {
  optional string name = 1 [(gogoproto.nullable) = false];
  optional string mountPath = 2 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional bool readOnly = 3 [(gogoproto.nullable) = false];
  optional string recursiveReadOnly = 4;
}

message VolumeNodeAffinity {
  optional NodeSelector required = 1;
}

message VolumeProjection {
  optional SecretProjection secret = 1;
  optional DownwardAPIProjection downwardAPI = 2;
  optional ConfigMapProjection configMap = 3;
  optional ServiceAccountTokenProjection serviceAccountToken = 4;
  optional ClusterTrustBundleProjection clusterTrustBundle = 5;
}

message VolumeResourceRequirements {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> limits = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> requests = 2;
}

message VolumeSource {
  optional HostPathVolumeSource hostPath = 1;
  optional EmptyDirVolumeSource emptyDir = 2;
  optional GCEPersistentDiskVolumeSource gcePersistentDisk = 3;
  optional AWSElasticBlockStoreVolumeSource awsElasticBlockStore = 4;
  optional GitRepoVolumeSource gitRepo = 5;
  optional SecretVolumeSource secret = 6;
  optional NFSVolumeSource nfs = 7;
  optional ISCSIVolumeSource iscsi = 8;
  optional GlusterfsVolumeSource glusterfs = 9;
  optional PersistentVolumeClaimVolumeSource persistentVolumeClaim = 10;
  optional RBDVolumeSource rbd = 11;
  optional FlexVolumeSource flexVolume = 12;
  optional CinderVolumeSource cinder = 13;
  optional CephFSVolumeSource cephfs = 14;
  optional FlockerVolumeSource flocker = 15;
  optional DownwardAPIVolumeSource downwardAPI = 16;
  optional FCVolumeSource fc = 17;
  optional AzureFileVolumeSource azureFile = 18;
  optional ConfigMapVolumeSource configMap = 19;
  optional VsphereVirtualDiskVolumeSource vsphereVolume = 20;
  optional QuobyteVolumeSource quobyte = 21;
  optional AzureDiskVolumeSource azureDisk = 22;
  optional PhotonPersistentDiskVolumeSource photonPersistentDisk = 23;
  optional ProjectedVolumeSource projected = 26;
  optional PortworxVolumeSource portworxVolume = 24;
  optional ScaleIOVolumeSource scaleIO = 25;
  optional StorageOSVolumeSource storageos = 27;
  optional CSIVolumeSource csi = 28;
  optional EphemeralVolumeSource ephemeral = 29;
  optional ImageVolumeSource image = 30;
}

message VsphereVirtualDiskVolumeSource {
  optional string volumePath = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional string fsType = 2 [(gogoproto.nullable) = false];
  optional string storagePolicyName = 3 [(gogoproto.nullable) = false];
  optional string storagePolicyID = 4 [(gogoproto.nullable) = false];
}

message WeightedPodAffinityTerm {
  optional int32 weight = 1 [(gogoproto.nullable) = false, (json.omitempty) = false];
  optional PodAffinityTerm podAffinityTerm = 2 [(gogoproto.nullable) = false];
}

message WindowsSecurityContextOptions {
  optional string gmsaCredentialSpecName = 1;
  optional string gmsaCredentialSpec = 2;
  optional string runAsUserName = 3;
  optional bool hostProcess = 4;
}
`;
