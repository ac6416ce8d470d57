namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// The messages of k8s.io/apimachinery pkg/apis/meta/v1 generated.proto the sandbox decodes, in <see cref="MessageType"/> notation; field
/// numbers, names and Go pointer-ness are upstream's.
/// </summary>
internal static class MetaMessages
{
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Condition"] =
            "1 type string; 2 status string; 3 observedGeneration int64; 4 lastTransitionTime Time; " +
            "5 reason string; 6 message string",
        ["LabelSelector"] = "1 matchLabels map<string,string>; 2 matchExpressions []LabelSelectorRequirement",
        ["LabelSelectorRequirement"] = "1 key string; 2 operator string; 3 values []string",
        ["ObjectMeta"] =
            "1 name string; 2 generateName string; 3 namespace string; 4 selfLink string; 5 uid string; " +
            "6 resourceVersion string; 7 generation int64; 8 creationTimestamp Time; 9 deletionTimestamp Time?; " +
            "10 deletionGracePeriodSeconds int64?; 11 labels map<string,string>; " +
            "12 annotations map<string,string>; 13 ownerReferences []OwnerReference; 14 finalizers []string; " +
            "17 managedFields []ManagedFieldsEntry!",
        ["OwnerReference"] =
            "5 apiVersion string; 1 kind string; 3 name string; 4 uid string; 6 controller bool?; " +
            "7 blockOwnerDeletion bool?",
    };
}
