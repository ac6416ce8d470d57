using System.Text.Json.Nodes;
using Platform.Sandbox.Api;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;

namespace Platform.Sandbox.Certificates;

/// <summary>
/// The NodeRestriction admission plugin's rule for PodCertificateRequests: a <c>system:node:&lt;n&gt;</c> identity may
/// only create a request naming itself, for a pod bound to it, with the node, pod and service-account UIDs of the
/// objects as stored. Mismatches an informer lag could explain are internal errors (retried), the rest Forbidden.
/// </summary>
internal static class PodCertificateNodeRestriction
{
    private const string NodePrefix = "system:node:";

    public static void Admit(IObjectStoreReader store, ResourceType type, string ns, string name, AdmissionUserInfo user, JsonObject request)
    {
        if (!user.Username.StartsWith(NodePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var node = user.Username[NodePrefix.Length..];
        var spec = request["spec"] as JsonObject ?? [];
        var podName = ObjectJson.Str(spec["podName"]);
        var nodeName = ObjectJson.Str(spec["nodeName"]);
        var podRef = $"{ns}/{podName}";
        if (nodeName != node)
        {
            throw ApiErrors.Forbidden(type, name, $"PodCertificateRequest.Spec.NodeName=\"{nodeName}\", which is not the requesting node \"{node}\"");
        }

        var nodeObject = store.Get("", "v1", "nodes", "", nodeName)
            ?? throw ApiErrors.Internal($"while retrieving node \"{nodeName}\" named in the PodCertificateRequest: node \"{nodeName}\" not found");
        if (ObjectJson.Str(nodeObject["metadata"]?["uid"]) != ObjectJson.Str(spec["nodeUID"]))
        {
            throw ApiErrors.Internal($"PodCertificateRequest for pod \"{podRef}\" names node UID \"{ObjectJson.Str(spec["nodeUID"])}\", inconsistent with the running node (\"{ObjectJson.Str(nodeObject["metadata"]?["uid"])}\")");
        }

        var pod = store.Get("", "v1", "pods", ns, podName)
            ?? throw ApiErrors.Internal($"while retrieving pod \"{podRef}\" named in the PodCertificateRequest: pod \"{podName}\" not found");
        if (ObjectJson.Str(pod["metadata"]?["uid"]) != ObjectJson.Str(spec["podUID"]))
        {
            throw ApiErrors.Internal($"PodCertificateRequest for pod \"{podRef}\" contains pod UID (\"{ObjectJson.Str(spec["podUID"])}\") which differs from running pod \"{ObjectJson.Str(pod["metadata"]?["uid"])}\"");
        }

        if (ObjectJson.Str(pod["spec"]?["nodeName"]) != nodeName)
        {
            throw ApiErrors.Forbidden(type, name, $"pod \"{podRef}\" is not running on node \"{nodeName}\" named in the PodCertificateRequest");
        }

        if (pod["metadata"]?["annotations"]?["kubernetes.io/config.mirror"] is not null)
        {
            throw ApiErrors.Forbidden(type, name, $"pod \"{podRef}\" is a mirror pod");
        }

        var podAccount = ObjectJson.Str(pod["spec"]?["serviceAccountName"]);
        var account = ObjectJson.Str(spec["serviceAccountName"]);
        if (account != podAccount)
        {
            throw ApiErrors.Forbidden(type, name, $"PodCertificateRequest for pod \"{podRef}\" contains serviceAccountName (\"{account}\") that differs from running pod (\"{podAccount}\")");
        }

        var serviceAccount = store.Get("", "v1", "serviceaccounts", ns, account)
            ?? throw ApiErrors.Internal($"while retrieving service account \"{ns}/{account}\" named in the PodCertificateRequest: serviceaccount \"{account}\" not found");
        if (ObjectJson.Str(serviceAccount["metadata"]?["uid"]) != ObjectJson.Str(spec["serviceAccountUID"]))
        {
            throw ApiErrors.Internal($"PodCertificateRequest for pod \"{podRef}\" names service account UID \"{ObjectJson.Str(spec["serviceAccountUID"])}\", which differs from the running service account (\"{ObjectJson.Str(serviceAccount["metadata"]?["uid"])}\")");
        }
    }
}
