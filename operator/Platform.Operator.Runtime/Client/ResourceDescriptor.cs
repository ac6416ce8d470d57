using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Operator.Runtime.Client;

/// <summary>Where a kind lives on the API server: group, version, plural, and whether it is namespaced.</summary>
internal sealed record ResourceDescriptor(string Group, string Version, string Plural, string Kind, bool IsNamespaced)
{
    private static readonly ConcurrentDictionary<Type, ResourceDescriptor> Cache = new();

    // Built-in kinds carry [KubernetesEntity] but no scope; these are the cluster-scoped ones we may watch.
    private static readonly HashSet<string> ClusterScopedBuiltIns = new(StringComparer.Ordinal)
    {
        "/Node", "/Namespace", "/PersistentVolume", "/ComponentStatus",
        "certificates.k8s.io/CertificateSigningRequest", "certificates.k8s.io/ClusterTrustBundle",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "apiextensions.k8s.io/CustomResourceDefinition", "storage.k8s.io/StorageClass",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "networking.k8s.io/IngressClass", "networking.k8s.io/IPAddress", "networking.k8s.io/ServiceCIDR",
        "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass", "apiregistration.k8s.io/APIService",
        "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
    };

    /// <summary>apiVersion as written in objects: v1 or group/version.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>A short name for logs and metric labels, e.g. services or ipaddresspools.metallb.io.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The descriptor of a type marked with <c>[KubernetesEntity]</c>.</summary>
    public static ResourceDescriptor For<TEntity>() => For(typeof(TEntity));

    /// <summary>The descriptor of a type marked with <c>[KubernetesEntity]</c>.</summary>
    public static ResourceDescriptor For(Type type) => Cache.GetOrAdd(type, Create);

    /// <summary>The collection path, e.g. api/v1/namespaces/ns/services or apis/g/v/plural.</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return IsNamespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    /// <summary>The path of one object, optionally of a subresource.</summary>
    public string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        if (IsNamespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Kind} is namespaced: a namespace is required for '{name}'.", nameof(@namespace));
        }

        var path = $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    private static ResourceDescriptor Create(Type type)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [KubernetesEntity] attribute, so its API path is unknown.");
        if (string.IsNullOrEmpty(entity.ApiVersion) || string.IsNullOrEmpty(entity.Kind) || string.IsNullOrEmpty(entity.PluralName))
        {
            throw new ArgumentException($"{type.Name}'s [KubernetesEntity] needs ApiVersion, Kind and PluralName.");
        }

        var group = entity.Group ?? string.Empty;
        var scope = type.GetCustomAttribute<EntityScopeAttribute>();
        var namespaced = scope is not null
            ? scope.Scope == EntityScope.Namespaced
            : !ClusterScopedBuiltIns.Contains($"{group}/{entity.Kind}");
        return new ResourceDescriptor(group, entity.ApiVersion, entity.PluralName, entity.Kind, namespaced);
    }
}
