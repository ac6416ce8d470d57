namespace Platform.Sandbox.Semantics;

/// <summary>
/// The strategic-merge metadata (patchMergeKey / patchStrategy) of the built-in fields the suite touches,
/// keyed by field path with list indices removed (e.g. <c>spec.template.spec.containers.ports</c>).
/// Lists not described here are replaced atomically, as for types without patch metadata.
/// </summary>
internal static class PatchMergeKeys
{
    /// <summary>The merge key for a list of objects, or null when the list is atomic.</summary>
    public static string? KeyFor(string kind, string path)
    {
        var field = path[(path.LastIndexOf('.') + 1)..];
        var parent = path.Contains('.') ? path[..path.LastIndexOf('.')] : "";
        var parentField = parent[(parent.LastIndexOf('.') + 1)..];
        var inContainer = parentField is "containers" or "initContainers" or "ephemeralContainers";
        return field switch
        {
            "containers" or "initContainers" or "ephemeralContainers" => "name",
            "ports" when inContainer => "containerPort",
            "ports" when kind == "Service" && path == "spec.ports" => "port",
            "env" when inContainer => "name",
            "volumeMounts" when inContainer => "mountPath",
            "volumeDevices" when inContainer => "devicePath",
            "resizePolicy" when inContainer => "resourceName",
            "volumes" or "imagePullSecrets" => "name",
            "hostAliases" => "ip",
            "topologySpreadConstraints" => "topologyKey",
            "conditions" when parentField == "status" => "type",
            "addresses" when kind == "Node" && path == "status.addresses" => "type",
            "podIPs" or "hostIPs" => "ip",
            "ownerReferences" when path == "metadata.ownerReferences" => "uid",
            "webhooks" when kind.EndsWith("WebhookConfiguration", StringComparison.Ordinal) => "name",
            "taints" when kind == "Node" => "key",
            _ => null,
        };
    }

    /// <summary>True for lists of scalars merged as sets (patchStrategy merge).</summary>
    public static bool IsMergedScalarList(string path) => path == "metadata.finalizers";
}
