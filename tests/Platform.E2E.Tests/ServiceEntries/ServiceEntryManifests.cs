namespace Platform.E2E.Tests.ServiceEntries;

/// <summary>ServiceEntry manifests as users write them (YAML fed to kubectl).</summary>
internal static class ServiceEntryManifests
{
    /// <summary>Istio's "external-svc-https" documentation example: TLS to two external hosts, DNS resolution.</summary>
    public static string ExternalHttps(string apiVersion, string name, string ns) => $"""
        apiVersion: networking.istio.io/{apiVersion}
        kind: ServiceEntry
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          hosts:
          - api.dropboxapi.com
          - www.googleapis.com
          location: MESH_EXTERNAL
          ports:
          - number: 443
            name: https
            protocol: TLS
          resolution: DNS
        """;

    /// <summary>A ServiceEntry whose spec is <paramref name="specYaml"/> (indented by two spaces per level, starting at column 0).</summary>
    public static string WithSpec(string name, string ns, string specYaml) =>
        $"apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n"
        + string.Concat(specYaml.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));
}
